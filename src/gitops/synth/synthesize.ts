import * as fs from 'fs';
import * as path from 'path';
import { memoFromCache, readCache, serializeCache, SynthCache } from './cache';
import { check } from './check';
import { environmentFiles } from './env-files';
import { libraryFingerprint, RENDER_FORMAT_VERSION } from './fingerprint';
import { APPLICATIONS_DIR, applicationsDir, BOOTSTRAP_DIR, bootstrapFile, CACHE_FILE, DEPLOY_DIR, environmentDir, KUSTOMIZATION, workloadDir } from './layout';
import { directoryMatches, PairJobContext } from './pair-job';
import { LibraryIdentity, PlannedPair, planSynth } from './plan';
import { renderPairs } from './render-jobs';
import { failure, SynthesizeOptions, SynthesizeResult, unsafeIssue } from './result';
import { DeployTransaction, LockedError, SimulatedCrash, UnsafePathError } from './transaction';
import { cacheFor, currentFiles, fileMatches, parsedInputsUnchanged, planIncremental, symlinksUnder } from './units';
import { GitOpsIssueCode } from '../issue-codes';
import { loadGitOpsState } from '../state/load';
import { lstatOrUndefined } from '../state/safe-read';

export { FileDifference } from './diff';
export { SynthProgress, SynthesizeOptions, SynthesizeResult } from './result';

function readCacheAt(repoDir: string, lib: LibraryIdentity): SynthCache | undefined {
  try {
    return readCache(fs.realpathSync(repoDir), lib.version, lib.code);
  } catch {
    return undefined;
  }
}

function library(): LibraryIdentity {
  const fp = libraryFingerprint();
  return { format: RENDER_FORMAT_VERSION, version: fp.version, code: fp.code };
}

/**
 * Renders deploy/ from platform.yaml, workloads/ and environments/. Incremental by content hash,
 * atomic (staging + journaled swap), byte-deterministic. With `check`, compares instead of writing.
 */
