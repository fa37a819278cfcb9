import { diffDeploy, EnvironmentChange, snapshotFiles, withoutCommonDocuments } from './deploy-diff';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { releaseScope } from './state-files';
import { objectId, TreeEdit, treeEntries, treeHasFolder, treeLookup, treeObjectName } from './tree-writer';
import { Git } from '../git/git';
import { GitOpsIssueCode } from '../issue-codes';
import { APPLICATIONS_DIR, applicationsDir, BOOTSTRAP_DIR, DEPLOY_DIR, ENVIRONMENTS_DIR, environmentStateFile, KUSTOMIZATION, LEGACY_CONTROL_PATHS, manifestName, manifestPath, namespaceManifestName, namespaceManifestPath, PLATFORM_FILE, WORKLOADS_DIR, workloadFolder } from '../repo/layout';
import { GitTreeSource, OverlaySource, parseTreeListing, TreeListingEntry } from '../repo/source';
import { ENVIRONMENT_STATE_MAX_BYTES, parseEnvironmentState } from '../state/environment-state';
import { isPartialState } from '../state/environment-state-scoped';
import { GitOpsState, loadState } from '../state/load';
import { environmentFiles, retainedServices, spliceKustomization, tenantFileName } from '../synth/env-files';
import { libraryVersion, RENDER_FORMAT_VERSION } from '../synth/fingerprint';
import { planSynth } from '../synth/plan';
import { heldFilesOfReleases } from '../synth/platform-pins';

/** What a verb's edit turns into: every file it changes, and the object-level difference of deploy/. */
export interface TreeChange {
  readonly edits: TreeEdit[];
  readonly deployChanges: EnvironmentChange[];
  /** True when the base still had the deploy layout before 0.1 (one file per object): this change migrates all of it. */
  readonly migrated: boolean;
}

/** `<commit>:<prefix>` as a tree-ish (the GitOps root inside the repository). */
export function rootTreeish(commit: string, prefix: string): string {
  return treeObjectName(commit, prefix);
}

/** The environments a change reads the promotion state of, and those it writes (`writes` within `reads`). */
export interface EnvironmentScope {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/**
 * The intent files of a commit: platform.yaml, workloads/, environments/, plus the legacy control paths
 * to refuse. The promotion state of the environments the change reads (default: all) is read up front,
 * with the deploy/ folders of those it writes; any other file when asked for.
 */
export function intentSource(git: Git, commit: string, prefix: string, services: readonly string[] = [], environments?: EnvironmentScope): GitTreeSource {
  const treeish = rootTreeish(commit, prefix);
  // workloads/ is not listed (one entry per workload): the verb's workloads, and the neighbours whose names
  // can collide with theirs (<x> and <x>-db), are looked up up front; the listing comes only if something asks for it.
  const neighbours = [...new Set(services.flatMap((s) => [s, `${s}-db`, ...(s.endsWith('-db') ? [s.slice(0, -'-db'.length)] : [])]))];
  const src = GitTreeSource.load(git, treeish, [PLATFORM_FILE, ...LEGACY_CONTROL_PATHS], [ENVIRONMENTS_DIR], neighbours.map(workloadFolder), [WORKLOADS_DIR]);
  if (src.kind(PLATFORM_FILE) === undefined) {
    throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `the base commit ${commit.slice(0, 12)} has no ${prefix ? `${prefix}/` : ''}platform.yaml: it is not a GitOps repository`);
  }
  // Every verb reads platform.yaml, the promotion state of its environments, and later their deploy/
  // folders (computeTreeChange): one git process for all.
  const states = stateFileEnvironments(src.list(ENVIRONMENTS_DIR));
  src.prefetch([PLATFORM_FILE, ...states.filter((e) => !environments || environments.reads.includes(e)).map(environmentStateFile),
    ...services.flatMap((s) => src.list(workloadFolder(s)).map((n) => `${workloadFolder(s)}/${n}`))], ENVIRONMENT_STATE_MAX_BYTES,
  deployFolderNames(commit, prefix, states.filter((e) => !environments || environments.writes.includes(e))).names);
  const control = LEGACY_CONTROL_PATHS.filter((p) => src.kind(p) !== undefined);
  if (control.length > 0) {
    throw new LifecycleError(LifecycleErrorCode.UNSAFE_PATH, `the base branch holds zave control file(s) ${control.join(', ')} [${GitOpsIssueCode.CONTROL_FILE_IN_TREE}]: zave keeps its journal, lock and cache under .git/ and never trusts one from the tree; remove them (git rm -r) and commit first`);
  }
  return src;
}

