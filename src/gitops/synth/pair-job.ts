import * as fs from 'fs';
import * as path from 'path';
import { PairInput, renderPair, RenderedFile } from './render-pair';
import { lstatOrUndefined } from '../state/safe-read';

/** One workload directory to render: plain data (it crosses worker threads). */
export interface PairJob {
  readonly input: PairInput;
  /** Repository-relative directory, e.g. `deploy/dev/ledger`. */
  readonly dir: string;
}

/** Where and how a job's files go; the same for every job of a run. */
export interface PairJobContext {
  /** Real path of the repository. */
  readonly repoRoot: string;
  /** Absolute staging root (`.zave-tmp/txn/new`); undefined: render only (check mode). */
  readonly stagingRoot?: string;
  /** Compare with deploy/ first and stage only when the bytes differ. */
  readonly verify: boolean;
  /** Send the rendered files back (check mode). */
  readonly returnFiles: boolean;
}

/** What became of one job. */
export type PairJobResult =
  | { readonly kind: 'ok'; readonly names: string[]; readonly staged: boolean; readonly files?: RenderedFile[] }
  | { readonly kind: 'render-error'; readonly error: string }
  | { readonly kind: 'write-error'; readonly error: string; readonly code?: string };

/** True when `root/rel` is a real directory holding exactly `files` with these bytes. */
export function directoryMatches(root: string, rel: string, files: readonly { name: string; content: string }[]): boolean {
  const abs = path.join(root, rel);
  if (lstatOrUndefined(abs)?.isDirectory() !== true) return false;
  const entries = fs.readdirSync(abs, { withFileTypes: true });
  if (entries.length !== files.length || entries.some((e) => !e.isFile())) return false;
  const names = new Set(entries.map((e) => String(e.name)));
  return files.every((f) => names.has(f.name) && fs.readFileSync(path.join(abs, f.name)).equals(Buffer.from(f.content, 'utf8')));
}

/**
 * Renders one workload directory and, when staging, writes it under the staging root (serialization
 * and writes run wherever the job runs, so worker threads parallelize both). Never throws.
 */
export function runPairJob(job: PairJob, ctx: PairJobContext): PairJobResult {
  let files: RenderedFile[];
  try {
    files = renderPair(job.input);
  } catch (e) {
    return { kind: 'render-error', error: (e as Error).message ?? String(e) };
  }
  const names = files.map((f) => f.name);
  if (!ctx.stagingRoot) return { kind: 'ok', names, staged: false, ...(ctx.returnFiles ? { files } : {}) };
  if (ctx.verify && directoryMatches(ctx.repoRoot, job.dir, files)) return { kind: 'ok', names, staged: false };
  try {
    const dir = path.join(ctx.stagingRoot, job.dir);
    fs.mkdirSync(dir, { recursive: true });
    for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.content);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { kind: 'write-error', error: err.message ?? String(e), ...(err.code ? { code: err.code } : {}) };
  }
  return { kind: 'ok', names, staged: true };
}
