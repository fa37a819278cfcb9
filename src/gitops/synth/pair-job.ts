import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PairInput, renderPair } from './render-pair';

/** One manifest file to render: plain data (it crosses worker threads). */
export interface PairJob {
  readonly input: PairInput;
  /** Repository-relative manifest path, e.g. `deploy/dev/ledger.yaml`. */
  readonly file: string;
}

/** Where and how a job's file goes; the same for every job of a run. */
export interface PairJobContext {
  /** Real path of the repository. */
  readonly repoRoot: string;
  /** Absolute staging root; undefined: render only (check mode, lifecycle verbs). */
  readonly stagingRoot?: string;
  /** Send the rendered text back. */
  readonly returnContent: boolean;
}

/** What became of one job. */
export type PairJobResult =
  | { readonly kind: 'ok'; readonly sha: string; readonly staged: boolean; readonly content?: string }
  | { readonly kind: 'render-error'; readonly error: string }
  | { readonly kind: 'write-error'; readonly error: string; readonly code?: string };

/** True when `root/rel` is a regular file with exactly these bytes (never reads a FIFO, device or link). */
export function fileHasBytes(root: string, rel: string, content: Buffer): boolean {
  const abs = path.join(root, rel);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return false;
  }
  return st.isFile() && st.size === content.length && fs.readFileSync(abs).equals(content);
}

/**
 * Renders one manifest file and, when staging, writes it under the staging root unless deploy/
 * already holds these bytes (serialization, comparison and writes run wherever the job runs, so
 * worker threads parallelize all three). Never throws.
 */
export function runPairJob(job: PairJob, ctx: PairJobContext): PairJobResult {
  let content: string;
  try {
    content = renderPair(job.input);
  } catch (e) {
    return { kind: 'render-error', error: (e as Error).message ?? String(e) };
  }
  const bytes = Buffer.from(content, 'utf8');
  const sha = createHash('sha256').update(bytes).digest('hex');
  const back = ctx.returnContent ? { content } : {};
  if (!ctx.stagingRoot) return { kind: 'ok', sha, staged: false, ...back };
  if (fileHasBytes(ctx.repoRoot, job.file, bytes)) return { kind: 'ok', sha, staged: false, ...back };
  try {
    const abs = path.join(ctx.stagingRoot, job.file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, bytes);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { kind: 'write-error', error: err.message ?? String(e), ...(err.code ? { code: err.code } : {}) };
  }
  return { kind: 'ok', sha, staged: true, ...back };
}