export async function synthesize(options: SynthesizeOptions): Promise<SynthesizeResult> {
  options.onProgress?.({ phase: 'load', done: 0, total: 1 });
  const lib = library();
  // The cache also remembers parsed inputs by hash; check never uses it.
  const cache = options.force || options.check ? undefined : readCacheAt(options.repoDir, lib);
  const loaded = loadGitOpsState(options.repoDir, memoFromCache(cache));
  const notes = [...loaded.notes];
  if (!loaded.state) return failure(options.check ? 'check' : 'full', loaded.issues, notes);
  const state = loaded.state;
  const root = state.root;
  const plan = planSynth(state, lib);
  if (options.check) return check(state, plan, options, notes);

  for (const rel of [DEPLOY_DIR, BOOTSTRAP_DIR, APPLICATIONS_DIR, ...plan.flatMap((e) => [environmentDir(e.environment.name), applicationsDir(e.environment.name)])]) {
    if (lstatOrUndefined(path.join(root, rel))?.isSymbolicLink()) return failure('full', [unsafeIssue(new UnsafePathError(rel, 'is a symbolic link'))], notes);
  }
  const deployStat = lstatOrUndefined(path.join(root, DEPLOY_DIR));
  // With deploy/ present, plan unit by unit (by cache hash, or without a cache by comparing bytes);
  // without one, stage the whole tree and swap it in with one rename.
  const incremental = deployStat?.isDirectory() ? planIncremental(root, plan, cache) : undefined;
  const mode: SynthesizeResult['mode'] = incremental && !incremental.verify ? 'incremental' : 'full';
  const pairsToRender = incremental ? incremental.pairs : plan.flatMap((e) => e.pairs);
  const envsToWrite = incremental ? [...incremental.environments] : plan;
  const fileNames = new Map<PlannedPair, readonly string[]>(incremental?.reusedFiles ?? []);
  if (incremental && incremental.units.size === 0 && cache && parsedInputsUnchanged(state, cache)) {
    const unchanged = [...incremental.reusedFiles.values()].reduce((n, f) => n + f.length, 0);
    return {
      ok: true,
      mode: 'no-op',
      issues: [],
      notes,
      written: [],
      removed: [],
      unchanged,
      rendered: 0,
      reused: incremental.reusedFiles.size,
      differences: [],
      summary: `deploy/ is up to date (${incremental.reusedFiles.size} workload directories, nothing rendered)`,
    };
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
  let reused = incremental ? incremental.reusedFiles.size : 0;
  let unchanged = incremental ? [...incremental.reusedFiles.values()].reduce((n, f) => n + f.length, 0) : 0;
  const units = new Set(incremental?.units ?? [DEPLOY_DIR]);
  try {
    const stage = (rel: string, content: string) => {
      txn.writeFile(rel, content);
      written.push(rel);
    };
    const context: PairJobContext = { repoRoot: root, stagingRoot: txn.stagingRoot, verify: incremental?.verify ?? false, returnFiles: false };
    const issues = await renderPairs(pairsToRender, state, context, options, (pair, result) => {
      const dir = workloadDir(pair.environment.name, pair.registered.service);
      fileNames.set(pair, result.names);
      if (!result.staged) {
        reused++;
        unchanged += result.names.length;
        return;
      }
      if (incremental) units.add(dir);
      const paths = result.names.map((n) => `${dir}/${n}`);
      written.push(...paths);
      txn.recordStaged(paths);
    });
    if (issues.length > 0) {
      txn.abort();
      return failure(mode, issues, notes);
    }
    options.onProgress?.({ phase: 'write', done: 0, total: 1 });
    for (const env of envsToWrite) {
      const files = environmentFiles(env.environment, state.platform.gitops, env.pairs.map((p) => p.registered.service));
      const name = env.environment.name;
      if (incremental?.verify) {
        const apps = `${applicationsDir(name)}/`;
        const appFiles = files.filter((f) => f.path.startsWith(apps)).map((f) => ({ name: f.path.slice(apps.length), content: f.content }));
        const same = directoryMatches(root, applicationsDir(name), appFiles)
          && files.filter((f) => !f.path.startsWith(apps)).every((f) => fileMatches(root, f.path, f.content));
        if (same) {
          unchanged += files.length;
          continue;
        }
      }
      if (incremental) units.add(`${environmentDir(name)}/${KUSTOMIZATION}`).add(applicationsDir(name)).add(bootstrapFile(name));
      for (const f of files) stage(f.path, f.content);
    }
    if (!incremental) for (const env of plan) txn.mkdir(environmentDir(env.environment.name));
    const newCache = serializeCache(cacheFor(state, plan, lib, fileNames));
    if (!fileMatches(root, CACHE_FILE, newCache) || !incremental) {
      stage(CACHE_FILE, newCache);
      units.add(CACHE_FILE);
    }
    if (incremental && units.size === 0) {
      txn.abort();
      return {
        ok: true,
        mode: incremental.verify ? 'full' : 'no-op',
        issues: [],
        notes,
        written: [],
        removed: [],
        unchanged,
        rendered: pairsToRender.length,
        reused,
        differences: [],
        summary: `deploy/ is up to date (${pairsToRender.length} workload directories rendered, all identical)`,
      };
    }
    const links = incremental ? [...units].flatMap((u) => symlinksUnder(root, u)) : [];
    if (links.length > 0) {
      txn.abort();
      return failure(mode, links.map((l) => unsafeIssue(new UnsafePathError(l, 'is a symbolic link'))), notes);
    }
    const unitList = incremental ? [...units] : [DEPLOY_DIR];
    const before = currentFiles(root, unitList);
    txn.commit(unitList, options.interrupt);
    options.onProgress?.({ phase: 'write', done: 1, total: 1 });
    const writtenSet = new Set(written);
    const removed = [...before].filter((f) => !writtenSet.has(f)).sort();
    written.sort();
    return {
      ok: true,
      mode,
      issues: [],
      notes,
      written,
      removed,
      unchanged,
      rendered: pairsToRender.length,
      reused,
      differences: [],
      summary: `${mode === 'full' ? 'rendered' : 're-rendered'} ${pairsToRender.length} workload director${pairsToRender.length === 1 ? 'y' : 'ies'}${reused ? `, reused ${reused}` : ''}: ${written.length} files written, ${removed.length} removed`,
    };
  } catch (e) {
    if (e instanceof SimulatedCrash) throw e;
    txn.abort();
    const err = e as NodeJS.ErrnoException & { code?: string };
    if (e instanceof UnsafePathError) return failure(mode, [unsafeIssue(e)], notes);
    return failure(mode, [{
      code: GitOpsIssueCode.WRITE_FAILED,
      file: DEPLOY_DIR,
      line: 1,
      column: 1,
      path: '',
      message: `writing deploy/ failed (${err.code ?? 'error'}: ${err.message}); the previous deploy/ is intact`,
      hint: err.code === 'ENOSPC' ? 'free disk space and run zave synth again' : 'fix the cause and run zave synth again',
    }], notes);
  }
}