/** True for `environments/<env>.yaml`. */
function isEnvironmentStateFile(rel: string): boolean {
  return rel.startsWith(`${ENVIRONMENTS_DIR}/`) && rel.endsWith('.yaml') && !rel.slice(ENVIRONMENTS_DIR.length + 1).includes('/');
}

/** `dev` of `environments/dev.yaml`. */
function environmentOfStateFile(rel: string): string {
  return rel.slice(ENVIRONMENTS_DIR.length + 1, -'.yaml'.length);
}

function listing(git: Git, treeish: string, paths: readonly string[], recursive: boolean): Map<string, TreeListingEntry> {
  if (paths.length === 0) return new Map();
  return parseTreeListing(git.runSync(['ls-tree', ...(recursive ? ['-r'] : []), '-l', '-z', treeish, '--', ...paths]));
}

/** One entry of a base folder: mode as ls-tree prints it (`040000` for a folder) and object id. */
interface BaseEntry {
  readonly mode: string;
  readonly oid: string;
}

/**
 * The folders of deploy/ a verb's change can touch, as git tree objects (by path from the GitOps root;
 * a folder the base does not have is absent): deploy/, deploy/<x>/ for every x in it,
 * deploy/applications/<env>/ for `environments`, and deploy/bootstrap/, but not the folders of the
 * environments in `unread` (those a change of some services leaves alone). The root, environments/ and
 * workloads/ are read too, for the tree writer, which finds them all in the Git's object cache. One
 * `git cat-file --batch` when deploy/ holds no folder beyond those (a second one otherwise).
 */
function deployFolders(git: Git, base: string, prefix: string, environments: readonly string[], unread: ReadonlySet<string>, format: 'sha1' | 'sha256'): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const read = (folders: { dirs: readonly string[]; names: readonly string[] }) => {
    git.readObjects(folders.names).forEach((o, i) => {
      if (o?.type === 'tree') out.set(folders.dirs[i], o.content);
    });
  };
  read(deployFolderNames(base, prefix, environments));
  const deploy = out.get(DEPLOY_DIR);
  if (deploy) {
    // Read by object id: a folder's name may hold bytes a `cat-file` path cannot (a line break).
    const others = [...treeEntries(deploy, format)].filter(([name, e]) => e.mode === '40000' && !out.has(`${DEPLOY_DIR}/${name}`) && !unread.has(name));
    if (others.length > 0) read({ dirs: others.map(([name]) => `${DEPLOY_DIR}/${Buffer.from(name, 'latin1').toString('utf8')}`), names: others.map(([, e]) => e.oid) });
  }
  return out;
}

/** A path from the GitOps root as a path from the repository root. */
function inside(prefix: string, dir: string): string {
  return prefix ? (dir ? `${prefix}/${dir}` : prefix) : dir;
}

/** The folders deployFolders reads first (paths from the GitOps root) and the names git reads them by. */
function deployFolderNames(base: string, prefix: string, environments: readonly string[]): { dirs: string[]; names: string[] } {
  const dirs = ['', ENVIRONMENTS_DIR, WORKLOADS_DIR, DEPLOY_DIR, APPLICATIONS_DIR, BOOTSTRAP_DIR, ...environments.flatMap((e) => [`${DEPLOY_DIR}/${e}`, applicationsDir(e)])];
  return { dirs, names: dirs.map((d) => treeObjectName(base, inside(prefix, d))) };
}

/**
 * `dev` for each `dev.yaml` of environments/ whose name can be an environment's (a DNS label; the
 * loader reports any other file there).
 */
function stateFileEnvironments(names: readonly string[]): string[] {
  return names.filter((n) => /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.yaml$/.test(n)).map((n) => n.slice(0, -'.yaml'.length));
}

/**
 * The base's files at these paths (as `ls-tree -r` lists them: not folders), looked up in the folders
 * read; paths in other folders are listed by `rest`.
 */
function filesOf(trees: ReadonlyMap<string, Buffer>, paths: readonly string[], rest: (paths: readonly string[]) => Map<string, BaseEntry>,
  format: 'sha1' | 'sha256'): Map<string, BaseEntry> {
  const out = new Map<string, BaseEntry>();
  const elsewhere: string[] = [];
  const byDir = new Map<string, Map<string, string>>();
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    const dir = p.slice(0, slash);
    if (!trees.has(dir)) {
      elsewhere.push(p);
      continue;
    }
    if (!byDir.has(dir)) byDir.set(dir, new Map());
    byDir.get(dir)!.set(Buffer.from(p.slice(slash + 1), 'utf8').toString('latin1'), p);
  }
  for (const [dir, names] of byDir) {
    for (const [name, e] of treeLookup(trees.get(dir)!, new Set(names.keys()), format)) {
      if (e.mode !== '40000') out.set(names.get(name)!, { mode: e.mode.padStart(6, '0'), oid: e.oid });
    }
  }
  for (const [p, e] of rest(elsewhere)) out.set(p, e);
  return out;
}

