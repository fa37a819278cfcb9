import * as fs from 'fs';
import { WorkloadContract } from './contract';
import { ContractIssue, IssueCode } from './issue';
import { CheckedFields, crossFieldViolations } from './rules';
import { CONTRACT_FIELDS, contractSchemaV1 } from './schema';
import { readFlatMapping } from '../common/flat-yaml';
import { readYamlInput, locate, MAX_INPUT_BYTES, tooLargeIssue } from '../common/yaml-input';
import { zodToIssues } from '../common/zod-issues';

/**
 * Result of parsing a contract: the contract when valid, and every issue found.
 */
export interface ContractParseResult {
  /** The contract exactly as written; undefined when there are issues. */
  readonly contract?: WorkloadContract;
  /** All problems, sorted by position. Empty when the contract is valid. */
  readonly issues: ContractIssue[];
}

/** Sorts issues by file, line, column, code: one stable order for every report. */
export function sortIssues(issues: ContractIssue[]): ContractIssue[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0); // code-unit order: independent of the locale
  return [...issues].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.code, b.code) || cmp(a.path, b.path));
}

/** Parses and validates contract text (or bytes). Never throws on bad input. */
export function parseContract(input: string | Uint8Array, file = 'zave.yaml'): ContractParseResult {
  // Fast path: a valid contract in the flat subset (most of them) needs no general YAML parser.
  // Anything else, every invalid contract included, goes through the general path, which locates each issue.
  const flat = readFlatMapping(input);
  if (flat !== undefined) {
    const result = contractSchemaV1.safeParse(flat);
    if (result.success && crossFieldViolations(checkedFields(flat, new Set())).length === 0) {
      return { contract: result.data as WorkloadContract, issues: [] };
    }
  }
  return parseContractGeneral(input, file);
}

/**
 * `parseContract` through the general YAML parser alone: the path every contract outside the flat
 * subset takes. Exported for the test that holds both paths to the same results.
 * @internal
 */
export function parseContractGeneral(input: string | Uint8Array, file = 'zave.yaml'): ContractParseResult {
  const yaml = readYamlInput(input, file);
  if (yaml.issues.length > 0 || yaml.value === undefined) return { issues: sortIssues(yaml.issues) };
  const raw = yaml.value as Record<string, unknown>;
  const result = contractSchemaV1.safeParse(raw);
  const issues: ContractIssue[] = result.success ? [] : zodToIssues(result.error, yaml, () => CONTRACT_FIELDS);

  // Cross-field rules run on the fields that passed on their own, so one run reports everything.
  const bad = new Set(issues.map((i) => i.path.split('.')[0]));
  for (const v of crossFieldViolations(checkedFields(raw, bad))) {
    const pos = locate(yaml, [v.path]);
    issues.push({ code: v.code, file, line: pos.line, column: pos.column, path: v.path, message: v.message, ...(v.hint ? { hint: v.hint } : {}) });
  }
  if (issues.length > 0 || !result.success) return { issues: sortIssues(issues) };
  return { contract: result.data as WorkloadContract, issues: [] };
}

/** The fields the cross-field rules look at: those that are strings and not among the `bad` ones. */
function checkedFields(raw: Record<string, unknown>, bad: ReadonlySet<string>): CheckedFields {
  const ok = (k: string) => (!bad.has(k) && typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  return { exposure: ok('exposure'), strategy: ok('strategy'), schedule: ok('schedule'), scheduleGiven: raw.schedule !== undefined };
}

/**
 * Reads a contract file's bytes without parsing them: a regular file within the size cap, checked
 * before it is read (a FIFO would block the read, a device would never end). A missing or unreadable
 * file is an issue, not an exception.
 */
export function readContractBytes(path: string, displayName = path): { readonly bytes: Buffer } | { readonly issues: ContractIssue[] } {
  const unreadable = (message: string, hint: string) =>
    ({ issues: [{ code: IssueCode.FILE_NOT_FOUND, file: displayName, line: 1, column: 1, path: '', message, hint }] });
  let bytes: Buffer;
  try {
    const stat = fs.statSync(path);
    if (stat.isDirectory()) return unreadable('is a directory, not a file', `give the file inside it, e.g. ${displayName.replace(/\/+$/, '')}/zave.yaml`);
    if (!stat.isFile()) return unreadable('is not a regular file', 'give the path of a zave.yaml file');
    if (stat.size > MAX_INPUT_BYTES) return { issues: [tooLargeIssue(displayName, stat.size)] };
    bytes = fs.readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return unreadable('file not found', 'run the command in the directory that holds zave.yaml, or give its path');
    if (code === 'EACCES') return unreadable('permission denied: the file cannot be read', 'check the file permissions');
    return unreadable(`cannot read file (${code ?? (e as Error).message})`, 'check that the path is a readable file');
  }
  if (bytes.byteLength > MAX_INPUT_BYTES) return { issues: [tooLargeIssue(displayName, bytes.byteLength)] };
  return { bytes };
}

/** Reads and parses a contract file. A missing or unreadable file is an issue, not an exception. */
export function parseContractFile(path: string, displayName = path): ContractParseResult {
  const read = readContractBytes(path, displayName);
  return 'bytes' in read ? parseContract(read.bytes, displayName) : { issues: read.issues };
}
