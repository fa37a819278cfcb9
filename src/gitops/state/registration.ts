import { z } from 'zod';
import { ContractIssue, IssueCode } from '../../common/issue';
import { locate, readYamlInput, YamlInput } from '../../common/yaml-input';
import { DOCUMENT_START, toYaml } from '../../common/yaml-output';
import { zodToIssues } from '../../common/zod-issues';
import { registrationFile, workloadFolder } from '../repo/layout';
import { RepoSource } from '../repo/source';

/**
 * `workloads/<service>/registration.yaml`, the owner record of a registered workload: which tenant
 * repository may change it. Written by `zave register`, read by the lifecycle verbs (ownership), the
 * fleet upgrade (which repositories to upgrade) and `zave status`, all through this one reader.
 */

/** Owner record of one registered workload. */
export interface RegistrationRecord {
  /** The service (the folder under workloads/). */
  readonly service: string;
  /** Owning tenant repository (its remote URL, or a path for a local one). */
  readonly repository: string;
}

/** Largest registration.yaml read: four short fields; anything larger is not one zave wrote. */
export const REGISTRATION_MAX_BYTES = 16 * 1024;

const FIELDS = ['apiVersion', 'kind', 'service', 'repository'] as const;

const SCHEMA = z.object({
  apiVersion: z.literal('zave.dev/v1'),
  kind: z.literal('Registration'),
  service: z.string(),
  repository: z.string(),
}).strict();

/** What reading one registration.yaml found: the record, or the located problems. */
export interface RegistrationParseResult {
  readonly record?: RegistrationRecord;
  readonly issues: ContractIssue[];
}

function issueAt(input: YamlInput, field: string, code: string, message: string, hint: string): ContractIssue {
  const pos = locate(input, [field]);
  return { code, file: input.file, line: pos.line, column: pos.column, path: field, message, hint };
}

/**
 * Reads a registration.yaml strictly: size cap before parsing, one YAML mapping without aliases,
 * exactly the four fields zave writes, `service` equal to the folder it is in, a non-empty
 * `repository`. Never throws.
 */
export function parseRegistration(bytes: Uint8Array | string, file: string, service: string): RegistrationParseResult {
  const input = readYamlInput(bytes, file, REGISTRATION_MAX_BYTES);
  if (input.value === undefined || input.issues.length > 0) return { issues: input.issues };
  const parsed = SCHEMA.safeParse(input.value);
  if (!parsed.success) return { issues: zodToIssues(parsed.error, input, (p) => (p.length === 0 ? FIELDS : [])) };
  const issues: ContractIssue[] = [];
  if (parsed.data.service !== service) {
    issues.push(issueAt(input, 'service', IssueCode.INVALID_VALUE, `service is ${JSON.stringify(parsed.data.service)}, but the file is in ${workloadFolder(service)}/`,
      `write "service: ${service}", or move the folder: a workload's folder is its service name`));
  }
  const repository = parsed.data.repository.trim();
  const unusable = ownerProblem(repository);
  if (repository === '') {
    issues.push(issueAt(input, 'repository', IssueCode.INVALID_VALUE, 'repository is empty; expected the owning tenant repository\'s remote URL',
      'write the URL the owner registers from, e.g. "repository: https://github.com/acme/payments-api.git"'));
  } else if (unusable) {
    issues.push(issueAt(input, 'repository', IssueCode.INVALID_VALUE, `repository ${unusable}`,
      'write the URL the owner registers from, e.g. "repository: https://github.com/acme/payments-api.git"'));
  }
  return issues.length > 0 ? { issues } : { record: { service, repository }, issues: [] };
}

/**
 * Why `repository` cannot be an owner record's repository, or undefined when it can: zave upgrade clones
 * it, so it is never an option to git (a leading "-") and never holds a line break or other control
 * character (in a command or a pull request). The writer (`zave register`) and the reader apply it alike.
 */
export function ownerProblem(repository: string): string | undefined {
  return repository.startsWith('-') || /[\u0000-\u001f\u007f]/.test(repository)
    ? `${JSON.stringify(repository)} is not a repository URL or path (it starts with "-" or holds a control character)`
    : undefined;
}

/** What a repository holds at a workload's registration.yaml: nothing, a record, or why it cannot be used. */
export type RegistrationRead =
  | { readonly missing: true }
  | { readonly record: RegistrationRecord }
  | { readonly issues: ContractIssue[] };

/**
 * Reads `workloads/<service>/registration.yaml` from any view of the repository (a checkout, a
 * commit, a verb's edits): a regular file within the cap, then `parseRegistration`. A symbolic link,
 * folder or other special file there is reported, never followed or opened.
 */
export function readRegistrationFile(source: RepoSource, service: string): RegistrationRead {
  const file = registrationFile(service);
  const got = source.read(file, REGISTRATION_MAX_BYTES);
  if ('bytes' in got) {
    const parsed = parseRegistration(got.bytes, file, service);
    return parsed.record ? { record: parsed.record } : { issues: parsed.issues };
  }
  if ('notAFile' in got && got.notAFile === 'missing') return { missing: true };
  const message = 'tooLarge' in got
    ? `file is ${got.tooLarge} bytes; the limit is ${REGISTRATION_MAX_BYTES} bytes`
    : `is a ${got.notAFile === 'dir' ? 'folder' : got.notAFile === 'symlink' ? 'symbolic link' : 'special file'}, not a regular file`;
  return { issues: [{ code: 'tooLarge' in got ? IssueCode.FILE_TOO_LARGE : IssueCode.WRONG_TYPE, file, line: 1, column: 1, path: '', message, hint: 'zave register writes this file; restore it from the commit that registered the service' }] };
}

/** The file text of an owner record, as `zave register` writes it. */
export function registrationYaml(record: RegistrationRecord): string {
  return `${DOCUMENT_START}\n${toYaml({ apiVersion: 'zave.dev/v1', kind: 'Registration', service: record.service, repository: record.repository })}`;
}
