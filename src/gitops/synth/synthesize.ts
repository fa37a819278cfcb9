import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { ApplicationsCacheEntry, CACHE_FORMAT, decodeInput, decodeOutput, decodePair, encodeOutput, entryLines, joinEntryLines, readCacheFile, statSignature, storedState, SynthCache, writeCache } from './cache';
import { fileHasBytes } from './disk-bytes';
import { environmentFiles, retainedServices, tenantFileName } from './env-files';
import { hexToUrl, libraryFingerprint, RENDER_FORMAT_VERSION, sha256url } from './fingerprint';
import { InputMemo } from './input-memo';
import { applicationsDir, DEPLOY_DIR, manifestPath, namespaceManifestPath } from './layout';
import { NOOP_SNAPSHOT_FORMAT, NoopOutcome, observe, removeNoopSnapshot, replayableNoop, writeNoopSnapshot } from './noop-snapshot';
import { LibraryIdentity, PlannedEnvironment, PlannedPair, planSynth } from './plan';
import { groupHeld, heldMissingIssue, heldNote, heldPairs, onlyPlatformIssue, pairOwnedFiles } from './platform-pins';
import type { StartedWorkers } from './pool';
import { failure, SynthesizeOptions, SynthesizeResult, unsafeIssue } from './result';
import { DeployTransaction, lockRepository, LockedError, recoverStaging, SimulatedCrash, specialKind, UnsafePathError, CorruptJournalError } from './transaction';
import { TreeEntry, walkTree } from './tree';
import { ContractIssue } from '../../contract/issue';
import { GitOpsIssueCode } from '../issue-codes';
import { ENVIRONMENTS_DIR, PLATFORM_FILE, WORKLOADS_DIR } from '../repo/layout';
import { HeldLock } from '../repo/lock';
import { GitOpsState, loadGitOpsState } from '../state/load';
import { lstatOrUndefined } from '../state/safe-read';

export { FileDifference } from './diff';
export { SynthProgress, SynthesizeOptions, SynthesizeResult } from './result';

/** The library build; `known` (from the cache) spares hashing the build's files while their stat signatures are unchanged. */
function library(known?: SynthCache): LibraryIdentity & { build?: string } {
  const fp = libraryFingerprint(known ? { code: known.code, ...(typeof known.build === 'string' ? { build: known.build } : {}) } : undefined);
  return { format: RENDER_FORMAT_VERSION, version: fp.version, code: fp.code, ...(fp.build !== undefined ? { build: fp.build } : {}) };
}

/** The identity that enters every input hash: without `build` (stat signatures must not change what a render's inputs are). */
function identity(lib: LibraryIdentity): LibraryIdentity {
  return { format: lib.format, version: lib.version, code: lib.code };
}

/*
 * The render path (cdk8s, the strategies, the worker pool) and check are loaded on first use: a
 * no-op synth renders nothing and loads none of it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const checkModule = (): typeof import('./check') => require('./check');
const poolModule = (): typeof import('./pool') => require('./pool');
const renderModule = (): typeof import('./render-jobs') => require('./render-jobs');
/* eslint-enable @typescript-eslint/no-require-imports */

function writeIssue(file: string, message: string, hint?: string): ContractIssue {
  return { code: GitOpsIssueCode.WRITE_FAILED, file, line: 1, column: 1, path: '', message, ...(hint ? { hint } : {}) };
}

/** Repository-relative deploy/ paths that must not be written through: symlinks and special files anywhere below deploy/. */
function unsafeEntries(root: string, symlinks = true, tree: readonly TreeEntry[] = walkTree(root, DEPLOY_DIR)): ContractIssue[] {
  const out: ContractIssue[] = [];
  const top = lstatOrUndefined(path.join(root, DEPLOY_DIR));
  if (top && !top.isDirectory()) return [unsafeIssue(new UnsafePathError(DEPLOY_DIR, top.isSymbolicLink() ? 'is a symbolic link' : top.isFile() ? 'is a file, not a folder' : `is a ${specialKind(top)}`))];
  for (const e of tree) {
    if (e.kind === 'symlink' && symlinks) out.push(unsafeIssue(new UnsafePathError(e.path, 'is a symbolic link')));
    if (e.kind === 'special') out.push(unsafeIssue(new UnsafePathError(e.path, `is a ${specialKind(fs.lstatSync(path.join(root, e.path)))}, not a file or folder`)));
  }
  return out;
}

