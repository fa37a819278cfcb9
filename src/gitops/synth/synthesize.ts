import * as fs from 'fs';
import * as path from 'path';
import { CACHE_FORMAT, readCache, serializeCache, SynthCache, EnvironmentCacheEntry, PairCacheEntry } from './cache';
import { diffTrees, FileDifference, summarizeDifferences } from './diff';
import { environmentFiles } from './env-files';
import { libraryFingerprint, RENDER_FORMAT_VERSION } from './fingerprint';
import { APPLICATIONS_DIR, applicationName, applicationsDir, objectFileName, projectName, BOOTSTRAP_DIR, bootstrapFile, CACHE_FILE, DEPLOY_DIR, environmentDir, KUSTOMIZATION, workloadDir } from './layout';
import { LibraryIdentity, pairInput, PlannedEnvironment, PlannedPair, planSynth } from './plan';
import { renderAll, RenderOutcome } from './pool';
import { RenderedFile } from './render-pair';
import { DeployTransaction, LockedError, SimulatedCrash, UnsafePathError } from './transaction';
import { walkTree } from './tree';
import { ContractIssue } from '../../contract/issue';
import { sortIssues } from '../../contract/parse';
import { GitOpsIssueCode } from '../issue-codes';
import { listDir, lstatOrUndefined } from '../state/safe-read';
import { GitOpsState, loadGitOpsState } from '../state/load';

/** Progress of a synth run, for the CLI's stderr. */
export interface SynthProgress {
  readonly phase: 'load' | 'render' | 'write' | 'check';
  readonly done: number;
  readonly total: number;
}

/** Options of `synthesize`. */
export interface SynthesizeOptions {
  /** Root of the GitOps repository. */
  readonly repoDir: string;
  /** Compare instead of write: never touches the repository, never trusts the cache. */
  readonly check?: boolean;
  /** Ignore the cache and render everything. */
  readonly force?: boolean;
  /** Worker threads for renders (0 = in-process; 'auto' by default). */
  readonly workers?: number | 'auto';
  /** Worker script override (tests). */
  readonly workerScript?: string;
  /** Run the worker script through ts-node (tests). */
  readonly tsWorker?: boolean;
  readonly onProgress?: (progress: SynthProgress) => void;
  /** Test hook called after each rename of the swap. */
  readonly interrupt?: (renames: number) => void;
}

/** What a synth run did. */
export interface SynthesizeResult {
  /** True when deploy/ now equals (or, for check, already equalled) the rendered state. */
  readonly ok: boolean;
  readonly mode: 'full' | 'incremental' | 'no-op' | 'check';
  readonly issues: ContractIssue[];
  readonly notes: string[];
  /** Files written (repository-relative, sorted). */
  readonly written: string[];
  /** Files removed (repository-relative, sorted). */
  readonly removed: string[];
  /** Files left as they were. */
  readonly unchanged: number;
  /** Workload renders run. */
  readonly rendered: number;
  /** Workload directories reused from the cache. */
  readonly reused: number;
  /** Check mode: how deploy/ differs from the rendered state. */
  readonly differences: FileDifference[];
  /** One readable paragraph. */
  readonly summary: string;
}

export { FileDifference } from './diff';

function library(): LibraryIdentity {
  const fp = libraryFingerprint();
  return { format: RENDER_FORMAT_VERSION, version: fp.version, code: fp.code };
}

function failure(mode: SynthesizeResult['mode'], issues: ContractIssue[], notes: string[]): SynthesizeResult {
  const sorted = sortIssues(issues);
  return {
    ok: false, mode, issues: sorted, notes, written: [], removed: [], unchanged: 0, rendered: 0, reused: 0, differences: [],
    summary: `${sorted.length} problem${sorted.length === 1 ? '' : 's'} found; deploy/ was not changed`,
  };
}

function renderIssue(pair: PlannedPair, error: string): ContractIssue {
  return {
    code: GitOpsIssueCode.RENDER_FAILED, file: pair.registered.file, line: 1, column: 1, path: '',
    message: `rendering ${pair.registered.service} for ${pair.environment.name} failed: ${error}`,
    hint: 'this is a bug in the delivery strategy or a platform.yaml value it cannot handle: report it with this contract',
  };
}

