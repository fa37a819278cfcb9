import { createHash } from 'crypto';
import * as fs from 'fs';
import { ENVIRONMENT_STATE_MAX_BYTES, EnvironmentState, parseEnvironmentState } from './environment-state';
import { readScopedEnvironmentState } from './environment-state-scoped';
import { byCodeUnit } from './safe-read';
import { didYouMean } from '../../common/suggest';
import { locate, readYamlInput, MAX_INPUT_BYTES, tooLargeIssue } from '../../common/yaml-input';
import { WorkloadContract } from '../../contract/contract';
import { Database } from '../../contract/enums';
import { ContractIssue, IssueCode } from '../../contract/issue';
import { parseContract, sortIssues } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { ResolvedWorkload } from '../../contract/resolved';
import { serviceNameProblem } from '../../contract/service-name';
import { GitOpsIssueCode } from '../issue-codes';
import { apiServerCidrIssues, renderedNameCollisions, reservedNamespaceIssues } from '../platform/isolation';
import { parsePlatform } from '../platform/parse';
import { PlatformConfig } from '../platform/platform';
import { LEGACY_CONTROL_PATHS, PLATFORM_FILE } from '../repo/layout';
import { DirectorySource, RepoSource } from '../repo/source';

/** A registered workload: its contract bytes (hashed for incremental synth) and resolution. */
export interface RegisteredWorkload {
  readonly service: string;
  /** Repository-relative path of the contract, e.g. `workloads/ledger/zave.yaml`. */
  readonly file: string;
  /** The contract bytes (read on first use when a ParseMemo vouched for them: see `ParseMemo.knownSha`). */
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
  /** The state of environments/<env>.yaml whose bytes hash to `sha`, parsed with `pinRequired`, if known. */
  environment(sha: string, env: string, pinRequired: boolean): EnvironmentState | undefined;
  /**
   * Optional. The sha256 of the input file `rel` (a contract, a contract revision, an environment
   * file) when its bytes are known to be unchanged since they last hashed to it, without reading it
   * (e.g. by an unchanged stat signature). When the memo also knows the parsed value for that sha,
   * the loader does not read the file. Called just before the loader would read `rel`.
   */
  knownSha?(rel: string): string | undefined;
  /** Optional. Told the sha256 of every input file the loader read, right after it read it (and after `knownSha` for it). */
  readSha?(rel: string, sha: string): void;
  /** Optional. The valid platform.yaml whose bytes hash to `sha`, if known. */
  platform?(sha: string): PlatformConfig | undefined;
}

/** sha256 hex of file bytes. */
export function bytesSha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A contract revision a release pins: the registered head, or `workloads/<service>/revisions/<hex>.yaml`. */
export interface ContractRevision {
  readonly service: string;
  /** sha256 hex of the contract bytes. */
  readonly sha: string;
  /** Repository-relative file holding the bytes. */
  readonly file: string;
  readonly contract: WorkloadContract;
  readonly workload: ResolvedWorkload;
}

/**
 * A registered workload as the loader makes it (one per workload: a class, so the lazy parts are one
 * prototype getter each, not a closure and an accessor per object): the bytes are read when asked for
 * if the memo vouched for them unread, and the contract is resolved on first use (an incremental synth
 * resolves only the workloads it renders).
 */
class LoadedWorkload implements RegisteredWorkload {
  private bytes: Buffer | undefined;
  private resolved: ResolvedWorkload | undefined;

  constructor(private readonly src: RepoSource, readonly service: string, readonly file: string, readonly contractSha: string,
    readonly contract: WorkloadContract, bytes: Buffer | undefined) {
    this.bytes = bytes;
  }

  get contractBytes(): Buffer {
    return (this.bytes ??= readLater(this.src, this.file));
  }

  get workload(): ResolvedWorkload {
    return (this.resolved ??= resolveContract(this.contract));
  }
}

