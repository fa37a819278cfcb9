import { parentPort } from 'worker_threads';
import { PairInput, renderPair, RenderedFile } from './render-pair';

/** A batch sent to a render worker. */
export interface WorkerRequest {
  readonly batch: number;
  readonly inputs: readonly PairInput[];
}

/** The answer of a render worker: files or an error message per input, in input order. */
export interface WorkerResponse {
  readonly batch: number;
  readonly results: readonly ({ readonly files: RenderedFile[] } | { readonly error: string })[];
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: WorkerRequest) => {
    const results = req.inputs.map((input) => {
      try {
        return { files: renderPair(input) };
      } catch (e) {
        return { error: (e as Error).message ?? String(e) };
      }
    });
    const res: WorkerResponse = { batch: req.batch, results };
    port.postMessage(res);
  });
}
