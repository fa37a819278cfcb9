import { ResolvedWorkload } from '../contract/resolved';
import { loadGitOpsState, objectFileName as layoutFileName, synthesize, toEnvironmentSpec } from '../gitops/internal';
import { EnvironmentSpec } from '../strategies/environment';
import { KubeObject, renderWorkload } from '../strategies/render';

/*
 * ADAPTER: the synth engine under test is the GitOps plane's `synthesize` (incremental by content
 * hash, atomic staging + swap, worker threads when the batch is large), exactly as `zave synth`
 * calls it. Baselines read the same state through the same loader.
 */

/** Label printed next to every figure measured through this adapter. */
export const ENGINE_LABEL = 'zave synthesize (src/gitops): content-hash cache, atomic swap, workers auto';

/** What a synth (or check) did. */
export interface EngineResult {
  /** Files rendered (written or unchanged; compared for a check). */
  readonly files: number;
  /** Files that differ from disk (check only). */
  readonly stale: number;
  /** Engine's own account: mode, renders run, directories reused. */
  readonly detail: string;
}

/** Full, no-op or one-change synth, as `zave synth` runs it. `workers: 0` forces one thread. */
export async function engineSynth(root: string, workers?: number): Promise<EngineResult> {
  const r = await synthesize({ repoDir: root, ...(workers !== undefined ? { workers } : {}) });
  if (!r.ok) {
    const first = r.issues[0];
    throw new Error(`synthesize refused the state (${r.summary})${first ? `: ${first.file}: ${first.message}` : ''}`);
  }
  return { files: r.written.length + r.unchanged, stale: 0, detail: `mode ${r.mode}, rendered ${r.rendered}, reused ${r.reused}, written ${r.written.length}` };
}

/** `synth --check`: render in memory and compare with `deploy/`. */
export async function engineCheck(root: string): Promise<EngineResult> {
  const r = await synthesize({ repoDir: root, check: true });
  return { files: r.rendered, stale: r.differences.length, detail: `mode ${r.mode}, rendered ${r.rendered}, differences ${r.differences.length}` };
}

/** The inputs of one render: environments, workloads and their images. */
export interface LoadedState {
  readonly environments: EnvironmentSpec[];
  readonly workloads: ResolvedWorkload[];
  readonly images: Record<string, Record<string, string>>;
}

/** Reads and resolves the GitOps state under `root` with the GitOps plane's loader. Throws on an invalid fixture. */
export function loadState(root: string): LoadedState {
  const loaded = loadGitOpsState(root);
  if (!loaded.state) throw new Error(`bench fixture is invalid: ${JSON.stringify(loaded.issues.slice(0, 5))}`);
  const s = loaded.state;
  const images: Record<string, Record<string, string>> = {};
  for (const [env, st] of Object.entries(s.environments)) images[env] = { ...st.images };
  return { environments: s.platform.environments.map(toEnvironmentSpec), workloads: s.workloads.map((w) => w.workload), images };
}

/** File name of a rendered object inside its service directory (the GitOps layout's). */
export function objectFileName(o: KubeObject): string {
  return layoutFileName(o.kind, o.metadata.name);
}

/** Every rendered object of the state, per environment and workload (the floor baseline's input). */
export function renderObjects(state: LoadedState): Array<{ environment: string; service: string; objects: KubeObject[] }> {
  const out: Array<{ environment: string; service: string; objects: KubeObject[] }> = [];
  for (const env of state.environments) {
    for (const w of state.workloads) {
      const image = state.images[env.name]?.[w.service];
      if (image !== undefined) out.push({ environment: env.name, service: w.service, objects: renderWorkload(w, env, image) });
    }
  }
  return out;
}