/** A contract revision as the loader makes it: resolved on first use (or the head's resolution, when it is the head). */
class LoadedRevision implements ContractRevision {
  private resolved: ResolvedWorkload | undefined;

  constructor(readonly service: string, readonly sha: string, readonly file: string, readonly contract: WorkloadContract, private readonly head?: RegisteredWorkload) {}

  get workload(): ResolvedWorkload {
    return this.head ? this.head.workload : (this.resolved ??= resolveContract(this.contract));
  }
}

/** `workloads/<service>/revisions/<hex>.yaml`: where a contract revision's bytes are kept. */
export function revisionFile(service: string, sha: string): string {
  return `workloads/${service}/revisions/${sha}.yaml`;
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
  /** The contract revision each release pins, by service and sha256 hex (releases without one follow the head). */
  readonly revisions: Readonly<Record<string, Readonly<Record<string, ContractRevision>>>>;
}

/** Result of loading a GitOps repository. */
export interface StateLoadResult {
  readonly state?: GitOpsState;
  /** Every problem of every file, sorted. */
  readonly issues: ContractIssue[];
  /** Things worth saying that are not errors (a workload with no image in an environment). */
  readonly notes: string[];
}

/** Service names the deploy/ layout reserves. */
const RESERVED_LAYOUT_NAMES: readonly string[] = ['kustomization'];

/** One issue per control file of an older zave (or a pull request) found in the tree. */
export function controlFileIssues(exists: (rel: string) => boolean): ContractIssue[] {
  return LEGACY_CONTROL_PATHS.filter(exists).map((rel) => fileIssue(rel, GitOpsIssueCode.CONTROL_FILE_IN_TREE,
    `${rel} is a zave control file (staging, lock or cache) inside the repository; zave keeps those under .git/ and never trusts one from the tree`,
    `delete it (git rm -r --cached ${rel}; rm -rf ${rel}) and commit; it was left by zave before 0.1 or carried by a pull request`));
}

/** Files that may sit in workloads/ and environments/ beside the real entries. */
const IGNORED_FILES = new Set(['.gitkeep', 'README.md']);

function fileIssue(file: string, code: string, message: string, hint?: string): ContractIssue {
  return { code, file, line: 1, column: 1, path: '', message, ...(hint ? { hint } : {}) };
}

function readRegularFile(src: RepoSource, shown: string, issues: ContractIssue[], maxBytes: number): Buffer | undefined {
  const got = src.read(shown, maxBytes);
  if ('bytes' in got) return got.bytes;
  if ('tooLarge' in got) {
    issues.push(tooLargeIssue(shown, got.tooLarge, maxBytes));
    return undefined;
  }
  if (got.notAFile === 'missing') {
    const hint = shown.endsWith('zave.yaml') ? 'register the workload with "zave register", or delete the folder'
      : shown === PLATFORM_FILE ? 'is this a GitOps repository? Create one with "npx projen new --from @zave/platform zave-gitops" or let zave create ./gitops' : undefined;
    issues.push(fileIssue(shown, IssueCode.FILE_NOT_FOUND, shown === PLATFORM_FILE ? 'cannot read platform.yaml: file is missing' : 'file is missing', hint));
  } else if (got.notAFile === 'symlink') {
    issues.push(fileIssue(shown, GitOpsIssueCode.UNSAFE_PATH, 'is a symbolic link; GitOps state files must be regular files (a link could point outside the repository)', 'replace the link with the file itself'));
  } else {
    issues.push(fileIssue(shown, GitOpsIssueCode.UNEXPECTED_ENTRY, 'is not a regular file'));
  }
  return undefined;
}

/**
 * The names of the folders of workloads/ (a promotion-state entry must name one). Without `only`, those
 * the loader checked. With `only` (a verb's load), the loaded workloads' folders, checked; any other
 * name is looked up in the listing of workloads/, unchecked, which is made only when asked for: a
 * verb's reads of its own entries never ask.
 */