/**
 * The smallest set of deploy/ paths whose replacement or removal turns the tree into `expected`:
 * every staged file, and for every extra file its highest ancestor holding nothing expected
 * (so a file replaced by a folder, or a legacy per-workload folder, goes as one unit).
 */
function unitsFor(tree: readonly TreeEntry[], staged: readonly string[], expected: ReadonlySet<string>): { units: string[]; removed: string[] } {
  const expectedDirs = new Set<string>();
  let last = '';
  for (const p of expected) {
    // Most expected files share their folder with the one before: each folder's ancestors are added once
    // (expected paths are clean relative paths: a folder is what comes before the last slash).
    const slash = p.lastIndexOf('/');
    if (slash < 0 || (slash === last.length && p.startsWith(last))) continue;
    const parent = p.slice(0, slash);
    last = parent;
    if (expectedDirs.has(parent)) continue;
    for (let d = parent; d !== '.' && d !== DEPLOY_DIR && !expectedDirs.has(d); d = path.posix.dirname(d)) expectedDirs.add(d);
  }
  const units = new Set(staged);
  const removed: string[] = [];
  for (const e of tree) {
    if (expected.has(e.path)) continue;
    removed.push(e.path);
    let unit = e.path;
    for (let d = path.posix.dirname(e.path); d !== DEPLOY_DIR && !expectedDirs.has(d); d = path.posix.dirname(d)) unit = d;
    units.add(unit);
  }
  // A unit inside another unit is replaced with it (checked by walking each unit's ancestors: linear in units x depth).
  const inside = (u: string) => {
    for (let d = path.posix.dirname(u); d !== '.' && d !== '/'; d = path.posix.dirname(d)) if (units.has(d)) return true;
    return false;
  };
  const outer = [...units].filter((u) => !inside(u)).sort();
  return { units: outer, removed: removed.sort() };
}

/** What the next run's cache remembers of deploy/: each workload's files, each environment's Argo CD applications and other environment-level files (see SynthCache). */
interface CachedOutputs {
  readonly pairs: Record<string, string>;
  readonly applications: Record<string, ApplicationsCacheEntry>;
  readonly environmentFiles: Record<string, ApplicationsCacheEntry>;
}

/** The cache to write after a run; `remembered`: the cache this run read, of the same library build. */
function cacheFor(state: GitOpsState, lib: LibraryIdentity & { build?: string }, outputs: CachedOutputs, inputs: Record<string, string>,
  remembered: SynthCache | undefined): SynthCache {
  const contracts: Record<string, { sha: string; contract: GitOpsState['workloads'][number]['contract'] }> = {};
  for (const w of state.workloads) contracts[w.service] = { sha: w.contractSha, contract: w.contract };
  // Pinned revisions other than the head, so that an unchanged revision file is not read either.
  for (const service of Object.keys(state.revisions).sort()) {
    for (const [sha, revision] of Object.entries(state.revisions[service])) {
      if (sha !== contracts[service]?.sha) contracts[`${service}@${sha}`] = { sha, contract: revision.contract };
    }
  }
  const environments: SynthCache['parsed']['environments'] = {};
  state.platform.environments.forEach((env, i) => {
    const sha = state.environmentShas[env.name];
    if (!sha) return;
    // The same bytes parsed by the same build with the same pin: the remembered state, kept as it is
    // (not stored again; the cache file writes its bytes back).
    const old = remembered?.parsed.environments[env.name];
    (environments as Record<string, SynthCache['parsed']['environments'][string]>)[env.name] = old && old.sha === sha && old.pin === (i > 0)
      ? old : { sha, pin: i > 0, state: storedState(state.environments[env.name]) };
  });
  const build = lib.build !== undefined ? { build: lib.build } : {};
  // platform.yaml's parse is remembered only when JSON gives it back exactly (no undefined member, no other type).
  const platformSha = decodeInput(inputs[PLATFORM_FILE])?.sha;
  const platform = platformSha !== undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(state.platform)), state.platform)
    ? { platform: { sha: platformSha, platform: state.platform } } : {};
  return {
    format: CACHE_FORMAT,
    library: lib.version,
    code: lib.code,
    ...build,
    pairs: outputs.pairs,
    applications: outputs.applications,
    environmentFiles: outputs.environmentFiles,
    inputs,
    parsed: { contracts, environments, ...platform },
  };
}

