import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { diffDeploy, EnvironmentChange, snapshotFiles } from './deploy-diff';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { Git } from '../git/git';
import { GitOpsIssueCode } from '../issue-codes';
import { applicationsDir, bootstrapFile, DEPLOY_DIR, environmentDir, LEGACY_CONTROL_PATHS, manifestPath, namespaceManifestPath, PLATFORM_FILE } from '../repo/layout';
import { GitTreeSource, OverlaySource, parseTreeListing, TreeListingEntry } from '../repo/source';
import { loadState } from '../state/load';
import { environmentFiles, retainedServices } from '../synth/env-files';
import { libraryFingerprint, RENDER_FORMAT_VERSION } from '../synth/fingerprint';
import { planSynth } from '../synth/plan';
import { renderPairs } from '../synth/render-jobs';

/** One file of the new commit: content, or null to delete (a folder: everything below it). */
export interface FileEdit {
  /** Path relative to the GitOps root. */
  readonly path: string;
  readonly content: Buffer | null;
}

/** What a verb's edit turns into: every file it changes, and the object-level difference of deploy/. */
export interface TreeChange {
  readonly edits: FileEdit[];
  readonly deployChanges: EnvironmentChange[];
  /** True when the base still had the deploy layout before 0.1 (one file per object): this change migrates all of it. */
  readonly migrated: boolean;
}

/** `<commit>:<prefix>` as a tree-ish (the GitOps root inside the repository). */
export function rootTreeish(commit: string, prefix: string): string {
  return prefix ? `${commit}:${prefix}` : `${commit}^{tree}`;
}

/** The intent files of a commit: platform.yaml, workloads/, environments/, plus the legacy control paths to refuse. */
export function intentSource(git: Git, commit: string, prefix: string): GitTreeSource {
  const treeish = rootTreeish(commit, prefix);
  const src = GitTreeSource.load(git, treeish, [PLATFORM_FILE, 'workloads', 'environments', ...LEGACY_CONTROL_PATHS]);
  if (src.kind(PLATFORM_FILE) === undefined) {
    throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `the base commit ${commit.slice(0, 12)} has no ${prefix ? `${prefix}/` : ''}platform.yaml: it is not a GitOps repository`);
  }
  const control = LEGACY_CONTROL_PATHS.filter((p) => src.kind(p) !== undefined);
  if (control.length > 0) {
    throw new LifecycleError(LifecycleErrorCode.UNSAFE_PATH, `the base branch holds zave control file(s) ${control.join(', ')} [${GitOpsIssueCode.CONTROL_FILE_IN_TREE}]: zave keeps its journal, lock and cache under .git/ and never trusts one from the tree; remove them (git rm -r) and commit first`);
  }
  return src;
}

/** git's object id of a blob with these bytes, in the repository's hash (sha1 or sha256). */
export function blobId(content: Buffer, format: 'sha1' | 'sha256'): string {
  return createHash(format).update(`blob ${content.length}\0`).update(content).digest('hex');
}

function listing(git: Git, treeish: string, paths: readonly string[], recursive: boolean): Map<string, TreeListingEntry> {
  if (paths.length === 0) return new Map();
  return parseTreeListing(git.runSync(['ls-tree', ...(recursive ? ['-r'] : []), '-l', '-z', treeish, '--', ...paths]));
}

/**
 * Renders only what a change touches, against the base commit's objects: the affected services'
 * manifests in every environment and every environment's small Argo CD and kustomization files.
 * Files are compared by object id, so unchanged ones cost nothing. When the base still has the
 * old per-object layout, every workload is rendered once (the migration).
 */
