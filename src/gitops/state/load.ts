import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentState, parseEnvironmentState } from './environment-state';
import { byCodeUnit, displayPath, listDir, lstatOrUndefined } from './safe-read';
import { locate, readYamlInput } from '../../common/yaml-input';
import { didYouMean } from '../../common/suggest';
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
  readonly workload: ResolvedWorkload;
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

function loadWorkloads(root: string, platform: PlatformConfig | undefined, issues: ContractIssue[]): RegisteredWorkload[] {
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
    const file = `${shown}/zave.yaml`;
    const bytes = readRegularFile(root, path.join(entry, 'zave.yaml'), issues);
    if (!bytes) continue;
    const parsed = parseContract(bytes, file);
    if (!parsed.contract) {
      issues.push(...parsed.issues);
      continue;
    }
    if (parsed.contract.service !== name) {
      const pos = locate(readYamlInput(bytes, file), ['service']);
      issues.push({
        code: GitOpsIssueCode.NAME_MISMATCH, file, line: pos.line, column: pos.column, path: 'service',
        message: `service is "${parsed.contract.service}" but the folder is workloads/${name}/`,
        hint: `rename the folder to workloads/${parsed.contract.service}/ (register it again with "zave register"), or fix the service field`,
      });
      continue;
    }
    const workload = resolveContract(parsed.contract);
    if (platform) issues.push(...capabilityIssues(workload, bytes, file, platform));
    out.push({ service: name, file, contractBytes: bytes, workload });
  }
  return out;
}

function capabilityIssues(w: ResolvedWorkload, bytes: Buffer, file: string, platform: PlatformConfig): ContractIssue[] {
  const out: ContractIssue[] = [];
  const input = readYamlInput(bytes, file);
  const issue = (field: string, message: string, hint: string): ContractIssue => {
    const pos = locate(input, [field]);
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

function loadEnvironments(root: string, platform: PlatformConfig, services: Set<string>, issues: ContractIssue[], notes: string[]): Record<string, EnvironmentState> {
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
    const parsed = parseEnvironmentState(bytes, file, env.name, index > 0);
    issues.push(...parsed.issues);
    if (!parsed.state) return;
    for (const service of Object.keys(parsed.state.images)) {
      if (!services.has(service)) {
        const pos = parsed.locateImage(service);
        issues.push({
          code: GitOpsIssueCode.UNKNOWN_SERVICE, file, line: pos.line, column: pos.column, path: `images.${service}`,
          message: `"${service}" has an image in ${env.name} but is not registered (no workloads/${service}/zave.yaml)`,
          hint: didYouMean(service, [...services]) ?? 'register it with "zave register", or remove the line',
        });
      }
    }
    out[env.name] = parsed.state;
  });
  for (const env of platform.environments) {
    const state = out[env.name];
    if (!state) continue;
    const missing = [...services].filter((s) => state.images[s] === undefined).sort(byCodeUnit);
    if (missing.length > 0) {
      const shown = missing.length > 10 ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more` : missing.join(', ');
      notes.push(`${env.name}: ${missing.length} registered workload${missing.length === 1 ? ' has' : 's have'} no image in environments/${env.name}.yaml and render${missing.length === 1 ? 's' : ''} nothing there: ${shown}`);
    }
  }
  return out;
}

/**
 * Loads platform.yaml, workloads/ and environments/ of a GitOps repository. Every problem of
 * every file is collected; listings are sorted; symlinks and hostile names are refused.
 */
export function loadGitOpsState(repoDir: string): StateLoadResult {
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
  const workloads = loadWorkloads(root, platform, issues);
  const environments = platform ? loadEnvironments(root, platform, new Set(workloads.map((w) => w.service)), issues, notes) : {};
  if (issues.length > 0 || !platform) return { issues: sortIssues(issues), notes };
  return { state: { root, platform, workloads, environments }, issues: [], notes };
}
