import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DiskState, diskStateOfText, fileHasBytes } from './disk-bytes';
import { PairInput, renderPair, RenderedFile } from './render-pair';

// Compared without loading the renderer: they live in disk-bytes.ts (a no-op synth loads no renderer).
export { DiskState, diskState, diskStateOfText, fileHasBytes } from './disk-bytes';

/** One workload to render: plain data (it crosses worker threads). */
export interface PairJob {
  readonly input: PairInput;
  /** Repository-relative folder of its files, e.g. `deploy/dev`. */
  readonly dir: string;
}

/** One file a job produced. */
export interface PairJobFile {
  /** Repository-relative path. */
  readonly file: string;
  /** sha256 of the bytes; absent when the context compares (check mode: nothing remembers it). */
  readonly sha?: string;
  /** True when it was staged (deploy/ held other bytes). */
  readonly staged: boolean;
  /** The text, when the context asked for it. */
  readonly content?: string;
  /** What the repository holds at `file`, when the context asked to compare (render only). */
  readonly onDisk?: DiskState;
}

/** Where and how a job's file goes; the same for every job of a run. */
export interface PairJobContext {
  /** Real path of the repository. */
  readonly repoRoot: string;
  /** Absolute staging root; undefined: render only (check mode, lifecycle verbs). */
  readonly stagingRoot?: string;
  /** Send the rendered text back. */
  readonly returnContent: boolean;
  /**
   * Render only: compare each rendered file with `repoRoot/<file>` byte for byte, where the job runs
   * (so worker threads read and compare in parallel), and report it as `onDisk`.
   */
  readonly compare?: boolean;
}

/** What became of one job. */
export type PairJobResult =
  | { readonly kind: 'ok'; readonly files: PairJobFile[] }
  | { readonly kind: 'render-error'; readonly error: string }
  | { readonly kind: 'write-error'; readonly error: string; readonly code?: string };

/**
 * Renders one manifest file and, when staging, writes it under the staging root unless deploy/
 * already holds these bytes (serialization, comparison and writes run wherever the job runs, so
 * worker threads parallelize all three). Never throws.
 */
export function runPairJob(job: PairJob, ctx: PairJobContext): PairJobResult {
  let rendered: RenderedFile[];
  try {
    rendered = renderPair(job.input);
  } catch (e) {
    return { kind: 'render-error', error: (e as Error).message ?? String(e) };
  }
  const files: PairJobFile[] = [];
  for (const r of rendered) {
    const file = `${job.dir}/${r.name}`;
    const back = ctx.returnContent ? { content: r.content } : {};
    if (!ctx.stagingRoot && ctx.compare) {
      files.push({ file, staged: false, ...back, onDisk: diskStateOfText(ctx.repoRoot, file, r.content) });
      continue;
    }
    const bytes = Buffer.from(r.content, 'utf8');
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (!ctx.stagingRoot) {
      files.push({ file, sha, staged: false, ...back });
      continue;
    }
    if (fileHasBytes(ctx.repoRoot, file, bytes)) {
      files.push({ file, sha, staged: false, ...back });
      continue;
    }
    try {
      const abs = path.join(ctx.stagingRoot, file);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, bytes);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { kind: 'write-error', error: err.message ?? String(e), ...(err.code ? { code: err.code } : {}) };
    }
    files.push({ file, sha, staged: true, ...back });
  }
  return { kind: 'ok', files };
}