/** lstat options of the per-file checks (one object for every call). */
const LSTAT = { bigint: true, throwIfNoEntry: false } as const;

/** `stillHolds`: the file holds what the cache remembers, with the remembered signature (its entry is kept as it is). */
const AS_REMEMBERED = true;

/**
 * Whether `rel` still holds exactly the bytes that hash to `sha` (base64url): AS_REMEMBERED when its
 * stat signature is `stat` (the file is not read), else the cache entry (`encodeOutput` text) to keep
 * once its bytes were hashed and found the same (with the signature now, when past the racy window),
 * else undefined. The signature is taken before the bytes are read: a write during the read changes it.
 */
function stillHolds(root: string, rel: string, sha: string, stat: string): typeof AS_REMEMBERED | string | undefined {
  // root is a real path and rel one of the layout's clean relative paths: no path.join needed.
  const abs = `${root}/${rel}`;
  let st: fs.BigIntStats | undefined;
  try {
    st = fs.lstatSync(abs, LSTAT);
  } catch {
    return undefined;
  }
  if (!st || !st.isFile()) return undefined;
  const signature = statSignature(st);
  if (signature !== undefined && signature === stat) return AS_REMEMBERED;
  if (sha256url(fs.readFileSync(abs)) !== sha) return undefined;
  return encodeOutput(signature !== undefined ? { output: sha, stat: signature } : { output: sha });
}

/**
 * Pairs whose files can be kept (same inputs as last time, every file still holds exactly what was
 * rendered), with the cache entry (`encodePair` text) to keep for each.
 */
function reusable(root: string, plan: PlannedEnvironment[], cache: SynthCache | undefined): Map<PlannedPair, string> {
  const out = new Map<PlannedPair, string>();
  if (!cache) return out;
  for (const env of plan) {
    const name = env.environment.name;
    const remembered = entryLines(cache.pairs[name]);
    for (const pair of env.pairs) {
      const text = remembered.get(pair.registered.service);
      if (text === undefined || !text.startsWith(pair.inputHash) || text.charCodeAt(pair.inputHash.length) !== 32) continue;
      // `input manifestSha manifestStat namespaceSha namespaceStat`
      const f = text.split(' ');
      if (f.length !== 5 || !f[1] || !f[2] || !f[3] || !f[4]) continue;
      const manifest = stillHolds(root, manifestPath(name, pair.registered.service), f[1], f[2]);
      if (manifest === undefined) continue;
      const namespace = stillHolds(root, namespaceManifestPath(name, pair.registered.service), f[3], f[4]);
      if (namespace === undefined) continue;
      out.set(pair, manifest === AS_REMEMBERED && namespace === AS_REMEMBERED ? text
        : `${pair.inputHash} ${manifest === AS_REMEMBERED ? `${f[1]} ${f[2]}` : manifest} ${namespace === AS_REMEMBERED ? `${f[3]} ${f[4]}` : namespace}`);
    }
  }
  return out;
}

/**
 * The environment-level files of one environment other than the workloads' Argo CD files, as the
 * cache remembers them (`[path, encodeOutput text]`), when they were rendered from inputs that hash
 * to `input` and every one still holds its bytes (see `stillHolds`); else undefined (they are rendered).
 */
