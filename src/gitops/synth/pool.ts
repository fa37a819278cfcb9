import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { PairJob, PairJobContext, PairJobResult } from './pair-job';
import type { WorkerRequest, WorkerResponse } from './render-worker';

/**
 * The renderer (cdk8s and the strategies), loaded when this thread renders its first job: starting
 * workers, and handing them their first jobs, does not wait for it.
 */
let pairJob: typeof import('./pair-job') | undefined;
function runPairJob(job: PairJob, context: PairJobContext): PairJobResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pairJob ??= require('./pair-job') as typeof import('./pair-job');
  return pairJob.runPairJob(job, context);
}

/** How renders run. */
export interface RenderPoolOptions {
  /** Worker threads besides the calling one (which renders too): 0 renders in-process; 'auto' uses all but one core when the batch is large and compiled JS is available. */
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
/** Batches sent ahead to each worker. */
const IN_FLIGHT = 6;
/**
 * Batches a worker holds (the one it renders and the next) once few are left to send: so that at the
 * end no worker still has several batches queued while the other threads have nothing left to do.
 */
const TAIL_IN_FLIGHT = 2;

/** How many workers to use for `count` renders. */
export function workerCount(count: number, options: RenderPoolOptions): number {
  if (options.workers !== undefined && options.workers !== 'auto') return Math.max(0, Math.floor(options.workers));
  const script = options.workerScript ?? path.join(__dirname, 'render-worker.js');
  if (count < WORKER_THRESHOLD || !script.endsWith('.js') || !fs.existsSync(script)) return 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? Math.min(cores - 1, 7) : 0; // the calling thread renders too
}

function spawn(script: string, options: RenderPoolOptions): Worker {
  return options.tsWorker
    ? new Worker(`require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(script)});`, { eval: true })
    : new Worker(script);
}

/**
 * Workers started before their jobs are known, so that loading the rendering code in them overlaps
 * whatever the caller does meanwhile (loading the state). `renderAll` uses them (or terminates them
 * when it needs none); `release` terminates any it did not take.
 */
export class StartedWorkers {
  /** Starts the workers `renderAll` would use for about `expected` renders; none when it would use none. */
  public static start(expected: number, options: RenderPoolOptions): StartedWorkers {
    const n = workerCount(expected, options);
    const script = options.workerScript ?? path.join(__dirname, 'render-worker.js');
    const started = new StartedWorkers([]);
    for (let i = 0; i < n; i++) {
      const w = spawn(script, options);
      // A worker that fails before renderAll listens is not handed out (renderAll starts a fresh one, whose failure it sees).
      w.on('error', () => started.failed.add(w));
      w.on('exit', () => started.failed.add(w));
      started.workers.push(w);
    }
    return started;
  }

  private readonly failed = new Set<Worker>();
  private constructor(private workers: Worker[]) {}

  /** Takes up to `n` live workers (the rest are terminated). */
  public take(n: number): Worker[] {
    const live = this.workers.filter((w) => !this.failed.has(w));
    const taken = live.slice(0, n);
    const rest = this.workers.filter((w) => !taken.includes(w));
    this.workers = [];
    for (const w of rest) void w.terminate();
    return taken;
  }

  /** Terminates the workers nobody took. */
  public async release(): Promise<void> {
    const rest = this.workers;
    this.workers = [];
    await Promise.all(rest.map((w) => w.terminate()));
  }
}

/**
 * Runs every job (render, compare, stage) and hands each result to `onResult` in job order (so
 * the outcome is the same whatever the thread count). In-process when `workers` resolves to 0;
 * otherwise on that many worker threads and on the calling thread, all taking batches from one queue.
 */
export async function renderAll(
  jobs: readonly PairJob[], context: PairJobContext, options: RenderPoolOptions, onResult: (index: number, result: PairJobResult) => void,
  started?: StartedWorkers,
): Promise<void> {
  const n = workerCount(jobs.length, options);
  const ready = started?.take(Math.min(n, Math.ceil(jobs.length / BATCH))) ?? [];
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
      let settled = false;
      /** Takes a batch's results and hands on, in job order, every result that is due. */
      const accept = (batch: number, results: WorkerResponse['results']) => {
        done.set(batch, results);
        while (done.has(nextToEmit)) {
          const due = done.get(nextToEmit)!;
          done.delete(nextToEmit);
          due.forEach((r, j) => onResult(nextToEmit * BATCH + j, r));
          nextToEmit++;
          finished++;
        }
        if (finished === batches.length) {
          settled = true;
          resolve();
        }
      };
      const fail = (e: unknown) => {
        settled = true;
        reject(e);
      };
      const inFlight = new Map<Worker, number>();
      /** How many batches a worker may hold: IN_FLIGHT while many are left to send, TAIL_IN_FLIGHT near the end. */
      const limit = () => (batches.length - nextToSend > (n + 1) * IN_FLIGHT ? IN_FLIGHT : TAIL_IN_FLIGHT);
      /** Sends `w` batches until it holds as many as it may. */
      const feed = (w: Worker) => {
        while (nextToSend < batches.length && (inFlight.get(w) ?? 0) < limit()) {
          const req: WorkerRequest = { batch: nextToSend, jobs: batches[nextToSend], context };
          nextToSend++;
          inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
          w.postMessage(req);
        }
      };
      for (let i = 0; i < Math.min(n, batches.length); i++) {
        const w = ready[i] ?? spawn(script, options);
        workers.push(w);
        w.on('error', fail);
        w.on('message', (res: WorkerResponse) => {
          try {
            inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
            accept(res.batch, res.results);
            if (!settled) feed(w);
          } catch (e) {
            fail(e);
          }
        });
        // Several batches queued per worker: it keeps rendering while this thread is busy elsewhere.
        feed(w);
      }
      // This thread renders too, one batch at a time from the same queue, yielding between batches so
      // the workers' results are taken (and they are sent more) as they arrive.
      const renderHere = () => {
        if (settled || nextToSend >= batches.length) return;
        const batch = nextToSend++;
        try {
          accept(batch, batches[batch].map((job) => runPairJob(job, context)));
        } catch (e) {
          fail(e);
          return;
        }
        setImmediate(renderHere);
      };
      setImmediate(renderHere);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
