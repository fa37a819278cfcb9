import * as fs from 'fs';
import { authentic, privateFile, removePrivateFile, statSignature, writePrivateText } from './cache';
import { HeldVersion } from './platform-pins';

/**
 * The no-op snapshot: what a synth that changed nothing looked at, so that the next synth can tell,
 * from stat signatures alone, that it would again change nothing.
 *
 * A synth's outcome depends only on the library build and on what it reads: platform.yaml, the
 * listings of the repository root, workloads/ and environments/, each contract, contract revision and
 * environment file, and everything in deploy/ (listings and file bytes). A folder's stat signature
 * changes whenever an entry is added, removed or renamed in it (and so when an entry's kind changes);
 * a file's changes with any write (its ctime, which no tool can set back). So when the same build
 * finds every folder and file of the snapshot with the signature recorded, none of those inputs can
 * differ from what that run saw, and the run's outcome (a no-op, its notes) is the outcome again.
 *
 * Every signature is taken before the run used what it covers (a folder before it is listed, a file
 * before it is read or vouched for), and recorded only when outside the racy window: a change made
 * while the run was looking leaves a signature that no longer matches. A snapshot is written only by
 * a run that changed nothing and had a settled signature for every file it needed; any other run
 * removes it. It is authenticated like the cache (an edited snapshot is ignored).
 */
export interface NoopSnapshot {
  readonly format: number;
  /** The library build (as in the cache: version, code hash, stat digest of the build's files). */
  readonly library: string;
  readonly code: string;
  readonly build?: string;
  /**
   * By repository-relative path ('' for the root): `d <signature>` for a folder, `f <signature>` for a
   * file, `-` for nothing there. Checked in this order (put what changes most often first: a rejected
   * snapshot is rejected at its first changed path).
   */
  readonly paths: Readonly<Record<string, string>>;
  /** What the run reported. */
  readonly outcome: NoopOutcome;
}

/** What a no-op synth reported, replayed as is. */
export interface NoopOutcome {
  readonly notes: readonly string[];
  readonly held?: readonly HeldVersion[];
  readonly unchanged: number;
  readonly reused: number;
  readonly summary: string;
}

/**
 * Format of the snapshot file. 2: after the HMAC line, one line of JSON (format, library build,
 * outcome), then one line per path, `<observation> <path>` (the path JSON-quoted when it is not plain
 * printable ASCII or starts with a quote), so a snapshot that no longer holds is rejected at its first
 * changed path without being parsed or authenticated as a whole.
 */
export const NOOP_SNAPSHOT_FORMAT = 2;
const SNAPSHOT_NAME = 'synth-noop.json';

const LSTAT = { bigint: true, throwIfNoEntry: false } as const;

/** `d <sig>`, `f <sig>` or `-` for what is at `abs` now; undefined when it is racy or something else (a link, a special file). */
export function observe(abs: string): string | undefined {
  let st: fs.BigIntStats | undefined;
  try {
    st = fs.lstatSync(abs, LSTAT);
  } catch {
    return undefined;
  }
  if (!st) return '-';
  const kind = st.isDirectory() ? 'd' : st.isFile() ? 'f' : undefined;
  const signature = kind ? statSignature(st) : undefined;
  return signature === undefined ? undefined : `${kind} ${signature}`;
}

/** A path as a snapshot line writes it: as is when plain printable ASCII (no leading quote), else JSON-quoted. */
function linePath(rel: string): string {
  return /^[\x20-\x21\x23-\x7e][\x20-\x7e]*$|^$/.test(rel) ? rel : JSON.stringify(rel);
}

/** The text of a snapshot file's body (see NOOP_SNAPSHOT_FORMAT). */
export function snapshotText(snapshot: NoopSnapshot): string {
  const { paths, ...header } = snapshot;
  const lines = [JSON.stringify(header)];
  for (const rel of Object.keys(paths)) lines.push(`${paths[rel]} ${linePath(rel)}`);
  return lines.join('\n');
}

/**
 * The recorded outcome when the snapshot of `root` holds: every path it names has its recorded
 * observation now (same kind, same settled signature, or still absent), the file is authentic (its
 * HMAC), of this format, and `sameBuild` accepts its library build; else undefined. Paths are checked
 * first, in the file's order, before the file is authenticated: a path that changed rejects it at
 * once (a forged file can only be rejected early, never accepted).
 */
export function replayableNoop(root: string, sameBuild: (library: string, code: string, build: string | undefined) => boolean): NoopOutcome | undefined {
  const file = privateFile(root, SNAPSHOT_NAME);
  if (!file) return undefined;
  const { bytes, body } = file;
  // Read in place: each line is decoded when it is reached (a rejected snapshot decodes few).
  let line = bytes.indexOf(10, body);
  if (line < 0) return undefined;
  let header: Partial<NoopSnapshot>;
  try {
    header = JSON.parse(bytes.toString('latin1', body, line)) as Partial<NoopSnapshot>;
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null || header.format !== NOOP_SNAPSHOT_FORMAT || typeof header.library !== 'string' || typeof header.code !== 'string'
    || (header.build !== undefined && typeof header.build !== 'string') || typeof header.outcome !== 'object' || header.outcome === null) return undefined;
  while (line < bytes.length) {
    const end = bytes.indexOf(10, line + 1);
    const text = bytes.toString('latin1', line + 1, end < 0 ? bytes.length : end);
    line = end < 0 ? bytes.length : end;
    // `<observation> <path>`: the observation is `-` or `<kind> <signature>` (no space in a signature).
    const first = text.indexOf(' ');
    const split = first < 0 || text.charCodeAt(0) === 45 /* - */ ? first : text.indexOf(' ', first + 1);
    if (split < 0) return undefined;
    let rel = text.slice(split + 1);
    if (rel.charCodeAt(0) === 34 /* " */) {
      try {
        rel = JSON.parse(rel) as string;
      } catch {
        return undefined;
      }
      if (typeof rel !== 'string') return undefined;
    }
    // Nothing outside the repository is looked at before the file is authenticated (a run only records paths inside it).
    if (rel.startsWith('/') || /(?:^|\/)\.\.(?:\/|$)/.test(rel) || rel.includes('\0')) return undefined;
    const now = observe(rel === '' ? root : `${root}/${rel}`);
    if (now === undefined || now.length !== split || !text.startsWith(now)) return undefined;
  }
  if (!authentic(root, bytes, body)) return undefined;
  return sameBuild(header.library, header.code, header.build) ? header.outcome : undefined;
}

/** Records the snapshot of a run that changed nothing. */
export function writeNoopSnapshot(root: string, snapshot: NoopSnapshot): void {
  writePrivateText(root, SNAPSHOT_NAME, snapshotText(snapshot));
}

/** Removes the snapshot (a run that changed something, or could not record every signature). */
export function removeNoopSnapshot(root: string): void {
  removePrivateFile(root, SNAPSHOT_NAME);
}