class WorkloadFolders {
  private readonly checked = new Set<string>();
  private listed?: Set<string>;

  constructor(private readonly src: RepoSource, private readonly only?: ReadonlySet<string>) {}

  /** Records a checked folder. */
  public add(name: string): void {
    this.checked.add(name);
  }

  public has(name: string): boolean {
    if (this.checked.has(name)) return true;
    return this.only !== undefined && !this.only.has(name) && this.listing().has(name);
  }

  /** Every name (for suggestions). */
  public names(): string[] {
    return this.only ? [...new Set([...this.checked, ...this.listing()])] : [...this.checked];
  }

  private listing(): Set<string> {
    return this.listed ??= new Set(this.src.list('workloads').filter((n) => !IGNORED_FILES.has(n)));
  }
}

function loadWorkloads(
  src: RepoSource, platform: PlatformConfig | undefined, issues: ContractIssue[], folders: WorkloadFolders, memo?: ParseMemo, only?: ReadonlySet<string>,
): RegisteredWorkload[] {
  const st = src.kind('workloads');
  if (st && st !== 'dir') {
    issues.push(fileIssue('workloads', GitOpsIssueCode.UNSAFE_PATH, st === 'symlink' ? 'is a symbolic link; workloads/ must be a real directory' : 'is not a directory'));
    return [];
  }
  const out: RegisteredWorkload[] = [];
  // A verb loads the workloads it changes: theirs are looked up, and workloads/ is not listed (the other
  // folders are checked by synth, not here).
  for (const name of only ? [...only].sort(byCodeUnit) : src.list('workloads')) {
    const shown = `workloads/${name}`;
    const est = src.kind(shown);
    if (!est) continue;
    if (est === 'file' && IGNORED_FILES.has(name)) continue;
    if (est === 'symlink') {
      issues.push(fileIssue(shown, GitOpsIssueCode.UNSAFE_PATH, 'is a symbolic link; each workload is a real folder workloads/<service>/', 'replace the link with the folder'));
      continue;
    }
    if (est !== 'dir') {
      issues.push(fileIssue(shown, GitOpsIssueCode.UNEXPECTED_ENTRY, 'is not a folder; workloads/ holds one folder per service (workloads/<service>/zave.yaml)', 'move or delete it'));
      continue;
    }
    const problem = serviceNameProblem(name);
    if (problem) {
      issues.push(fileIssue(shown, problem.code, `folder name ${problem.message}`, problem.hint));
      continue;
    }
    if (RESERVED_LAYOUT_NAMES.includes(name)) {
      issues.push(fileIssue(shown, GitOpsIssueCode.RESERVED_SERVICE_NAME, `"${name}" cannot be a service: its manifest file deploy/<env>/${name}.yaml is the environment's kustomization file`, 'choose another service name'));
      continue;
    }
    folders.add(name);
    const file = `${shown}/zave.yaml`;
    // A file the memo vouches for (unchanged since it hashed to a sha whose parse it knows) is not read.
    const vouched = memo?.knownSha?.(file);
    const remembered = vouched !== undefined ? memo!.contract(vouched) : undefined;
    let bytes: Buffer | undefined;
    let contractSha: string;
    let parsed: { contract?: WorkloadContract; issues: ContractIssue[] };
    if (remembered) {
      contractSha = vouched!;
      parsed = { contract: remembered, issues: [] };
    } else {
      bytes = readRegularFile(src, file, issues, MAX_INPUT_BYTES);
      if (!bytes) continue;
      contractSha = bytesSha(bytes);
      memo?.readSha?.(file, contractSha);
      const known = memo?.contract(contractSha);
      parsed = known ? { contract: known, issues: [] } : parseContract(bytes, file);
    }
    // Bytes not read (vouched for) are read only to place an issue, or when asked for.
    const bytesOf = (): Buffer => (bytes ??= readLater(src, file));
    if (!parsed.contract) {
      issues.push(...parsed.issues);
      continue;
    }
    if (parsed.contract.service !== name) {
      const pos = locate(readYamlInput(bytesOf(), file), ['service']);
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
      issues.push(...capabilityIssues(resolveContract(contract), bytesOf, file, platform));
    }
    out.push(new LoadedWorkload(src, name, file, contractSha, contract, bytes));
  }
  return out;
}