export async function computeTreeChange(git: Git, base: string, prefix: string, intent: OverlaySource, affected: readonly string[] | 'all',
  format: 'sha1' | 'sha256', progress: (m: string) => void): Promise<TreeChange> {
  const treeish = rootTreeish(base, prefix);
  const folders = intent.list('workloads').filter((s) => intent.kind(`workloads/${s}`) === 'dir');
  const platformChanged = intent.written().includes(PLATFORM_FILE);
  const envDirs = listing(git, treeish, [`${DEPLOY_DIR}/`], false);
  const envNames = [...envDirs.keys()].map((p) => p.split('/')[1]).filter((n) => n !== 'applications' && n !== 'bootstrap');
  const top = listing(git, treeish, envNames.map((e) => `${environmentDir(e)}/`), false);
  const legacyDirs = [...top.entries()].filter(([, e]) => e.mode === '040000').map(([p]) => p);
  const migrated = legacyDirs.length > 0;
  const services = affected === 'all' || platformChanged || migrated ? folders : affected.filter((s) => folders.includes(s) || intent.kind(`workloads/${s}`) === undefined);
  const all = affected === 'all' || platformChanged || migrated;
  if (migrated) progress(`the base uses the deploy layout before 0.1 (${legacyDirs.length} per-workload folders): re-rendering every workload into one file per workload`);

  const loaded = loadState(intent, '', { only: new Set(services) });
  if (!loaded.state) {
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED,
      `the GitOps repository does not synthesize after this change (${loaded.issues.length} problem(s)); nothing was committed:\n${loaded.issues.slice(0, 20).map((i) => `  ${i.file}:${i.line}:${i.column}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`).join('\n')}`, loaded.issues);
  }
  const state = loaded.state;
  const fp = libraryFingerprint();
  const plan = planSynth(state, { format: RENDER_FORMAT_VERSION, version: fp.version, code: fp.code });
  const pairs = plan.flatMap((e) => e.pairs);
  progress(`rendering ${pairs.length} workload manifest(s)`);
  const desired = new Map<string, string | null>();
  const issues = await renderPairs(pairs, state, { repoRoot: '', returnContent: true }, { workers: pairs.length >= 200 ? 'auto' : 0 }, (_p, r) => {
    for (const f of r.files) desired.set(f.file, f.content!);
  });
  if (issues.length > 0) {
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED, `rendering failed: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
  const envs = state.platform.environments.map((e) => e.name);
  for (const env of envs) for (const s of services) for (const p of [manifestPath(env, s), namespaceManifestPath(env, s)]) if (!desired.has(p)) desired.set(p, null);
  // Namespace files of retained data are environment-level files: rendered, and compared with the base, in every change.
  const retainedPaths: string[] = [];
  for (const env of state.platform.environments) {
    const withImage = Object.keys(state.environments[env.name]?.images ?? {}).filter((s) => folders.includes(s)).sort();
    const retained = retainedServices(state, env.name);
    for (const s of retained) if (!services.includes(s)) retainedPaths.push(namespaceManifestPath(env.name, s));
    for (const f of environmentFiles(env, state.platform.gitops, withImage, retained)) desired.set(f.path, f.content);
  }
  // What the base has where the change is authoritative: its manifests, every environment's Argo CD files.
  const baseFiles = all ? listing(git, treeish, [DEPLOY_DIR], true)
    : listing(git, treeish, [...envs.flatMap((e) => [applicationsDir(e), bootstrapFile(e), `${environmentDir(e)}/kustomization.yaml`,
      ...services.flatMap((s) => [manifestPath(e, s), namespaceManifestPath(e, s)])]), ...retainedPaths], true);
  for (const [p, e] of baseFiles) {
    if (desired.has(p)) continue;
    const owned = all || envs.some((env) => p.startsWith(`${applicationsDir(env)}/`));
    if (owned && e.mode !== '040000') desired.set(p, null);
  }
  const edits: FileEdit[] = [];
  const before = new Map<string, string>();
  const after = new Map<string, string>();
  const readBlobs: string[] = [];
  for (const [p, content] of [...desired.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const was = baseFiles.get(p);
    if (content === null) {
      if (was && was.mode !== '040000') {
        edits.push({ path: p, content: null });
        readBlobs.push(p);
      }
      continue;
    }
    const bytes = Buffer.from(content, 'utf8');
    if (was && was.oid === blobId(bytes, format)) continue;
    edits.push({ path: p, content: bytes });
    after.set(p, content);
    if (was) readBlobs.push(p);
  }
  for (const p of readBlobs) before.set(p, git.runSync(['cat-file', 'blob', baseFiles.get(p)!.oid]).toString('utf8'));
  for (const p of intent.written()) {
    const got = intent.read(p, Number.MAX_SAFE_INTEGER);
    if ('bytes' in got) edits.push({ path: p, content: got.bytes });
  }
  for (const p of intent.removed()) edits.push({ path: p, content: null });
  // Unchanged manifests of the old layout are compared by object too (so a migration reads as no object change).
  return { edits, deployChanges: diffDeploy(snapshotFiles(before), snapshotFiles(after), envs), migrated };
}

/**
 * Writes the edits as a new tree on top of `base` with plumbing only (a private index file, blobs
 * from one `hash-object --stdin-paths`, `update-index --index-info`, `write-tree`): nothing is checked
 * out, and the cost follows the number of files changed.
 */
export async function writeTree(git: Git, base: string, prefix: string, edits: readonly FileEdit[], scratch: string): Promise<string> {
  const index = path.join(scratch, 'index');
  const env = { GIT_INDEX_FILE: index };
  const full = (p: string) => (prefix ? `${prefix}/${p}` : p);
  await git.run(['read-tree', base], { env });
  const blobsDir = path.join(scratch, 'blobs');
  fs.mkdirSync(blobsDir, { recursive: true });
  const writes = edits.filter((e) => e.content !== null);
  const files = writes.map((e, i) => {
    const f = path.join(blobsDir, String(i));
    fs.writeFileSync(f, e.content!);
    return f;
  });
  const oids = writes.length ? (await git.text(['hash-object', '-w', '--no-filters', '--stdin-paths'], { input: files.join('\n') + '\n' })).split('\n') : [];
  const lines: string[] = [];
  const zero = '0'.repeat(oids[0]?.length ?? 40);
  for (const e of edits.filter((x) => x.content === null)) {
    // A removed folder: every file the base index has below it.
    const under = (await git.run(['ls-files', '-z', '--', full(e.path)], { env })).stdout.split('\0').filter(Boolean);
    for (const f of under) lines.push(`0 ${zero}\t${f}`);
  }
  writes.forEach((e, i) => lines.push(`100644 ${oids[i]}\t${full(e.path)}`));
  if (lines.length) await git.run(['update-index', '-z', '--index-info'], { env, input: lines.join('\0') + '\0' });
  return git.text(['write-tree'], { env });
}
