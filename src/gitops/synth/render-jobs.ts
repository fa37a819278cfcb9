import { environmentDir } from './layout';
import { PairJobContext, PairJobFile, PairJobResult } from './pair-job';
import { pairInput, PlannedPair } from './plan';
import { renderAll, StartedWorkers } from './pool';
import { renderIssue, SynthesizeOptions } from './result';
import { ContractIssue } from '../../contract/issue';
import { GitOpsState } from '../state/load';

/** A write that failed inside a render job (in-process or in a worker). */
export class StagingWriteError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** What a finished render job hands back: its files. */
export interface RenderedPair {
  readonly files: readonly PairJobFile[];
}

/** Runs the jobs of `pairs` (on `started` workers when given), calling `onDone` in plan order; returns render issues, throws StagingWriteError. */
export async function renderPairs(
  pairs: readonly PlannedPair[], state: GitOpsState, context: PairJobContext, options: Pick<SynthesizeOptions, 'workers' | 'workerScript' | 'tsWorker' | 'onProgress'>,
  onDone: (pair: PlannedPair, result: RenderedPair) => void, started?: StartedWorkers,
): Promise<ContractIssue[]> {
  const issues: ContractIssue[] = [];
  let writeError: StagingWriteError | undefined;
  let done = 0;
  const step = Math.max(1, Math.floor(pairs.length / 50));
  const jobs = pairs.map((p) => ({ input: pairInput(p, state), dir: environmentDir(p.environment.name) }));
  await renderAll(jobs, context, options, (i, result: PairJobResult) => {
    if (result.kind === 'render-error') issues.push(renderIssue(pairs[i], result.error));
    else if (result.kind === 'write-error') writeError ??= new StagingWriteError(result.error, result.code);
    else onDone(pairs[i], { files: result.files });
    done++;
    if (done % step === 0 || done === pairs.length) options.onProgress?.({ phase: 'render', done, total: pairs.length });
  }, started);
  if (writeError && issues.length === 0) throw writeError;
  return issues;
}