/** The bytes of a file the loader did not read when it loaded it (see ParseMemo.knownSha); empty when it is gone. */
function readLater(src: RepoSource, file: string): Buffer {
  const got = src.read(file, MAX_INPUT_BYTES);
  return 'bytes' in got ? got.bytes : Buffer.alloc(0);
}

function capabilityIssues(w: ResolvedWorkload, bytes: () => Buffer, file: string, platform: PlatformConfig): ContractIssue[] {
  const out: ContractIssue[] = [];
  const issue = (field: string, message: string, hint: string): ContractIssue => {
    const pos = locate(readYamlInput(bytes(), file), [field]);
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
  src: RepoSource, platform: PlatformConfig, folders: WorkloadFolders, issues: ContractIssue[], shas: Record<string, string>, memo?: ParseMemo,
  only?: ReadonlySet<string>, checked?: ReadonlySet<string>, partial?: ReadonlySet<string>,
): Record<string, EnvironmentState> {
  const declared = platform.environments.map((e) => e.name);
  const st = src.kind('environments');
  if (st && st !== 'dir') {
    issues.push(fileIssue('environments', GitOpsIssueCode.UNSAFE_PATH, st === 'symlink' ? 'is a symbolic link; environments/ must be a real directory' : 'is not a directory'));
    return {};
  }
  for (const name of src.list('environments')) {
    const est = src.kind(`environments/${name}`);
    if (!est || (est === 'file' && IGNORED_FILES.has(name))) continue;
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
    const file = `environments/${env.name}.yaml`;
    if (only && !only.has(env.name)) {
      out[env.name] = { environment: env.name, images: {}, releases: {}, legacy: false, retained: {} };
      return;
    }
    const vouched = memo?.knownSha?.(file);
    const remembered = vouched !== undefined ? memo!.environment(vouched, env.name, index > 0) : undefined;
    if (remembered && Object.keys(remembered.releases).every((s) => folders.has(s))) {
      shas[env.name] = vouched!;
      out[env.name] = remembered;
      return;
    }
    if (!src.kind(file)) {
      out[env.name] = { environment: env.name, images: {}, releases: {}, legacy: false, retained: {} };
      return;
    }
    const bytes = readRegularFile(src, file, issues, ENVIRONMENT_STATE_MAX_BYTES);
    if (!bytes) return;
    // Only some services' entries, from a file zave wrote (what a verb reads after its edit): no sha, no other entry read.
    const scoped = partial && checked ? readScopedEnvironmentState(bytes, env.name, index > 0, partial, checked) : undefined;
    if (scoped && Object.keys(scoped.releases).every((s) => folders.has(s))) {
      out[env.name] = scoped;
      return;
    }
    const sha = bytesSha(bytes);
    memo?.readSha?.(file, sha);
    shas[env.name] = sha;
    const known = memo?.environment(sha, env.name, index > 0);
    if (known && Object.keys(known.releases).every((s) => folders.has(s))) {
      out[env.name] = known;
      return;
    }
    const parsed = parseEnvironmentState(bytes, file, env.name, index > 0, checked);
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
          hint: didYouMean(service, folders.names()) ?? 'register it with "zave register", or remove the line',
        });
      }
    }
    if (parsed.state) out[env.name] = parsed.state;
  });
  return out;
}

