import * as fs from 'fs';
import * as path from 'path';
import { ZaveServiceProjectOptions } from './zave-service-project-options';
import { DOCUMENT_START, toYaml } from '../../common/yaml-output';
import { WorkloadContract } from '../../contract/contract';
import { Runtime } from '../../contract/enums';
import { formatIssue } from '../../contract/issue';
import { parseContract, parseContractFile } from '../../contract/parse';

/** The contract of a service repository and whether zave.yaml must still be written. */
export interface ContractSource {
  readonly contract: WorkloadContract;
  /** The text to write to zave.yaml when it does not exist yet; undefined when it exists. */
  readonly newText?: string;
}

/** Field order of a written contract: the order people read it in. */
const FIELD_ORDER = ['service', 'runtime', 'strategy', 'exposure', 'database', 'schedule', 'size'] as const;

/**
 * The JSON Schema of contract v1 as the tenant repository has it on disk: shipped in the platform
 * package, which every tenant repository has as a development dependency. A relative path resolves
 * offline, where the published https URL cannot be fetched.
 */
export const LOCAL_SCHEMA_PATH = './node_modules/@zave/platform/schemas/zave.dev/v1.json';

/** Renders contract fields as zave.yaml text: `---`, schema modeline, fields in reading order, YAML 1.1-safe quoting. */
export function renderContract(fields: Partial<Record<(typeof FIELD_ORDER)[number], string>>): string {
  // The modeline cannot be wrapped; the directive keeps yamllint's default 80 columns for the rest.
  const lines = [DOCUMENT_START, '# yamllint disable-line rule:line-length', `# yaml-language-server: $schema=${LOCAL_SCHEMA_PATH}`,
    '# The workload contract: the one platform file you edit.',
    '# Change it and run "npx projen" (or push: CI validates it).'];
  let body = '';
  for (const key of FIELD_ORDER) {
    const value = fields[key];
    if (value !== undefined) body += toYaml({ [key]: value });
  }
  return `${lines.join('\n')}\n${body}`;
}

/**
 * Reads `<outdir>/zave.yaml` when it exists (it wins over options), otherwise builds the contract
 * from the options. Invalid contracts throw with every issue formatted (file:line:column).
 */
export function loadContractSource(outdir: string, options: ZaveServiceProjectOptions): ContractSource {
  const file = path.join(outdir, 'zave.yaml');
  if (fs.existsSync(file)) {
    const { contract, issues } = parseContractFile(file, 'zave.yaml');
    if (!contract) throw new Error(`zave.yaml is invalid; fix it and run "npx projen" again:\n${issues.map(formatIssue).join('\n')}`);
    return { contract };
  }
  if (!options.service) {
    throw new Error('a service name is needed to create zave.yaml: pass --service <name> (a DNS label, e.g. payments-api), or write zave.yaml first');
  }
  const text = renderContract({
    service: options.service,
    runtime: options.runtime ?? Runtime.NODE,
    strategy: options.strategy,
    exposure: options.exposure,
    database: options.database,
    schedule: options.schedule,
    size: options.size,
  });
  const { contract, issues } = parseContract(text, 'zave.yaml');
  if (!contract) throw new Error(`the options do not make a valid contract:\n${issues.map(formatIssue).join('\n')}`);
  return { contract, newText: text };
}
