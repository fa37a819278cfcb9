import { manifestPath } from './layout';
import { PairJobContext, PairJobResult } from './pair-job';
import { pairInput, PlannedPair } from './plan';
import { renderAll } from './pool';
import { renderIssue, SynthesizeOptions } from './result';
import { ContractIssue } from '../../contract/issue';
import { GitOpsState } from '../state/load';

/** A write that failed inside a render job (in-process or in a worker). */
export class StagingWriteError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** What a finished render job hands back. */
export interface RenderedPair {
  /** Repository-relative manifest path. */
  readonly file: string;
  /** sha256 of the rendered bytes. */
  readonly sha: string;
  /** True when the file was staged (its bytes differ from deploy/). */
  readonly staged: boolean;
  /** The rendered text, when the context asked for it. */
  readonly content?: string;
}

/** Runs the jobs of `pairs`, calling `onDone` in plan order; returns render issues, throws StagingWriteError. */
export async function renderPairs(
  pairs: readonly PlannedPair[], state: GitOpsState, context: PairJobContext, options: Pick<SynthesizeOptions, 'workers' | 'workerScript' | 'tsWorker' | 'onProgress'>,
  onDone: (pair: PlannedPair, result: RenderedPair) => void,
): Promise<ContractIssue[]> {
  const issues: ContractIssue[] = [];
  let writeError: StagingWriteError | undefined;
  let done = 0;
  const step = Math.max(1, Math.floor(pairs.length / 50));
  const jobs = pairs.map((p) => ({ input: pairInput(p, state), file: manifestPath(p.environment.name, p.registered.service) }));
  await renderAll(jobs, context, options, (i, result: PairJobResult) => {
    if (result.kind === 'render-error') issues.push(renderIssue(pairs[i], result.error));
    else if (result.kind === 'write-error') writeError ??= new StagingWriteError(result.error, result.code);
    else onDone(pairs[i], { file: jobs[i].file, sha: result.sha, staged: result.staged, ...(result.content !== undefined ? { content: result.content } : {}) });
    done++;
    if (done % step === 0 || done === pairs.length) options.onProgress?.({ phase: 'render', done, total: pairs.length });
  });
  if (writeError && issues.length === 0) throw writeError;
  return issues;
}
