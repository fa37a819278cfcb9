import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentState, parseEnvironmentState } from './environment-state';
import { byCodeUnit, displayPath, listDir, lstatOrUndefined } from './safe-read';
import { didYouMean } from '../../common/suggest';
import { locate, readYamlInput } from '../../common/yaml-input';
import { WorkloadContract } from '../../contract/contract';
import { ContractIssue, IssueCode } from '../../contract/issue';
import { parseContract, sortIssues } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { ResolvedWorkload } from '../../contract/resolved';
import { serviceNameProblem } from '../../contract/service-name';
import { GitOpsIssueCode } from '../issue-codes';
import { parsePlatformFile } from '../platform/parse';
import { PlatformConfig } from '../platform/platform';

/** A registered workload: its contract bytes (hashed for incremental synth) and resolution. */
export interface RegisteredWorkload {
  readonly service: string;
  /** Repository-relative path of the contract, e.g. `workloads/ledger/zave.yaml`. */
  readonly file: string;
  readonly contractBytes: Buffer;
  /** sha256 of the contract bytes. */
  readonly contractSha: string;
  /** The contract as written (valid). */
  readonly contract: WorkloadContract;
  readonly workload: ResolvedWorkload;
}

/**
 * Results of earlier parses keyed by the sha256 of the file bytes (parsing is a pure function of
 * the bytes and the library build, and the memo comes from a cache keyed by that build): lets an
 * incremental synth skip re-parsing unchanged files.
 */
export interface ParseMemo {
  /** The valid contract whose bytes hash to `sha`, if known. */
  contract(sha: string): WorkloadContract | undefined;
  /** The images of environments/<env>.yaml whose bytes hash to `sha`, parsed with `pinRequired`, if known. */
  environment(sha: string, env: string, pinRequired: boolean): Readonly<Record<string, string>> | undefined;
}

/** sha256 hex of file bytes. */
export function bytesSha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Everything synth renders from. */
export interface GitOpsState {
  /** Real path of the repository root. */
  readonly root: string;
  readonly platform: PlatformConfig;
  /** Registered workloads sorted by service. */
  readonly workloads: readonly RegisteredWorkload[];
  /** Promotion state per environment name (every declared environment present, possibly empty). */
  readonly environments: Readonly<Record<string, EnvironmentState>>;
  /** sha256 of each environments/<env>.yaml read, by environment (absent files are not listed). */
  readonly environmentShas: Readonly<Record<string, string>>;
}

/** Result of loading a GitOps repository. */
export interface StateLoadResult {
  readonly state?: GitOpsState;
  /** Every problem of every file, sorted. */
  readonly issues: ContractIssue[];
  /** Things worth saying that are not errors (a workload with no image in an environment). */
  readonly notes: string[];
}

/** Files that may sit in workloads/ and environments/ beside the real entries. */
const IGNORED_FILES = new Set(['.gitkeep', 'README.md']);

function fileIssue(file: string, code: string, message: string, hint?: string): ContractIssue {
  return { code, file, line: 1, column: 1, path: '', message, ...(hint ? { hint } : {}) };
}

function readRegularFile(root: string, p: string, issues: ContractIssue[]): Buffer | undefined {
  const shown = displayPath(root, p);
  const st = lstatOrUndefined(p);
  if (!st) {
    issues.push(fileIssue(shown, IssueCode.FILE_NOT_FOUND, 'file is missing', shown.endsWith('zave.yaml') ? 'register the workload with "zave register", or delete the folder' : undefined));
    return undefined;
  }
  if (st.isSymbolicLink()) {
    issues.push(fileIssue(shown, GitOpsIssueCode.UNSAFE_PATH, 'is a symbolic link; GitOps state files must be regular files (a link could point outside the repository)', 'replace the link with the file itself'));
    return undefined;
  }
  if (!st.isFile()) {
    issues.push(fileIssue(shown, GitOpsIssueCode.UNEXPECTED_ENTRY, 'is not a regular file'));
    return undefined;
  }
  return fs.readFileSync(p);
}