/**
 * `state` with the whole promotion state of `environment` when the loaded one is partial (see
 * isPartialState): its file read in full, the releases of `checked` checked. Throws when it is not valid.
 */
function wholeState(intent: OverlaySource, state: GitOpsState, environment: string, checked?: ReadonlySet<string>): GitOpsState {
  const loaded = state.environments[environment];
  if (!loaded || !isPartialState(loaded)) return state;
  const file = environmentStateFile(environment);
  const got = intent.read(file, ENVIRONMENT_STATE_MAX_BYTES);
  const index = state.platform.environments.findIndex((e) => e.name === environment);
  const parsed = 'bytes' in got ? parseEnvironmentState(got.bytes, file, environment, index > 0, checked) : undefined;
  if (!parsed?.state) {
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED, `${file} is not a valid promotion state after this change; nothing was committed`, parsed?.issues ?? []);
  }
  return { ...state, environments: { ...state.environments, [environment]: parsed.state } };
}

/** A kustomization file a change of some services edits: the resources it adds and removes, or the whole text. */
interface KustomizationEdit {
  readonly path: string;
  readonly add: readonly string[];
  readonly remove: readonly string[];
  /** The whole file as synth renders it, for a base file the edit cannot be spliced into. */
  readonly whole: () => string;
}

/** deploy/<env>/kustomization.yaml and deploy/applications/<env>/kustomization.yaml. */
function kustomizationPaths(env: string): string[] {
  return [`${DEPLOY_DIR}/${env}/${KUSTOMIZATION}`, `${applicationsDir(env)}/${KUSTOMIZATION}`];
}

/**
 * The lines the change of `services` makes in an environment's two kustomization files: a released
 * service lists its manifest and Namespace files (and its Argo CD file), a service whose data is
 * retained its Namespace file only, any other none.
 */
function kustomizationEdits(env: string, services: readonly string[], released: readonly string[], retained: readonly string[]): Omit<KustomizationEdit, 'whole'>[] {
  const [deploy, apps] = kustomizationPaths(env);
  const files = { path: deploy, add: [] as string[], remove: [] as string[] };
  const argo = { path: apps, add: [] as string[], remove: [] as string[] };
  for (const s of services) {
    const isReleased = released.includes(s);
    (isReleased ? files.add : files.remove).push(manifestName(s));
    (isReleased || retained.includes(s) ? files.add : files.remove).push(namespaceManifestName(s));
    (isReleased ? argo.add : argo.remove).push(tenantFileName(env, s));
  }
  return [files, argo];
}

/**
 * Renders only what a change touches, against the base commit's objects: the affected services'
 * manifests and the small Argo CD and kustomization files in every environment whose promotion state
 * the edit writes (every environment when it writes platform.yaml; no other environment is read).
 * Files are compared by object id, so unchanged ones cost nothing. When the base still has the
 * old per-object layout, every workload is rendered once (the migration).
 */
