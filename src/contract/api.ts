import { WorkloadContract } from './contract';
import { ContractIssue, formatIssue } from './issue';
import { CONTRACT_SCHEMA_ID_V1, contractJsonSchemaV1 } from './json-schema';
import { ContractParseResult, parseContract, parseContractFile } from './parse';
import { resolveContract } from './resolve';
import { ResolvedWorkload } from './resolved';

/**
 * Entry point of the contract plane: parse, validate and resolve `zave.yaml`.
 *
 * ```ts
 * const { contract, issues } = Contract.parse('service: payments-api\nexposure: public-http\n');
 * const workload = Contract.resolve(contract!);
 * ```
 */
export class Contract {
  /** The stable URL (`$id`) of the contract v1 JSON Schema; also its path in the package, `schemas/zave.dev/v1.json`. */
  public static readonly SCHEMA_ID_V1: string = CONTRACT_SCHEMA_ID_V1;

  /** Parses contract text. Never throws on bad input: problems come back as `issues`. */
  public static parse(text: string, file?: string): ContractParseResult {
    return parseContract(text, file ?? 'zave.yaml');
  }

  /** Reads and parses a contract file. */
  public static parseFile(path: string): ContractParseResult {
    return parseContractFile(path);
  }

  /** Applies platform defaults to a valid contract. */
  public static resolve(contract: WorkloadContract): ResolvedWorkload {
    return resolveContract(contract);
  }

  /** Parses and resolves in one step; throws with every issue formatted when the contract is invalid. */
  public static load(text: string, file?: string): ResolvedWorkload {
    const result = parseContract(text, file ?? 'zave.yaml');
    if (!result.contract) throw new Error(result.issues.map(formatIssue).join('\n'));
    return resolveContract(result.contract);
  }

  /** The JSON Schema (draft-07) of contract v1, for editors and other tools. Frozen: it never changes. */
  public static jsonSchemaV1(): Record<string, unknown> {
    return contractJsonSchemaV1();
  }

  /** Renders an issue for people: `zave.yaml:3:12 exposure: ... [code]`. */
  public static formatIssue(issue: ContractIssue): string {
    return formatIssue(issue);
  }

  private constructor() {}
}