function unsafeIssue(e: UnsafePathError): ContractIssue {
  return { code: GitOpsIssueCode.UNSAFE_PATH, file: e.target, line: 1, column: 1, path: '', message: e.message, hint: 'remove the link (git rm) and run zave synth again' };
}

/** Renders pairs, calling `onFiles` in plan order; returns render issues. */
async function renderPairs(pairs: readonly PlannedPair[], state: GitOpsState, options: SynthesizeOptions, onFiles: (pair: PlannedPair, files: RenderedFile[]) => void): Promise<ContractIssue[]> {
  const issues: ContractIssue[] = [];
  let done = 0;
  const step = Math.max(1, Math.floor(pairs.length / 50));
  await renderAll(pairs.map((p) => pairInput(p, state)), options, (i, outcome: RenderOutcome) => {
    if ('error' in outcome) issues.push(renderIssue(pairs[i], outcome.error));
    else if (issues.length === 0) onFiles(pairs[i], outcome.files);
    done++;
    if (done % step === 0 || done === pairs.length) options.onProgress?.({ phase: 'render', done, total: pairs.length });
  });
  return issues;
}

/** Check mode: render everything in memory and compare with deploy/ byte for byte. */
async function check(state: GitOpsState, plan: PlannedEnvironment[], options: SynthesizeOptions, notes: string[]): Promise<SynthesizeResult> {
  const expected = new Map<string, string>();
  const pairs = plan.flatMap((e) => e.pairs);
  const issues = await renderPairs(pairs, state, options, (pair, files) => {
    const dir = workloadDir(pair.environment.name, pair.registered.service);
    for (const f of files) expected.set(`${dir}/${f.name}`, f.content);
  });
  if (issues.length > 0) return failure('check', issues, notes);
  for (const env of plan) {
    for (const f of environmentFiles(env.environment, state.platform.gitops, env.pairs.map((p) => p.registered.service))) expected.set(f.path, f.content);
  }
  options.onProgress?.({ phase: 'check', done: 0, total: expected.size });
  const differences = diffTrees(state.root, expected, new Set([CACHE_FILE]));
  return {
    ok: differences.length === 0, mode: 'check', issues: [], notes, written: [], removed: [], unchanged: expected.size - differences.filter((d) => d.change !== 'extra').length,
    rendered: pairs.length, reused: 0, differences, summary: summarizeDifferences(differences, expected.size),
  };
}

function symlinksUnder(root: string, rel: string): string[] {
  return walkTree(root, rel).filter((e) => e.symlink).map((e) => e.path);
}

function cacheFor(plan: PlannedEnvironment[], lib: LibraryIdentity, files: Map<PlannedPair, readonly string[]>): SynthCache {
  const environments: Record<string, EnvironmentCacheEntry> = {};
  for (const env of plan) {
    const workloads: Record<string, PairCacheEntry> = {};
    for (const p of env.pairs) workloads[p.registered.service] = { input: p.inputHash, files: files.get(p) ?? [] };
    environments[env.environment.name] = { input: env.inputHash, workloads };
  }
  return { format: CACHE_FORMAT, library: lib.version, code: lib.code, environments };
}