function keptEnvironmentFiles(root: string, remembered: ApplicationsCacheEntry | undefined, input: string): Array<[string, string]> | undefined {
  if (!remembered || remembered.input !== input) return undefined;
  const out: Array<[string, string]> = [];
  for (const [rel, entry] of entryLines(remembered.files)) {
    const e = decodeOutput(entry);
    const kept = e ? stillHolds(root, rel, e.output, e.stat ?? '-') : undefined;
    if (kept === undefined) return undefined;
    out.push([rel, kept === AS_REMEMBERED ? entry : kept]);
  }
  return out.length > 0 ? out : undefined;
}

/** The summary of a run that wrote nothing (`rendered`: workloads rendered only to find their files unchanged). */
function upToDateSummary(total: number, reused: number, rendered: number): string {
  return `deploy/ is up to date (${total} files; ${reused} workload${reused === 1 ? '' : 's'} unchanged since the last run, ${rendered} rendered)`;
}

/** The result of a run the no-op snapshot answered: the recorded outcome, after this run's own notes. */
function replayNoop(outcome: NoopOutcome, notes: string[], options: SynthesizeOptions): SynthesizeResult {
  options.onProgress?.({ phase: 'write', done: 0, total: 1 });
  options.onProgress?.({ phase: 'write', done: 1, total: 1 });
  return {
    ok: true,
    mode: 'no-op',
    issues: [],
    notes: [...notes, ...outcome.notes],
    written: [],
    removed: [],
    unchanged: outcome.unchanged,
    rendered: 0,
    reused: outcome.reused,
    differences: [],
    ...(outcome.held && outcome.held.length > 0 ? { held: outcome.held.map((h) => ({ ...h })) } : {}),
    summary: outcome.summary,
  };
}

/**
 * Writes the no-op snapshot of a run that changed nothing when every folder and file it looked at has
 * a settled signature (taken before it was used); otherwise removes the snapshot.
 */
function recordNoop(root: string, lib: LibraryIdentity & { build?: string }, observed: Record<string, string | undefined>,
  inputs: Record<string, string>, plan: readonly PlannedEnvironment[], outputs: CachedOutputs, outcome: NoopOutcome): void {
  const paths: Record<string, string> = {};
  let complete = lib.build !== undefined;
  const add = (rel: string, seen: string | undefined) => {
    if (seen === undefined) complete = false;
    else paths[rel] = seen;
  };
  // What is edited most often first (the next run rejects the snapshot at its first changed path):
  // the root and input folders, the input files, then deploy/'s folders and files.
  const deploy = (rel: string) => rel === DEPLOY_DIR || rel.startsWith(`${DEPLOY_DIR}/`);
  for (const rel of Object.keys(observed)) if (!deploy(rel)) add(rel, observed[rel]);
  for (const rel of Object.keys(inputs)) {
    const stat = decodeInput(inputs[rel])?.stat;
    add(rel, stat !== undefined ? `f ${stat}` : undefined);
  }
  for (const rel of Object.keys(observed)) if (deploy(rel)) add(rel, observed[rel]);
  const file = (rel: string, stat: string | undefined) => add(rel, stat !== undefined ? `f ${stat}` : undefined);
  for (const env of plan) {
    const name = env.environment.name;
    const entries = entryLines(outputs.pairs[name]);
    for (const pair of env.pairs) {
      const entry = decodePair(entries.get(pair.registered.service));
      file(manifestPath(name, pair.registered.service), entry?.manifest.stat);
      file(namespaceManifestPath(name, pair.registered.service), entry?.namespace.stat);
    }
  }
  for (const name of Object.keys(outputs.applications)) {
    for (const [service, entry] of entryLines(outputs.applications[name].files)) file(`${applicationsDir(name)}/${tenantFileName(name, service)}`, decodeOutput(entry)?.stat);
  }
  if (!complete) return removeNoopSnapshot(root);
  writeNoopSnapshot(root, { format: NOOP_SNAPSHOT_FORMAT, library: lib.version, code: lib.code, build: lib.build, paths, outcome });
}

/**
 * About how many pairs the repository renders (workload folders x environment files), read from two
 * directory listings before anything is parsed: only to decide whether to start render workers early.
 */
function estimatedPairs(root: string): number {
  const count = (dir: string, keep: (name: string) => boolean) => {
    try {
      return fs.readdirSync(path.join(root, dir)).map(String).filter(keep).length;
    } catch {
      return 0;
    }
  };
  return count('workloads', () => true) * Math.max(1, count('environments', (n) => n.endsWith('.yaml')));
}

