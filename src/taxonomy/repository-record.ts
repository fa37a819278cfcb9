import { createHash } from 'crypto';
import * as path from 'path';
import { RepositoryKind, REPOSITORY_KINDS } from './repository-kind';
import { readRegularFileNoFollow } from '../common/no-follow-read';

/** Path of the taxonomy record inside every generated repository. */
export const REPOSITORY_RECORD_PATH = '.zave/repository.json';

/** API version of the taxonomy record. */
export const REPOSITORY_RECORD_API_VERSION = 'zave.dev/v1';

/** One platform-generated file and the sha256 of the bytes the platform wrote. */
export interface GeneratedFileRecord {
  /** Path relative to the repository root, with `/` separators. */
  readonly path: string;
  /** Lower-case hex sha256 of the file bytes as generated. */
  readonly sha256: string;
}

/** The taxonomy record `.zave/repository.json`: what kind of repository this is and which files the platform owns. */
export interface RepositoryRecord {
  /** Always `zave.dev/v1`. */
  readonly apiVersion: string;
  /** The repository kind. */
  readonly kind: RepositoryKind;
  /**
   * The workload's service name (service repositories only).
   * @default - none
   */
  readonly service?: string;
  /**
   * Path of the bound contract, `zave.yaml` (service repositories only).
   * @default - none
   */
  readonly contract?: string;
  /**
   * The workload's delivery strategy (service repositories only).
   * @default - none
   */
  readonly strategy?: string;
  /** Version of the platform package that generated the repository. */
  readonly platformVersion: string;
  /** How the repository was onboarded: `zave init`, `projen new`, or `npx projen` (regenerated). */
  readonly onboardedBy: string;
  /** Every platform-generated file, sorted by path. */
  readonly generatedFiles: GeneratedFileRecord[];
}

/** The result of comparing a repository with its taxonomy record. */
export interface RepositoryVerification {
  /** Whether `.zave/repository.json` exists and is well-formed. */
  readonly recordFound: boolean;
  /** Problems with the record itself (unreadable, malformed); empty when it is fine. */
  readonly problems: string[];
  /** Generated files whose bytes differ from the record: edited by hand since generation. */
  readonly edited: string[];
  /** Generated files listed in the record that no longer exist. */
  readonly deleted: string[];
  /** Generated files exactly as generated. */
  readonly unchanged: string[];
}

/** Lower-case hex sha256 of bytes or UTF-8 text. */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Sorts object keys recursively (records are written with sorted keys). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The record as written to disk: sorted keys, files sorted by path, two-space JSON, trailing newline. */
export function serializeRepositoryRecord(record: RepositoryRecord): string {
  const files = [...record.generatedFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return JSON.stringify(sortKeys({ ...record, generatedFiles: files.map((f) => ({ path: f.path, sha256: f.sha256 })) }), null, 2) + '\n';
}

/** Builds a record from the generated files' contents (path -> text). */
export function buildRepositoryRecord(
  fields: Omit<RepositoryRecord, 'apiVersion' | 'generatedFiles'>,
  files: Readonly<Record<string, string | Uint8Array>>,
): RepositoryRecord {
  const generatedFiles = Object.keys(files).sort().map((p) => ({ path: p, sha256: sha256Hex(files[p]) }));
  return { apiVersion: REPOSITORY_RECORD_API_VERSION, ...fields, generatedFiles };
}

/** Parses record text; returns the record or the problems found. */
export function parseRepositoryRecord(text: string): { record?: RepositoryRecord; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { problems: [`${REPOSITORY_RECORD_PATH} is not valid JSON: ${(e as Error).message}`] };
  }
  const problems: string[] = [];
  const r = raw as Record<string, unknown>;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { problems: [`${REPOSITORY_RECORD_PATH} must be a JSON object`] };
  if (r.apiVersion !== REPOSITORY_RECORD_API_VERSION) problems.push(`apiVersion is ${JSON.stringify(r.apiVersion)}; expected "${REPOSITORY_RECORD_API_VERSION}"`);
  if (!REPOSITORY_KINDS.includes(r.kind as RepositoryKind)) problems.push(`kind is ${JSON.stringify(r.kind)}; expected one of: ${REPOSITORY_KINDS.join(', ')}`);
  for (const key of ['platformVersion', 'onboardedBy']) {
    if (typeof r[key] !== 'string') problems.push(`${key} must be a string`);
  }
  const files = r.generatedFiles;
  if (!Array.isArray(files) || files.some((f) => typeof f?.path !== 'string' || !/^[0-9a-f]{64}$/.test(String(f?.sha256)))) {
    problems.push('generatedFiles must be a list of {"path": string, "sha256": 64 hex digits}');
  }
  return problems.length > 0 ? { problems } : { record: raw as RepositoryRecord, problems };
}

/** Largest `.zave/repository.json` read (a record lists a few dozen files). */
export const REPOSITORY_RECORD_MAX_BYTES = 1024 * 1024;

/** Largest generated file `verifyRepository` hashes; a larger one is not what zave generated (counted as edited). */
const GENERATED_FILE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Reads `.zave/repository.json` of a repository; undefined when absent. The repository may be anyone's
 * (a tenant's clone): a link, FIFO or oversize file there is a problem, never followed, waited on or read.
 */
export function readRepositoryRecord(repoDir: string): { record?: RepositoryRecord; problems: string[] } | undefined {
  const got = readRegularFileNoFollow(path.join(repoDir, REPOSITORY_RECORD_PATH), REPOSITORY_RECORD_MAX_BYTES);
  if ('missing' in got) return undefined;
  if ('refused' in got) {
    return { problems: [got.refused === 'too-large' ? `${REPOSITORY_RECORD_PATH} is ${got.size} bytes, over the ${REPOSITORY_RECORD_MAX_BYTES}-byte limit` : `${REPOSITORY_RECORD_PATH} is not a regular file (a symbolic link, folder or special file)`] };
  }
  return parseRepositoryRecord(got.bytes.toString('utf8'));
}

/** Compares every generated file of a repository with its record: which were hand-edited, which deleted. */
export function verifyRepository(repoDir: string): RepositoryVerification {
  const read = readRepositoryRecord(repoDir);
  if (!read) return { recordFound: false, problems: [`${REPOSITORY_RECORD_PATH} not found`], edited: [], deleted: [], unchanged: [] };
  if (!read.record) return { recordFound: false, problems: read.problems, edited: [], deleted: [], unchanged: [] };
  const root = path.resolve(repoDir);
  const edited: string[] = [];
  const deleted: string[] = [];
  const unchanged: string[] = [];
  const problems: string[] = [];
  for (const file of [...read.record.generatedFiles].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const abs = path.resolve(root, file.path);
    if (abs !== root && !abs.startsWith(root + path.sep)) {
      problems.push(`generatedFiles lists ${file.path}, which is outside the repository`);
      continue;
    }
    // A generated file replaced by a link, a folder or anything larger than zave writes is an edit (never followed or read).
    const got = readRegularFileNoFollow(abs, GENERATED_FILE_MAX_BYTES);
    if ('missing' in got) {
      deleted.push(file.path);
      continue;
    }
    ('bytes' in got && sha256Hex(got.bytes) === file.sha256 ? unchanged : edited).push(file.path);
  }
  return { recordFound: true, problems, edited, deleted, unchanged };
}