/** Which units of deploy/ an incremental run must replace or remove. */
interface IncrementalPlan {
  readonly units: Set<string>;
  readonly pairs: PlannedPair[];
  readonly environments: Set<PlannedEnvironment>;
  readonly reusedFiles: Map<PlannedPair, readonly string[]>;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function planIncremental(root: string, plan: PlannedEnvironment[], cache: SynthCache): IncrementalPlan {
  const units = new Set<string>();
  const pairs: PlannedPair[] = [];
  const environments = new Set<PlannedEnvironment>();
  const reusedFiles = new Map<PlannedPair, readonly string[]>();
  const envNames = new Set(plan.map((e) => e.environment.name));
  const top = new Set([path.posix.basename(CACHE_FILE), 'bootstrap', 'applications', ...envNames]);
  for (const name of listDir(path.join(root, DEPLOY_DIR))) if (!top.has(name)) units.add(`${DEPLOY_DIR}/${name}`);
  for (const name of listDir(path.join(root, BOOTSTRAP_DIR))) if (!envNames.has(name.replace(/\.yaml$/, '')) || !name.endsWith('.yaml')) units.add(`${BOOTSTRAP_DIR}/${name}`);
  for (const name of listDir(path.join(root, APPLICATIONS_DIR))) if (!envNames.has(name)) units.add(`${APPLICATIONS_DIR}/${name}`);
  for (const env of plan) {
    const name = env.environment.name;
    const cached = cache.environments[name];
    const present = new Set(listDir(path.join(root, environmentDir(name))));
    const services = new Set(env.pairs.map((p) => p.registered.service));
    for (const entry of present) if (entry !== KUSTOMIZATION && !services.has(entry)) units.add(`${environmentDir(name)}/${entry}`);
    for (const pair of env.pairs) {
      const service = pair.registered.service;
      const entry = cached?.workloads[service];
      const dir = workloadDir(name, service);
      if (entry && entry.input === pair.inputHash && present.has(service) && sameList(listDir(path.join(root, dir)), entry.files)) {
        reusedFiles.set(pair, entry.files);
      } else {
        units.add(dir);
        pairs.push(pair);
      }
    }
    const appsOk = cached?.input === env.inputHash
      && present.has(KUSTOMIZATION)
      && lstatOrUndefined(path.join(root, bootstrapFile(name)))?.isFile() === true
      && sameList(listDir(path.join(root, applicationsDir(name))), expectedApplicationFiles(env));
    if (!appsOk) {
      environments.add(env);
      units.add(`${environmentDir(name)}/${KUSTOMIZATION}`).add(applicationsDir(name)).add(bootstrapFile(name));
    }
  }
  return { units, pairs, environments, reusedFiles };
}

function expectedApplicationFiles(env: PlannedEnvironment): string[] {
  const name = env.environment.name;
  return [
    KUSTOMIZATION,
    objectFileName('AppProject', projectName(name)),
    ...env.pairs.map((p) => objectFileName('Application', applicationName(name, p.registered.service))),
  ].sort();
}

/** Files below the given units as they are now (to report removals). */
function currentFiles(root: string, units: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const u of units) for (const e of walkTree(root, u)) out.add(e.path);
  return out;
}

/**
 * Renders deploy/ from platform.yaml, workloads/ and environments/. Incremental by content hash,
 * atomic (staging + journaled swap), byte-deterministic. With `check`, compares instead of writing.
 */