function loadWorkloads(root: string, platform: PlatformConfig | undefined, issues: ContractIssue[], folders: Set<string>, memo?: ParseMemo): RegisteredWorkload[] {
  const dir = path.join(root, 'workloads');
  const st = lstatOrUndefined(dir);
  if (st && !st.isDirectory()) {
    issues.push(fileIssue('workloads', GitOpsIssueCode.UNSAFE_PATH, st.isSymbolicLink() ? 'is a symbolic link; workloads/ must be a real directory' : 'is not a directory'));
    return [];
  }
  const out: RegisteredWorkload[] = [];
  for (const name of listDir(dir)) {
    const entry = path.join(dir, name);
    const shown = `workloads/${name}`;
    const est = lstatOrUndefined(entry);
    if (!est) continue;
    if (est.isFile() && IGNORED_FILES.has(name)) continue;
    if (est.isSymbolicLink()) {
      issues.push(fileIssue(shown, GitOpsIssueCode.UNSAFE_PATH, 'is a symbolic link; each workload is a real folder workloads/<service>/', 'replace the link with the folder'));
      continue;
    }
    if (!est.isDirectory()) {
      issues.push(fileIssue(shown, GitOpsIssueCode.UNEXPECTED_ENTRY, 'is not a folder; workloads/ holds one folder per service (workloads/<service>/zave.yaml)', 'move or delete it'));
      continue;
    }
    const problem = serviceNameProblem(name);
    if (problem) {
      issues.push(fileIssue(shown, problem.code, `folder name ${problem.message}`, problem.hint));
      continue;
    }
    folders.add(name);
    const file = `${shown}/zave.yaml`;
    const bytes = readRegularFile(root, path.join(entry, 'zave.yaml'), issues);
    if (!bytes) continue;
    const contractSha = bytesSha(bytes);
    const known = memo?.contract(contractSha);
    const parsed = known ? { contract: known, issues: [] } : parseContract(bytes, file);
    if (!parsed.contract) {
      issues.push(...parsed.issues);
      continue;
    }
    if (parsed.contract.service !== name) {
      const pos = locate(readYamlInput(bytes, file), ['service']);
      issues.push({
        code: GitOpsIssueCode.NAME_MISMATCH,
        file,
        line: pos.line,
        column: pos.column,
        path: 'service',
        message: `service is "${parsed.contract.service}" but the folder is workloads/${name}/`,
        hint: `rename the folder to workloads/${parsed.contract.service}/ (register it again with "zave register"), or fix the service field`,
      });
      continue;
    }
    const contract = parsed.contract;
    if (platform && (!platform.capabilities.publicIngress || !platform.capabilities.postgres)) {
      issues.push(...capabilityIssues(resolveContract(contract), bytes, file, platform));
    }
    let resolved: ResolvedWorkload | undefined;
    out.push({
      service: name,
      file,
      contractBytes: bytes,
      contractSha,
      contract,
      // Resolved on first use: an incremental synth resolves only the workloads it renders.
      get workload() {
        resolved ??= resolveContract(contract);
        return resolved;
      },
    });
  }
  return out;
}

function capabilityIssues(w: ResolvedWorkload, bytes: Buffer, file: string, platform: PlatformConfig): ContractIssue[] {
  const out: ContractIssue[] = [];
  const issue = (field: string, message: string, hint: string): ContractIssue => {
    const pos = locate(readYamlInput(bytes, file), [field]);
    return { code: GitOpsIssueCode.CAPABILITY_INACTIVE, file, line: pos.line, column: pos.column, path: field, message, hint };
  };
  if (w.capabilities.ingress && !platform.capabilities.publicIngress) {
    out.push(issue('exposure', 'exposure public-http needs the publicIngress capability, which platform.yaml switches off', 'use internal-http, or set capabilities.publicIngress: true in platform.yaml'));
  }
  if (w.capabilities.postgres && !platform.capabilities.postgres) {
    out.push(issue('database', 'database postgres needs the postgres capability (CloudNativePG), which platform.yaml switches off', 'remove the database, or set capabilities.postgres: true in platform.yaml'));
  }
  return out;
}

