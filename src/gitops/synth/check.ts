import { diffTrees, summarizeDifferences } from './diff';
import { environmentFiles, retainedServices } from './env-files';
import { PlannedEnvironment } from './plan';
import { renderPairs } from './render-jobs';
import { failure, SynthesizeOptions, SynthesizeResult } from './result';
import { GitOpsState } from '../state/load';

/** Everything deploy/ should hold, rendered in memory: repository-relative path -> text. */
export async function renderExpectedTree(state: GitOpsState, plan: PlannedEnvironment[], options: SynthesizeOptions)
  : Promise<{ expected: Map<string, string>; issues: ReturnType<typeof failure>['issues'] }> {
  const expected = new Map<string, string>();
  const pairs = plan.flatMap((e) => e.pairs);
  const issues = await renderPairs(pairs, state, { repoRoot: state.root, returnContent: true }, options, (_pair, result) => {
    for (const f of result.files) expected.set(f.file, f.content!);
  });
  for (const env of plan) {
    const services = env.pairs.map((p) => p.registered.service);
    for (const f of environmentFiles(env.environment, state.platform.gitops, services, retainedServices(state, env.environment.name))) expected.set(f.path, f.content);
  }
  return { expected, issues };
}

/** Check mode: render everything in memory and compare with deploy/ byte for byte. Never writes, never trusts a cache. */
export async function check(state: GitOpsState, plan: PlannedEnvironment[], options: SynthesizeOptions, notes: string[]): Promise<SynthesizeResult> {
  const { expected, issues } = await renderExpectedTree(state, plan, options);
  if (issues.length > 0) return failure('check', issues, notes);
  options.onProgress?.({ phase: 'check', done: 0, total: expected.size });
  const differences = diffTrees(state.root, expected);
  return {
    ok: differences.length === 0,
    mode: 'check',
    issues: [],
    notes,
    written: [],
    removed: [],
    unchanged: expected.size - differences.filter((d) => d.change !== 'extra').length,
    rendered: plan.reduce((n, e) => n + e.pairs.length, 0),
    reused: 0,
    differences,
    summary: summarizeDifferences(differences, expected.size),
  };
}