/** Loads (and proves) every contract revision a release pins, for the workloads loaded. */
function loadRevisions(src: RepoSource, workloads: readonly RegisteredWorkload[], environments: Record<string, EnvironmentState>,
  issues: ContractIssue[], memo?: ParseMemo): Record<string, Record<string, ContractRevision>> {
  const out: Record<string, Record<string, ContractRevision>> = {};
  const byService = new Map(workloads.map((w) => [w.service, w]));
  // Only the loaded workloads' releases are proven: a verb that loads a few looks at their entries, not the fleet's.
  const loaded = [...byService.keys()].sort(byCodeUnit);
  for (const env of Object.keys(environments).sort()) {
    const releases = environments[env].releases;
    const services = loaded.length * 8 < Object.keys(releases).length ? loaded.filter((s) => Object.prototype.hasOwnProperty.call(releases, s)) : Object.keys(releases);
    for (const service of services) {
      const release = releases[service];
      const head = byService.get(service);
      if (!head || !release.contract) continue;
      const sha = release.contract.slice('sha256:'.length);
      if (out[service]?.[sha]) continue;
      const at = { file: `environments/${env}.yaml`, path: `releases.${service}.contract` };
      if (sha === head.contractSha) {
        (out[service] ??= {})[sha] = new LoadedRevision(service, sha, head.file, head.contract, head);
        continue;
      }
      const file = revisionFile(service, sha);
      // Vouched for by the memo (unchanged since its bytes hashed to this sha, whose parse it knows): not read.
      const remembered = memo?.knownSha?.(file) === sha ? memo!.contract(sha) : undefined;
      const bytes = remembered ? undefined : readRegularFile(src, file, [], MAX_INPUT_BYTES);
      const bytesSha256 = bytes ? bytesSha(bytes) : undefined;
      if (bytes) memo?.readSha?.(file, bytesSha256!);
      if (!remembered && (!bytes || bytesSha256 !== sha)) {
        issues.push({
          code: GitOpsIssueCode.CONTRACT_REVISION_MISSING,
          file: at.file,
          line: 1,
          column: 1,
          path: at.path,
          message: `${service} in ${env} pins contract ${release.contract}, but ${file} ${bytes ? 'holds other bytes' : 'is missing'}`,
          hint: 'a release pins the exact contract bytes, kept in Git beside the head: restore the file from history, or propose a release again',
        });
        continue;
      }
      const known = remembered ?? memo?.contract(sha);
      const parsed = known ? { contract: known, issues: [] } : parseContract(bytes!, file);
      if (!parsed.contract || parsed.contract.service !== service) {
        issues.push(...(parsed.contract ? [fileIssue(file, GitOpsIssueCode.NAME_MISMATCH, `the revision names service "${parsed.contract.service}", not ${service}`)] : parsed.issues));
        continue;
      }
      (out[service] ??= {})[sha] = new LoadedRevision(service, sha, file, parsed.contract);
    }
  }
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

function collisionNeighbours(only: ReadonlySet<string>, src: RepoSource): Set<string> {
  const out = new Set(only);
  for (const s of only) {
    if (s.endsWith('-db')) out.add(s.slice(0, -'-db'.length));
    if (src.kind(`workloads/${s}-db`) === 'dir') out.add(`${s}-db`);
  }
  return out;
}

/** Largest platform.yaml read. */
export const PLATFORM_MAX_BYTES = 256 * 1024;

/** platform.yaml, parsed (or as the memo remembers it, by sha256 of its bytes: the file is then not read when the memo vouches for it). */
function loadPlatform(src: RepoSource, issues: ContractIssue[], memo?: ParseMemo): { platform?: PlatformConfig; issues: ContractIssue[] } {
  const vouched = memo?.knownSha?.(PLATFORM_FILE);
  const remembered = vouched !== undefined ? memo!.platform?.(vouched) : undefined;
  if (remembered) return { platform: remembered, issues: [] };
  const bytes = readRegularFile(src, PLATFORM_FILE, issues, PLATFORM_MAX_BYTES);
  if (!bytes) return { issues: [] };
  const sha = bytesSha(bytes);
  memo?.readSha?.(PLATFORM_FILE, sha);
  const known = memo?.platform?.(sha);
  return known ? { platform: known, issues: [] } : parsePlatform(bytes, PLATFORM_FILE);
}

/**
 * Loads platform.yaml, workloads/ and environments/ of a GitOps repository on disk. Every problem of
 * every file is collected; listings are sorted; symlinks and hostile names are refused.
 */
export function loadGitOpsState(repoDir: string, memo?: ParseMemo): StateLoadResult {
  let root: string;
  try {
    root = fs.realpathSync(repoDir);
  } catch (e) {
    return { issues: [fileIssue(repoDir, IssueCode.FILE_NOT_FOUND, `repository not found: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)], notes: [] };
  }
  return loadState(new DirectorySource(root), root, { memo });
}

/** Options of loadState. */
export interface LoadStateOptions {
  /** Parsed inputs remembered from an earlier run. */
  readonly memo?: ParseMemo;
  /**
   * Parse only these workloads' contracts (the others are still listed, so promotion state that names
   * them is valid): what a lifecycle verb does, so its cost follows the change, not the fleet.
   */
  readonly only?: ReadonlySet<string>;
  /**
   * Read the promotion state of only these environments; the others load as empty (nothing renders
   * there). What a lifecycle verb does: it re-renders only the environments whose state it edits.
   * @default every environment
   */
  readonly environments?: ReadonlySet<string>;
  /**
   * Check only these services' releases in promotion-state files zave wrote (the others are taken as
   * written; see parseEnvironmentState): what a lifecycle verb does after editing those releases.
   * @default every release is checked
   */
  readonly releasesChecked?: ReadonlySet<string>;
  /**
   * With `only` and `releasesChecked`: read from each promotion-state file zave wrote the entries of
   * the workloads loaded only, and no other (see readScopedEnvironmentState): each environment's state
   * then holds theirs only (isPartialState). What a lifecycle verb does after its edit.
   * @default false
   */
  readonly partialReleases?: boolean;
}

/** Loads the state from any source (a working tree, a commit, a commit with a verb's edits). */
export function loadState(src: RepoSource, root: string, options: LoadStateOptions = {}): StateLoadResult {
  const issues: ContractIssue[] = [];
  const notes: string[] = [];
  const memo = options.memo;
  const platformResult = loadPlatform(src, issues, memo);
  issues.push(...platformResult.issues);
  issues.push(...controlFileIssues((rel) => !rel.startsWith('deploy/') && src.kind(rel) !== undefined));
  const platform = platformResult.platform;
  // A verb that loads only some contracts also loads the ones whose names can collide with them (<x> and <x>-db).
  const only = options.only ? collisionNeighbours(options.only, src) : undefined;
  const folders = new WorkloadFolders(src, only);
  const workloads = loadWorkloads(src, platform, issues, folders, memo, only);
  if (platform) {
    // A workload has a database exactly when its contract says `database: postgres` (resolveContract
    // takes the field as written, default none): no contract is resolved just to check isolation.
    const iso = workloads.map((w) => ({ service: w.service, database: w.contract.database === Database.POSTGRES, file: w.file }));
    issues.push(...reservedNamespaceIssues(platform, iso), ...renderedNameCollisions(platform, iso), ...apiServerCidrIssues(platform, iso));
  }
  const environmentShas: Record<string, string> = {};
  const partial = options.partialReleases && only ? only : undefined;
  const environments = platform ? loadEnvironments(src, platform, folders, issues, environmentShas, memo, options.environments, options.releasesChecked, partial) : {};
  const revisions = platform ? loadRevisions(src, workloads, environments, issues, memo) : {};
  if (platform && !options.only) notes.push(...missingImageNotes(platform, environments, new Set(workloads.map((w) => w.service))));
  if (issues.length > 0 || !platform) return { issues: sortIssues(issues), notes };
  return { state: { root, platform, workloads, environments, environmentShas, revisions }, issues: [], notes };
}