function loadEnvironments(
  root: string, platform: PlatformConfig, folders: Set<string>, issues: ContractIssue[], shas: Record<string, string>, memo?: ParseMemo,
): Record<string, EnvironmentState> {
  const dir = path.join(root, 'environments');
  const declared = platform.environments.map((e) => e.name);
  const st = lstatOrUndefined(dir);
  if (st && !st.isDirectory()) {
    issues.push(fileIssue('environments', GitOpsIssueCode.UNSAFE_PATH, st.isSymbolicLink() ? 'is a symbolic link; environments/ must be a real directory' : 'is not a directory'));
    return {};
  }
  for (const name of listDir(dir)) {
    const est = lstatOrUndefined(path.join(dir, name));
    if (!est || (est.isFile() && IGNORED_FILES.has(name))) continue;
    const env = name.endsWith('.yaml') ? name.slice(0, -'.yaml'.length) : undefined;
    if (env === undefined || !declared.includes(env)) {
      issues.push(fileIssue(`environments/${name}`, env === undefined ? GitOpsIssueCode.UNEXPECTED_ENTRY : GitOpsIssueCode.UNKNOWN_ENVIRONMENT,
        env === undefined ? 'environments/ holds one <environment>.yaml per environment of platform.yaml; this is not one'
          : `environment "${env}" is not declared in platform.yaml (declared: ${declared.join(', ')})`,
        (env !== undefined ? didYouMean(env, declared) : undefined) ?? 'declare it in platform.yaml, or delete the file'));
    }
  }
  const out: Record<string, EnvironmentState> = {};
  platform.environments.forEach((env, index) => {
    const p = path.join(dir, `${env.name}.yaml`);
    const file = `environments/${env.name}.yaml`;
    if (!lstatOrUndefined(p)) {
      out[env.name] = { environment: env.name, images: {} };
      return;
    }
    const bytes = readRegularFile(root, p, issues);
    if (!bytes) return;
    const sha = bytesSha(bytes);
    shas[env.name] = sha;
    const knownImages = memo?.environment(sha, env.name, index > 0);
    if (knownImages) {
      const unknown = Object.keys(knownImages).filter((s) => !folders.has(s));
      if (unknown.length === 0) {
        out[env.name] = { environment: env.name, images: knownImages };
        return;
      }
    }
    const parsed = parseEnvironmentState(bytes, file, env.name, index > 0);
    issues.push(...parsed.issues);
    for (const service of parsed.services) {
      if (!folders.has(service)) {
        const pos = parsed.locateImage(service);
        issues.push({
          code: GitOpsIssueCode.UNKNOWN_SERVICE,
          file,
          line: pos.line,
          column: pos.column,
          path: `images.${service}`,
          message: `"${service}" has an image in ${env.name} but is not registered (no workloads/${service}/zave.yaml)`,
          hint: didYouMean(service, [...folders]) ?? 'register it with "zave register", or remove the line',
        });
      }
    }
    if (parsed.state) out[env.name] = parsed.state;
  });
  return out;
}

/** One note per environment listing registered workloads without an image there. */
function missingImageNotes(platform: PlatformConfig, environments: Record<string, EnvironmentState>, services: Set<string>): string[] {
  const notes: string[] = [];
  for (const env of platform.environments) {
    const state = environments[env.name];
    if (!state) continue;
    const missing = [...services].filter((s) => state.images[s] === undefined).sort(byCodeUnit);
    if (missing.length > 0) {
      const shown = missing.length > 10 ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more` : missing.join(', ');
      notes.push(`${env.name}: ${missing.length} registered workload${missing.length === 1 ? ' has' : 's have'} no image in environments/${env.name}.yaml and render${missing.length === 1 ? 's' : ''} nothing there: ${shown}`);
    }
  }
  return notes;
}

/**
 * Loads platform.yaml, workloads/ and environments/ of a GitOps repository. Every problem of
 * every file is collected; listings are sorted; symlinks and hostile names are refused.
 */
export function loadGitOpsState(repoDir: string, memo?: ParseMemo): StateLoadResult {
  const issues: ContractIssue[] = [];
  const notes: string[] = [];
  let root: string;
  try {
    root = fs.realpathSync(repoDir);
  } catch (e) {
    return { issues: [fileIssue(repoDir, IssueCode.FILE_NOT_FOUND, `repository not found: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)], notes };
  }
  const platformResult = parsePlatformFile(path.join(root, 'platform.yaml'));
  issues.push(...platformResult.issues);
  const platform = platformResult.platform;
  const folders = new Set<string>();
  const workloads = loadWorkloads(root, platform, issues, folders, memo);
  const environmentShas: Record<string, string> = {};
  const environments = platform ? loadEnvironments(root, platform, folders, issues, environmentShas, memo) : {};
  const services = new Set(workloads.map((w) => w.service));
  if (platform) notes.push(...missingImageNotes(platform, environments, services));
  if (issues.length > 0 || !platform) return { issues: sortIssues(issues), notes };
  return { state: { root, platform, workloads, environments, environmentShas }, issues: [], notes };
}
