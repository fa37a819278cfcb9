import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { PairJob, PairJobContext, PairJobResult, runPairJob } from './pair-job';
import type { WorkerRequest, WorkerResponse } from './render-worker';

/** How renders run. */
export interface RenderPoolOptions {
  /** Worker threads: 0 renders in-process; 'auto' uses every core when the batch is large and compiled JS is available. */
  readonly workers?: number | 'auto';
  /**
   * Worker script (defaults to the compiled render-worker.js beside this file). Tests pass the
   * .ts source with `tsWorker` to run workers under ts-node.
   */
  readonly workerScript?: string;
  /** Load the worker script through ts-node (tests only). */
  readonly tsWorker?: boolean;
}

/** Below this many renders, starting workers (each loads the strategies) costs more than it saves. */
export const WORKER_THRESHOLD = 200;
const BATCH = 25;

/** How many workers to use for `count` renders. */
export function workerCount(count: number, options: RenderPoolOptions): number {
  if (options.workers !== undefined && options.workers !== 'auto') return Math.max(0, Math.floor(options.workers));
  const script = options.workerScript ?? path.join(__dirname, 'render-worker.js');
  if (count < WORKER_THRESHOLD || !script.endsWith('.js') || !fs.existsSync(script)) return 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? Math.min(cores, 8) : 0;
}

/**
 * Runs every job (render, compare, stage) and hands each result to `onResult` in job order (so
 * the outcome is the same whatever the thread count). In-process when `workers` resolves to 0.
 */
export async function renderAll(
  jobs: readonly PairJob[], context: PairJobContext, options: RenderPoolOptions, onResult: (index: number, result: PairJobResult) => void,
): Promise<void> {
  const n = workerCount(jobs.length, options);
  if (n === 0) {
    jobs.forEach((job, i) => onResult(i, runPairJob(job, context)));
    return;
  }
  const script = options.workerScript ?? path.join(__dirname, 'render-worker.js');
  const batches: PairJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) batches.push(jobs.slice(i, i + BATCH));
  const done = new Map<number, WorkerResponse['results']>();
  let nextToEmit = 0;
  let nextToSend = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      const send = (w: Worker) => {
        if (nextToSend >= batches.length) return;
        const req: WorkerRequest = { batch: nextToSend, jobs: batches[nextToSend], context };
        nextToSend++;
        w.postMessage(req);
      };
      for (let i = 0; i < Math.min(n, batches.length); i++) {
        const w = options.tsWorker
          ? new Worker(`require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(script)});`, { eval: true })
          : new Worker(script);
        workers.push(w);
        w.on('error', reject);
        w.on('message', (res: WorkerResponse) => {
          try {
            done.set(res.batch, res.results);
            while (done.has(nextToEmit)) {
              const results = done.get(nextToEmit)!;
              done.delete(nextToEmit);
              results.forEach((r, j) => onResult(nextToEmit * BATCH + j, r));
              nextToEmit++;
              finished++;
            }
            if (finished === batches.length) resolve();
            else send(w);
          } catch (e) {
            reject(e);
          }
        });
        send(w);
        send(w); // keep one batch queued per worker
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
