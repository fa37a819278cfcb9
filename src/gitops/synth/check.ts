import * as fs from 'fs';
import * as path from 'path';
import { diffTrees, ExpectedFile, FileDifference, summarizeDifferences } from './diff';
import { diskStateOfText } from './disk-bytes';
import { environmentFiles, retainedServices } from './env-files';
import { PlannedEnvironment } from './plan';
import { groupHeld, heldPairs, onlyPlatformIssue, pairOwnedFiles } from './platform-pins';
import { checkPinnedVersion } from './platform-runner';
import { StartedWorkers } from './pool';
import { renderPairs } from './render-jobs';
import { failure, SynthesizeOptions, SynthesizeResult } from './result';
import { TreeEntry } from './tree';
import { GitOpsState } from '../state/load';
import { lstatOrUndefined } from '../state/safe-read';

/** Environment-level files compared between two turns of the event loop (a few milliseconds of work). */
const YIELD_EVERY = 200;

/**
 * Everything deploy/ should hold that this zave renders, each file rendered in memory and compared
 * byte for byte with the repository's file (workload files by the render jobs where they run,
 * environment-level files by this thread meanwhile): repository-relative path -> how it compared. Files of pairs pinned to another
 * version (`held`) are left out; with `only`, just the files of the pairs pinned to that version.
 */
export async function renderExpectedTree(state: GitOpsState, plan: PlannedEnvironment[], options: SynthesizeOptions, running: string, only?: string, started?: StartedWorkers)
  : Promise<{ expected: Map<string, ExpectedFile>; issues: ReturnType<typeof failure>['issues']; held: Set<string>; rendered: number }> {
  const expected = new Map<string, ExpectedFile>();
  const mine = plan.flatMap((e) => e.pairs).filter((p) => p.platform === (only ?? running));
  const mineSet = new Set(mine);
  const held = new Set(plan.flatMap((e) => e.pairs).filter((p) => !mineSet.has(p)).flatMap(pairOwnedFiles));
  const rendering = renderPairs(mine, state, { repoRoot: state.root, returnContent: false, compare: true }, options, (_pair, result) => {
    for (const f of result.files) expected.set(f.file, { onDisk: f.onDisk! });
  }, started);
  // Awaited below, after the environment-level files; until then a failure must not count as unhandled.
  rendering.catch(() => undefined);
  // While worker threads render, this thread renders the environment-level files and compares them,
  // yielding now and then so that it hands the workers more jobs as they finish theirs (and renders some itself).
  const environmentLevel = new Map<string, ExpectedFile>();
  const owned = only === undefined ? undefined : new Set(mine.flatMap(pairOwnedFiles));
  let compared = 0;
  for (const env of plan) {
    const services = env.pairs.map((p) => p.registered.service);
    for (const f of environmentFiles(env.environment, state.platform.gitops, services, retainedServices(state, env.environment.name))) {
      if (held.has(f.path) || (owned && !owned.has(f.path))) continue;
      environmentLevel.set(f.path, { onDisk: diskStateOfText(state.root, f.path, f.content) });
      if (++compared % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const issues = await rendering;
  for (const [p, want] of environmentLevel) expected.set(p, want);
  return { expected, issues, held, rendered: mine.length };
}

/** Compares only the given files (check of one pinned version): missing or changed, never extra. Symlinks and special files differ. */
function diffFiles(root: string, expected: ReadonlyMap<string, ExpectedFile>): FileDifference[] {
  const out: FileDifference[] = [];
  for (const [p, want] of expected) {
    if (typeof want !== 'string') {
      if (want.onDisk !== 'same') out.push({ path: p, change: want.onDisk });
      continue;
    }
    const st = lstatOrUndefined(path.join(root, p));
    if (!st) out.push({ path: p, change: 'missing' });
    else if (!st.isFile() || !fs.readFileSync(path.join(root, p)).equals(Buffer.from(want, 'utf8'))) out.push({ path: p, change: 'changed' });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Check mode: render everything this zave owns in memory and compare with deploy/ byte for byte; then
 * have every other pinned zave version check the files of its pairs (`checkPinnedVersion`), and relay
 * its findings. With `options.onlyPlatform`, check only the pairs pinned to that version (which must be
 * the running one) and nothing else. Never writes, never trusts a cache: every file is rendered, and
 * the render jobs (worker threads when the batch is large, started early as `started`) compare each
 * rendered workload file with the full bytes of the repository's file where they run. `tree` is
 * deploy/ as listed before the render (walked now when absent).
 */
export async function check(
  state: GitOpsState, plan: PlannedEnvironment[], options: SynthesizeOptions, notes: string[], running: string, started?: StartedWorkers, tree?: readonly TreeEntry[],
): Promise<SynthesizeResult> {
  const only = options.onlyPlatform;
  if (only !== undefined && only !== running) return failure('check', [onlyPlatformIssue(only, running)], notes);
  const { expected, issues, rendered } = await renderExpectedTree(state, plan, options, running, only, started);
  if (issues.length > 0) return failure('check', issues, notes);
  options.onProgress?.({ phase: 'check', done: 0, total: expected.size });
  let differences: FileDifference[];
  const relayed: SynthesizeResult['issues'] = [];
  let checked = expected.size;
  if (only !== undefined) {
    differences = diffFiles(state.root, expected);
  } else {
    const held = heldPairs(plan, running);
    const heldPaths = new Set(held.flatMap(pairOwnedFiles));
    differences = diffTrees(state.root, expected, tree).filter((d) => !heldPaths.has(d.path));
    for (const h of groupHeld(held)) {
      const pinned = await checkPinnedVersion(state.root, h, options.platformRunner);
      differences.push(...pinned.differences);
      relayed.push(...pinned.issues);
      checked += pinned.checked;
      if (pinned.issues.length === 0) notes.push(`zave ${h.version} checked the ${h.environments.reduce((n, e) => n + e.services.length, 0)} release(s) pinned to it: ${pinned.differences.length} file(s) differ`);
    }
    differences.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  return {
    ok: differences.length === 0 && relayed.length === 0,
    mode: 'check',
    issues: relayed,
    notes,
    written: [],
    removed: [],
    unchanged: checked - differences.filter((d) => d.change !== 'extra').length,
    rendered,
    reused: 0,
    differences,
    summary: summarizeDifferences(differences, checked),
  };
}