export async function synthesize(options: SynthesizeOptions): Promise<SynthesizeResult> {
  options.onProgress?.({ phase: 'load', done: 0, total: 1 });
  const loaded = loadGitOpsState(options.repoDir);
  const notes = [...loaded.notes];
  if (!loaded.state) return failure(options.check ? 'check' : 'full', loaded.issues, notes);
  const state = loaded.state;
  const root = state.root;
  const lib = library();
  const plan = planSynth(state, lib);
  if (options.check) return check(state, plan, options, notes);

  for (const rel of [DEPLOY_DIR, BOOTSTRAP_DIR, APPLICATIONS_DIR, ...plan.flatMap((e) => [environmentDir(e.environment.name), applicationsDir(e.environment.name)])]) {
    if (lstatOrUndefined(path.join(root, rel))?.isSymbolicLink()) return failure('full', [unsafeIssue(new UnsafePathError(rel, 'is a symbolic link'))], notes);
  }
  const cache = options.force ? undefined : readCache(root, lib.version, lib.code);
  const deployExists = lstatOrUndefined(path.join(root, DEPLOY_DIR)) !== undefined;
  const incremental = cache && deployExists ? planIncremental(root, plan, cache) : undefined;
  const mode: SynthesizeResult['mode'] = incremental ? 'incremental' : 'full';
  const links = incremental
    ? [...incremental.units].flatMap((u) => symlinksUnder(root, u))
    : symlinksUnder(root, DEPLOY_DIR);
  if (links.length > 0) return failure(mode, links.map((l) => unsafeIssue(new UnsafePathError(l, 'is a symbolic link'))), notes);

  const pairsToRender = incremental ? incremental.pairs : plan.flatMap((e) => e.pairs);
  const envsToWrite = incremental ? [...incremental.environments] : plan;
  const fileNames = new Map<PlannedPair, readonly string[]>(incremental?.reusedFiles ?? []);
  const newCache = serializeCache(cacheFor(plan, lib, new Map([...fileNames, ...pairsToRender.map((p) => [p, []] as const)])));
  if (incremental && incremental.units.size === 0) {
    const current = lstatOrUndefined(path.join(root, CACHE_FILE)) ? fs.readFileSync(path.join(root, CACHE_FILE), 'utf8') : '';
    if (current === newCache) {
      const unchanged = [...incremental.reusedFiles.values()].reduce((n, f) => n + f.length, 0);
      return {
        ok: true, mode: 'no-op', issues: [], notes, written: [], removed: [], unchanged, rendered: 0, reused: incremental.reusedFiles.size, differences: [],
        summary: `deploy/ is up to date (${incremental.reusedFiles.size} workload directories, nothing rendered)`,
      };
    }
  }

  let txn: DeployTransaction;
  try {
    txn = DeployTransaction.begin(root);
  } catch (e) {
    if (e instanceof UnsafePathError) return failure(mode, [unsafeIssue(e)], notes);
    if (e instanceof LockedError) return failure(mode, [{ code: GitOpsIssueCode.WRITE_FAILED, file: DEPLOY_DIR, line: 1, column: 1, path: '', message: e.message }], notes);
    throw e;
  }
  const written: string[] = [];
  try {
    const stage = (rel: string, content: string) => {
      txn.writeFile(rel, content);
      written.push(rel);
    };
    const issues = await renderPairs(pairsToRender, state, options, (pair, files) => {
      const dir = workloadDir(pair.environment.name, pair.registered.service);
      for (const f of files) stage(`${dir}/${f.name}`, f.content);
      fileNames.set(pair, files.map((f) => f.name));
    });
    if (issues.length > 0) {
      txn.abort();
      return failure(mode, issues, notes);
    }
    options.onProgress?.({ phase: 'write', done: 0, total: 1 });
    for (const env of envsToWrite) {
      for (const f of environmentFiles(env.environment, state.platform.gitops, env.pairs.map((p) => p.registered.service))) stage(f.path, f.content);
    }
    if (!incremental) for (const env of plan) txn.mkdir(environmentDir(env.environment.name));
    stage(CACHE_FILE, serializeCache(cacheFor(plan, lib, fileNames)));
    const units = incremental ? [...incremental.units, CACHE_FILE] : [DEPLOY_DIR];
    const before = currentFiles(root, units);
    txn.commit(units, options.interrupt);
    options.onProgress?.({ phase: 'write', done: 1, total: 1 });
    const writtenSet = new Set(written);
    const removed = [...before].filter((f) => !writtenSet.has(f)).sort();
    const reused = incremental ? incremental.reusedFiles.size : 0;
    const unchanged = incremental ? [...incremental.reusedFiles.values()].reduce((n, f) => n + f.length, 0) : 0;
    written.sort();
    return {
      ok: true, mode, issues: [], notes, written, removed, unchanged, rendered: pairsToRender.length, reused, differences: [],
      summary: `${mode === 'full' ? 'rendered' : 're-rendered'} ${pairsToRender.length} workload director${pairsToRender.length === 1 ? 'y' : 'ies'}${reused ? `, reused ${reused}` : ''}: ${written.length} files written, ${removed.length} removed`,
    };
  } catch (e) {
    if (e instanceof SimulatedCrash) throw e;
    txn.abort();
    const err = e as NodeJS.ErrnoException;
    if (e instanceof UnsafePathError) return failure(mode, [unsafeIssue(e)], notes);
    return failure(mode, [{
      code: GitOpsIssueCode.WRITE_FAILED, file: DEPLOY_DIR, line: 1, column: 1, path: '',
      message: `writing deploy/ failed (${err.code ?? 'error'}: ${err.message}); the previous deploy/ is intact`,
      hint: err.code === 'ENOSPC' ? 'free disk space and run zave synth again' : 'fix the cause and run zave synth again',
    }], notes);
  }
}