export async function computeTreeChange(git: Git, base: string, prefix: string, intent: OverlaySource, affected: readonly string[] | 'all',
  format: 'sha1' | 'sha256', progress: (m: string) => void): Promise<TreeChange> {
  const treeish = rootTreeish(base, prefix);
  // Every workload folder, listed only for a change of all of them (or a file written whole); a change of some looks up theirs.
  let listedFolders: string[] | undefined;
  const folders = () => (listedFolders ??= intent.list('workloads').filter((s) => intent.kind(`workloads/${s}`) === 'dir'));
  const isFolder = (s: string) => intent.kind(`workloads/${s}`) === 'dir';
  const platformChanged = intent.written().includes(PLATFORM_FILE);
  // The folders of deploy/, read once as tree objects: a folder inside deploy/<env>/ is the per-object
  // layout before 0.1, which this change migrates. A change of some services reads the folders of the
  // environments whose promotion state it writes (and any folder that is no environment's), not the others.
  const stateEnvironments = stateFileEnvironments(intent.list(ENVIRONMENTS_DIR));
  const writtenEnvironments = new Set(intent.written().filter(isEnvironmentStateFile).map(environmentOfStateFile));
  const readEnvironments = affected === 'all' || platformChanged ? stateEnvironments : stateEnvironments.filter((e) => writtenEnvironments.has(e));
  const deployTrees = deployFolders(git, base, prefix, readEnvironments, new Set(stateEnvironments.filter((e) => !readEnvironments.includes(e))), format);
  const legacyDirs: string[] = [];
  for (const [dir, content] of deployTrees) {
    const parts = dir.split('/');
    if (parts.length !== 2 || parts[0] !== DEPLOY_DIR || parts[1] === 'applications' || parts[1] === 'bootstrap' || !treeHasFolder(content, format)) continue;
    for (const [name, e] of treeEntries(content, format)) if (e.mode === '40000') legacyDirs.push(`${dir}/${Buffer.from(name, 'latin1').toString('utf8')}`);
  }
  const migrated = legacyDirs.length > 0;
  const services = affected === 'all' || platformChanged || migrated ? folders() : affected.filter((s) => isFolder(s) || intent.kind(`workloads/${s}`) === undefined);
  const all = affected === 'all' || platformChanged || migrated;
  if (migrated) progress(`the base uses the deploy layout before 0.1 (${legacyDirs.length} per-workload folders): re-rendering every workload into one file per workload`);

  // Only the environments whose promotion state the edit writes can render differently: releases pin
  // the contract revision and the zave version they run, so nothing else a verb edits reaches the
  // others (platform.yaml does, and then everything is re-rendered). Their state is not even read.
  const edited = all ? undefined : writtenEnvironments;
  // The releases the edit changed are checked; the others are copied as the base has them (see releaseScope).
  const scope = all ? undefined : releaseScope(intent);
  // With a scope, the edited files' entries of the affected services only are read (see readScopedEnvironmentState).
  const loaded = loadState(intent, '', { only: new Set(services), ...(edited ? { environments: edited } : {}), ...(scope ? { releasesChecked: new Set([...scope, ...services]), partialReleases: true } : {}) });
  if (!loaded.state) {
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED,
      `the GitOps repository does not synthesize after this change (${loaded.issues.length} problem(s)); nothing was committed:\n${loaded.issues.slice(0, 20).map((i) => `  ${i.file}:${i.line}:${i.column}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`).join('\n')}`, loaded.issues);
  }
  const state = loaded.state;
  const version = libraryVersion();
  // A verb keeps no render cache, so the plan's input hashes need no code hash (hashing lib/ costs ~50 ms).
  const plan = planSynth(state, { format: RENDER_FORMAT_VERSION, version, code: 'lifecycle-verb' });
  // Releases pinned to another zave version are held: their files stay as the base has them.
  const held = heldFilesOfReleases(state.environments, version, all ? undefined : services);
  const pairs = plan.flatMap((e) => e.pairs).filter((p) => p.platform === version);
  progress(`rendering ${pairs.length} workload manifest(s)`);
  const desired = new Map<string, string | null>();
  // The renderer (cdk8s and the strategies) is loaded only when something is rendered: register and deregister render nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const render = pairs.length === 0 ? undefined : (require('../synth/render-jobs') as typeof import('../synth/render-jobs')).renderPairs;
  const issues = !render ? [] : await render(pairs, state, { repoRoot: '', returnContent: true }, { workers: pairs.length >= 200 ? 'auto' : 0 }, (_p, r) => {
    for (const f of r.files) desired.set(f.file, f.content!);
  });
  if (issues.length > 0) {
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED, `rendering failed: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
  const envs = state.platform.environments.map((e) => e.name);
  const rendered = edited ? state.platform.environments.filter((e) => edited.has(e.name)) : state.platform.environments;
  // Where nothing is re-rendered, files stay as the base has them (a service without a release in an
  // environment has no files there but the Namespace of data it retained, which stays).
  let registeredAll: Set<string> | undefined;
  const registered = { has: (s: string) => (registeredAll ??= new Set(folders())).has(s) };
  for (const env of rendered.map((e) => e.name)) {
    for (const s of services) for (const p of [manifestPath(env, s), namespaceManifestPath(env, s)]) if (!desired.has(p) && !held.has(p)) desired.set(p, null);
  }
  // The Argo CD files of every re-rendered environment: rendered for the affected services only (the others
  // cannot change). The two kustomization files of an environment list every workload: a change of some
  // services edits their lines in the base's files (below), and only a change of all renders them whole.
  // Namespace files of retained data are environment-level files too.
  const only = all ? undefined : new Set(services);
  const listings: KustomizationEdit[] = [];
  for (const env of rendered) {
    const images = state.environments[env.name]?.images ?? {};
    if (!only) {
      const withImage = Object.keys(images).filter((s) => registered.has(s)).sort();
      for (const f of environmentFiles(env, state.platform.gitops, withImage, retainedServices(state, env.name))) if (!held.has(f.path)) desired.set(f.path, f.content);
      continue;
    }
    const released = services.filter((s) => isFolder(s) && images[s] !== undefined);
    const retained = retainedServices(state, env.name).filter((s) => only.has(s));
    const kustomizations = kustomizationPaths(env.name);
    for (const f of environmentFiles(env, state.platform.gitops, released, retained, only)) {
      if (!held.has(f.path) && !kustomizations.includes(f.path)) desired.set(f.path, f.content);
    }
    for (const s of services) {
      const file = `${applicationsDir(env.name)}/${tenantFileName(env.name, s)}`;
      if (!released.includes(s) && !held.has(file)) desired.set(file, null);
    }
    const lines = kustomizationEdits(env.name, services, released, retained);
    // Written whole when the change cannot edit the base's file (see spliceKustomization): rendered once for both.
    let wholeFiles: Map<string, string> | undefined;
    const whole = () => {
      if (!wholeFiles) {
        // Every workload of the environment: its whole promotion state, when the one loaded holds the affected services' entries only.
        const full = wholeState(intent, state, env.name, scope);
        wholeFiles = new Map(environmentFiles(env, state.platform.gitops, Object.keys(full.environments[env.name]?.images ?? {}).filter((s) => registered.has(s)).sort(),
          retainedServices(full, env.name), new Set()).map((f) => [f.path, f.content]));
      }
      return wholeFiles;
    };
    for (const edit of lines) if (!held.has(edit.path)) listings.push({ ...edit, whole: () => whole().get(edit.path)! });
  }
  // What the base has where the change is authoritative: all of deploy/ when everything is re-rendered,
  // else exactly the files this change renders (a stray file elsewhere is synth's to remove).
  const baseFiles = all ? listing(git, treeish, [DEPLOY_DIR], true)
    : filesOf(deployTrees, [...desired.keys(), ...listings.map((l) => l.path)], (rest) => listing(git, treeish, rest, true), format);
  if (all) for (const [p, e] of baseFiles) if (!desired.has(p) && !held.has(p) && e.mode !== '040000') desired.set(p, null);
  const edits: TreeEdit[] = [];
  const before = new Map<string, string>();
  const after = new Map<string, string>();
  const readBlobs: string[] = [];
  const compare = (p: string, content: string | null) => {
    const was = baseFiles.get(p);
    if (content === null) {
      if (was && was.mode !== '040000') {
        edits.push({ path: p, content: null });
        readBlobs.push(p);
      }
      return;
    }
    const bytes = Buffer.from(content, 'utf8');
    if (was && was.oid === objectId('blob', bytes, format).toString('hex')) return;
    edits.push({ path: p, content: bytes });
    after.set(p, content);
    if (was) readBlobs.push(p);
  };
  for (const [p, content] of [...desired.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) compare(p, content);
  // One git process reads the base's files this change replaces and its kustomization files.
  const listed = listings.filter((l) => baseFiles.get(l.path)?.mode === '100644');
  const blobs = git.readBlobs([...readBlobs, ...listed.map((l) => l.path)].map((p) => baseFiles.get(p)!.oid));
  readBlobs.forEach((p, i) => before.set(p, blobs[i].toString('utf8')));
  const baseListings = new Map(listed.map((l, i) => [l.path, blobs[readBlobs.length + i].toString('utf8')]));
  for (const l of listings) {
    const was = baseListings.get(l.path);
    const content = (was !== undefined ? spliceKustomization(was, l.add, l.remove) : undefined) ?? l.whole();
    if (was !== undefined && content === was) continue;
    compare(l.path, content);
    if (was !== undefined && after.has(l.path)) before.set(l.path, was);
  }
  edits.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const p of intent.written()) {
    const got = intent.read(p, Number.MAX_SAFE_INTEGER);
    if ('bytes' in got) edits.push({ path: p, content: got.bytes });
  }
  for (const p of intent.removed()) edits.push({ path: p, content: null });
  // Unchanged manifests of the old layout are compared by object too (so a migration reads as no object change).
  const byPath = (files: Map<string, string>) => new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const [changedBefore, changedAfter] = withoutCommonDocuments(byPath(before), byPath(after));
  return { edits, deployChanges: diffDeploy(snapshotFiles(changedBefore), snapshotFiles(changedAfter), envs), migrated };
}
