import { diffTrees, summarizeDifferences } from './diff';
import { environmentFiles } from './env-files';
import { CACHE_FILE, workloadDir } from './layout';
import { PlannedEnvironment } from './plan';
import { renderPairs } from './render-jobs';
import { failure, SynthesizeOptions, SynthesizeResult } from './result';
import { GitOpsState } from '../state/load';

/** Check mode: render everything in memory and compare with deploy/ byte for byte. */
export async function check(state: GitOpsState, plan: PlannedEnvironment[], options: SynthesizeOptions, notes: string[]): Promise<SynthesizeResult> {
  const expected = new Map<string, string>();
  const pairs = plan.flatMap((e) => e.pairs);
  const issues = await renderPairs(pairs, state, { repoRoot: state.root, verify: false, returnFiles: true }, options, (pair, result) => {
    const dir = workloadDir(pair.environment.name, pair.registered.service);
    for (const f of result.files ?? []) expected.set(`${dir}/${f.name}`, f.content);
  });
  if (issues.length > 0) return failure('check', issues, notes);
  for (const env of plan) {
    for (const f of environmentFiles(env.environment, state.platform.gitops, env.pairs.map((p) => p.registered.service))) expected.set(f.path, f.content);
  }
  options.onProgress?.({ phase: 'check', done: 0, total: expected.size });
  const differences = diffTrees(state.root, expected, new Set([CACHE_FILE]));
  return {
    ok: differences.length === 0,
    mode: 'check',
    issues: [],
    notes,
    written: [],
    removed: [],
    unchanged: expected.size - differences.filter((d) => d.change !== 'extra').length,
    rendered: pairs.length,
    reused: 0,
    differences,
    summary: summarizeDifferences(differences, expected.size),
  };
}
