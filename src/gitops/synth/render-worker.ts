import { parentPort } from 'worker_threads';
import { PairJob, PairJobContext, PairJobResult, runPairJob } from './pair-job';

/** A batch sent to a render worker. */
export interface WorkerRequest {
  readonly batch: number;
  readonly jobs: readonly PairJob[];
  readonly context: PairJobContext;
}

/** The answer of a render worker: one result per job, in job order. */
export interface WorkerResponse {
  readonly batch: number;
  readonly results: readonly PairJobResult[];
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: WorkerRequest) => {
    const res: WorkerResponse = { batch: req.batch, results: req.jobs.map((job) => runPairJob(job, req.context)) };
    port.postMessage(res);
  });
}