/**
 * Renders deploy/ from platform.yaml, workloads/ and environments/: byte-deterministic, atomic (staging
 * in the private state folder, journaled swap), and incremental only where that is provably safe (see
 * SynthCache). After it returns ok, `check` passes. With `check`, compares instead of writing.
 */
export async function synthesize(options: SynthesizeOptions): Promise<SynthesizeResult> {
  options.onProgress?.({ phase: 'load', done: 0, total: 1 });
  let root: string;
  try {
    root = fs.realpathSync(options.repoDir);
  } catch (e) {
    return failure(options.check ? 'check' : 'full', [writeIssue(options.repoDir, `repository not found: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'pass --repo DIR, the GitOps repository root (the folder with platform.yaml)')], []);
  }
  if (!fs.statSync(root).isDirectory()) {
    return failure(options.check ? 'check' : 'full', [writeIssue(options.repoDir, 'is a file, not a repository folder', 'pass --repo DIR, the GitOps repository root (the folder with platform.yaml)')], []);
  }
  if (options.check) {
    const lib = identity(library());
    // Check renders everything: its workers load the rendering code while the state is parsed.
    const started = poolModule().StartedWorkers.start(estimatedPairs(root), options);
    try {
      const loaded = loadGitOpsState(root);
      if (!loaded.state) return failure('check', loaded.issues, [...loaded.notes]);
      // Check reads no special file (a FIFO would block it); symlinks are reported as differences.
      // deploy/ is walked once: for special files here, for extra and missing files after the render.
      const tree = walkTree(root, DEPLOY_DIR);
      const special = unsafeEntries(root, false, tree);
      if (special.length > 0) return failure('check', special, [...loaded.notes]);
      const plan = planSynth(loaded.state, lib);
      const result = await checkModule().check(loaded.state, plan, options, [...loaded.notes], lib.version, started, tree);
      const held = options.onlyPlatform === undefined ? groupHeld(heldPairs(plan, lib.version)) : [];
      return held.length > 0 ? { ...result, held } : result;
    } finally {
      await started.release();
    }
  }

  let lock: HeldLock;
  try {
    lock = lockRepository(root);
  } catch (e) {
    if (e instanceof LockedError) return failure('full', [writeIssue(DEPLOY_DIR, e.message, 'run zave synth again when the other run has finished')], []);
    throw e;
  }
  let handedOver = false;
  let started: StartedWorkers | undefined;
  try {
    const notes: string[] = [];
    let recovered = false;
    try {
      // Before anything is planned: a killed run's half-done swap is undone first.
      recovered = recoverStaging(root) === 'rolled-back';
      if (recovered) notes.push('an interrupted zave synth was rolled back first; deploy/ was restored to its state before that run');
    } catch (e) {
      if (e instanceof CorruptJournalError) return failure('full', [writeIssue(DEPLOY_DIR, e.message)], notes);
      if (e instanceof UnsafePathError) return failure('full', [unsafeIssue(e)], notes);
      throw e;
    }
    // A no-op snapshot whose every folder and file still has its recorded signature: nothing can have
    // changed since a run that changed nothing, so that run's outcome is this run's (see noop-snapshot.ts).
    if (!options.force && options.onlyPlatform === undefined) {
      const outcome = replayableNoop(root, (version, code, build) => {
        const fp = libraryFingerprint({ code, ...(build !== undefined ? { build } : {}) });
        return fp.version === version && fp.code === code;
      });
      if (outcome) return replayNoop(outcome, notes, options);
    }
    // What the slow path looks at, observed before it looks (for the next no-op snapshot).
    const observed: Record<string, string | undefined> = {};
    for (const rel of ['', WORKLOADS_DIR, ENVIRONMENTS_DIR]) observed[rel] = observe(rel === '' ? root : `${root}/${rel}`);
    // The cache is authenticated first: its remembered build (code hash and the stat digest of the
    // build's files) spares hashing the library when nothing in it changed.
    const stored = options.force ? undefined : readCacheFile(root);
    const built = library(stored);
    const lib = identity(built);
    const cache = stored && stored.library === lib.version && stored.code === lib.code ? stored : undefined;
    // Without a cache every pair renders: its workers load the rendering code while the state is parsed.
    started = cache ? undefined : poolModule().StartedWorkers.start(estimatedPairs(root), options);
    const memo = new InputMemo(root, cache);
    const loaded = loadGitOpsState(root, memo);
    notes.push(...loaded.notes);
    if (!loaded.state) return failure('full', loaded.issues, notes);
    const state = loaded.state;
    // deploy/ as it is now, walked once: nothing below writes into it before the swap (staging is private).
    // Unsorted: only looked up and filtered here (issues and results are sorted where they are made).
    const deployTree = walkTree(root, DEPLOY_DIR, false, (dir) => { observed[dir] = observe(`${root}/${dir}`); });
    if (observed[DEPLOY_DIR] === undefined) observed[DEPLOY_DIR] = observe(`${root}/${DEPLOY_DIR}`);
    const unsafe = unsafeEntries(root, true, deployTree);
    if (unsafe.length > 0) return failure('full', unsafe, notes);
    const fullPlan = planSynth(state, lib);
    // Pairs pinned to another zave version are held: not rendered, their committed files kept as they are.
    // With onlyPlatform (an older zave asked to render its own pairs), every other file is kept.
    const only = options.onlyPlatform;
    if (only !== undefined && only !== lib.version) return failure('full', [onlyPlatformIssue(only, lib.version)], notes);
    const held = heldPairs(fullPlan, lib.version);
    const heldPaths = new Set(held.flatMap(pairOwnedFiles));
    const missingHeld = only !== undefined ? [] : held.flatMap((p) => pairOwnedFiles(p).filter((f) => !lstatOrUndefined(path.join(root, f)))
      .map((f) => heldMissingIssue(f, p.platform, lib.version, p.environment.name)));
    if (missingHeld.length > 0) return failure('full', missingHeld, notes);
    const heldGroups = only !== undefined ? [] : groupHeld(held);
    notes.push(...heldGroups.map((h) => heldNote(h, lib.version)));
    const plan = fullPlan.map((e) => ({ ...e, pairs: e.pairs.filter((p) => p.platform === lib.version) }));
    const mine = only === undefined ? new Set<string>() : new Set(plan.flatMap((e) => e.pairs.flatMap(pairOwnedFiles)));
    const hadDeploy = lstatOrUndefined(path.join(root, DEPLOY_DIR)) !== undefined;
    const reused = reusable(root, plan, cache);
    const toRender = plan.flatMap((e) => e.pairs.filter((p) => !reused.has(p)));
    // Cache entries of the pairs rendered now (`encodePair` text), and every file they and the reused pairs own.
    const renderedEntries = new Map<PlannedPair, string>();
    const pairFiles: string[] = [];
    const applications: Record<string, ApplicationsCacheEntry> = {};
    const environmentOutputs: Record<string, ApplicationsCacheEntry> = {};

    // The staging area is made when something is to be written (a no-op makes none); from then on the
    // transaction holds the lock and releases it when it commits or aborts.
    let txn: DeployTransaction | undefined;
    const transaction = (): DeployTransaction => {
      if (!txn) {
        txn = DeployTransaction.withLock(root, lock);
        handedOver = true;
      }
      return txn;
    };
    const staged: string[] = [];
    try {
      const renderStaged: string[] = [];
      const stagingRoot = toRender.length > 0 ? transaction().stagingRoot : undefined;
      const context = { repoRoot: root, stagingRoot, returnContent: false };
      const rendering = toRender.length === 0 ? Promise.resolve([]) : renderModule().renderPairs(toRender, state, context, options, (pair, result) => {
        for (const f of result.files) {
          pairFiles.push(f.file);
          if (f.staged) renderStaged.push(f.file);
        }
        const env = pair.environment.name;
        const service = pair.registered.service;
        const sha = (rel: string) => result.files.find((f) => f.file === rel)?.sha;
        const manifest = sha(manifestPath(env, service));
        const namespace = sha(namespaceManifestPath(env, service));
        // A pair renders exactly these two files; anything else is not remembered (it renders again next time).
        if (result.files.length === 2 && manifest !== undefined && namespace !== undefined) {
          renderedEntries.set(pair, `${pair.inputHash} ${hexToUrl(manifest)} - ${hexToUrl(namespace)} -`);
        }
      }, started);
      // While render workers run, this thread renders and stages the environment-level files (their
      // paths never coincide with a workload's files); a failure here waits for the workers before it is reported.
      const envExpected = new Set<string>();
      try {
        for (const env of fullPlan) {
          // Each workload's Argo CD file depends on the library, the environment, platform.yaml's gitops
          // settings and the service name alone: kept, like a pair, while those hash the same and the file holds its bytes.
          // The file's path names its environment and service (application-<service>.<env>.yaml, one
          // file per path), and the cache keeps it by environment and service: the input hash need not hash the service again.
          const name = env.environment.name;
          const services = env.pairs.map((p) => p.registered.service);
          const input = sha256url(`${JSON.stringify(lib)}\n${JSON.stringify(env.environment)}\n${JSON.stringify(state.platform.gitops)}`);
          const remembered = cache?.applications[name];
          const known = remembered !== undefined && remembered.input === input ? entryLines(remembered.files) : undefined;
          const files = new Map<string, string>();
          const argoServices = new Map<string, string>();
          const render = new Set<string>();
          for (const service of services) {
            const file = `${applicationsDir(name)}/${tenantFileName(name, service)}`;
            envExpected.add(file);
            if (heldPaths.has(file) || (only !== undefined && !mine.has(file))) continue;
            const entry = known !== undefined ? decodeOutput(known.get(service)) : undefined;
            const kept = entry ? stillHolds(root, file, entry.output, entry.stat ?? '-') : undefined;
            if (kept !== undefined) {
              files.set(service, kept === AS_REMEMBERED ? known!.get(service)! : kept);
            } else {
              render.add(service);
              argoServices.set(file, service);
            }
          }
          // The other environment-level files (kustomizations, the platform project, bootstrap, retained
          // namespaces) depend on the library, the environment, the gitops settings, the services and the
          // retained services alone: while those hash the same and every file holds its bytes, none is rendered.
          const retained = retainedServices(state, name);
          const envInput = sha256url(JSON.stringify([lib, env.environment, state.platform.gitops, services, retained]));
          const kept = render.size === 0 && only === undefined ? keptEnvironmentFiles(root, cache?.environmentFiles[name], envInput) : undefined;
          const envFiles: Array<[string, string]> = kept ?? [];
          for (const [rel, entry] of envFiles) {
            envExpected.add(rel);
            const stat = decodeOutput(entry)?.stat;
            observed[rel] = stat !== undefined ? `f ${stat}` : undefined;
          }
          for (const f of kept ? [] : environmentFiles(env.environment, state.platform.gitops, services, retained, render)) {
            envExpected.add(f.path);
            if (heldPaths.has(f.path) || (only !== undefined && !mine.has(f.path))) continue;
            const bytes = Buffer.from(f.content, 'utf8');
            const seen = observe(`${root}/${f.path}`);
            observed[f.path] = seen;
            const sha = sha256url(bytes);
            const argoService = argoServices.get(f.path);
            if (argoService !== undefined) files.set(argoService, encodeOutput({ output: sha }));
            const same = fileHasBytes(root, f.path, bytes);
            if (!same) {
              transaction().writeFile(f.path, f.content);
              staged.push(f.path);
            }
            // Not a workload's Argo CD file (those are kept above): remembered with the signature taken
            // before its bytes were compared; a staged file is hashed next time.
            if (argoService === undefined) envFiles.push([f.path, encodeOutput(same && seen?.startsWith('f ') ? { output: sha, stat: seen.slice(2) } : { output: sha })]);
          }
          // A run that renders only its own pairs (onlyPlatform) leaves the environment-level files alone: not remembered.
          if (only === undefined) environmentOutputs[name] = { input: envInput, files: joinEntryLines(envFiles) };
          // Remembered in the services' order, whichever were kept and which rendered.
          const ordered: Array<[string, string]> = [];
          for (const service of services) {
            const entry = files.get(service);
            if (entry !== undefined) ordered.push([service, entry]);
          }
          applications[name] = { input, files: joinEntryLines(ordered) };
        }
      } catch (e) {
        await rendering.then(() => undefined, () => undefined);
        throw e;
      }
      const issues = await rendering;
      if (issues.length > 0) {
        txn?.abort();
        return failure('full', issues, notes);
      }
      txn?.recordStaged(renderStaged);
      staged.push(...renderStaged);
      // The cache's entries in plan order (whatever order the renders finished in).
      const pairs: Record<string, string> = {};
      for (const env of plan) {
        const entries: Array<[string, string]> = [];
        for (const pair of env.pairs) {
          const entry = reused.get(pair) ?? renderedEntries.get(pair);
          if (entry !== undefined) entries.push([pair.registered.service, entry]);
          pairFiles.push(manifestPath(env.environment.name, pair.registered.service), namespaceManifestPath(env.environment.name, pair.registered.service));
        }
        pairs[env.environment.name] = joinEntryLines(entries);
      }
      const outputs: CachedOutputs = { pairs, applications, environmentFiles: environmentOutputs };
      options.onProgress?.({ phase: 'write', done: 0, total: 1 });
      const expected = new Set<string>([...pairFiles, ...heldPaths]);
      if (only !== undefined) for (const e of deployTree) expected.add(e.path);
      for (const p of envExpected) expected.add(p);
      const { units, removed } = unitsFor(deployTree, staged, expected);
      const pairCount = plan.reduce((n, e) => n + e.pairs.length, 0);
      const mode: SynthesizeResult['mode'] = toRender.length === 0 && units.length === 0 ? 'no-op' : hadDeploy && toRender.length < pairCount ? 'incremental' : 'full';
      const total = expected.size;
      if (units.length === 0) {
        txn?.abort();
      } else {
        transaction().commit(hadDeploy ? units : [DEPLOY_DIR], options.interrupt);
      }
      const inputs = memo.inputs();
      writeCache(root, cacheFor(state, built, outputs, inputs, cache));
      if (mode === 'no-op' && only === undefined) {
        recordNoop(root, built, observed, inputs, plan, outputs, {
          notes: notes.slice(recovered ? 1 : 0),
          ...(heldGroups.length > 0 ? { held: heldGroups } : {}),
          unchanged: expected.size,
          reused: reused.size,
          summary: upToDateSummary(expected.size, reused.size, 0),
        });
      } else {
        removeNoopSnapshot(root);
      }
      options.onProgress?.({ phase: 'write', done: 1, total: 1 });
      staged.sort();
      return {
        ok: true,
        mode,
        issues: [],
        notes,
        written: staged,
        removed,
        unchanged: total - staged.length,
        rendered: toRender.length,
        reused: reused.size,
        differences: [],
        ...(heldGroups.length > 0 ? { held: heldGroups } : {}),
        summary: units.length === 0
          ? upToDateSummary(total, reused.size, toRender.length)
          : `rendered ${toRender.length} workload${toRender.length === 1 ? '' : 's'}${reused.size ? `, reused ${reused.size}` : ''}: ${staged.length} file${staged.length === 1 ? '' : 's'} written, ${removed.length} removed`,
      };
    } catch (e) {
      if (e instanceof SimulatedCrash) throw e;
      txn?.abort();
      if (e instanceof UnsafePathError) return failure('full', [unsafeIssue(e)], notes);
      const err = e as NodeJS.ErrnoException;
      return failure('full', [writeIssue(DEPLOY_DIR, `writing deploy/ failed (${err.code ?? 'error'}: ${err.message}); the previous deploy/ is intact`,
        err.code === 'ENOSPC' ? 'free disk space and run zave synth again' : 'fix the cause and run zave synth again')], notes);
    }
  } finally {
    if (!handedOver) lock.release();
    await started?.release();
  }
}
