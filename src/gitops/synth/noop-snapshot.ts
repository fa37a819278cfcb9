import * as fs from 'fs';
import { readPrivateJson, removePrivateFile, statSignature, writePrivateJson } from './cache';
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
  /** By repository-relative path ('' for the root): `d <signature>` for a folder, `f <signature>` for a file, `-` for nothing there. */
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

/** Format of the snapshot file. */
export const NOOP_SNAPSHOT_FORMAT = 1;
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

/** The authenticated snapshot of `root`, if any, of this format. */
export function readNoopSnapshot(root: string): NoopSnapshot | undefined {
  const data = readPrivateJson(root, SNAPSHOT_NAME) as NoopSnapshot | undefined;
  if (!data || data.format !== NOOP_SNAPSHOT_FORMAT || typeof data.library !== 'string' || typeof data.code !== 'string'
    || typeof data.paths !== 'object' || data.paths === null || typeof data.outcome !== 'object' || data.outcome === null) return undefined;
  return data;
}

/** True when every path of the snapshot is as recorded (same kind, same settled signature, or still absent). */
export function snapshotHolds(root: string, snapshot: NoopSnapshot): boolean {
  for (const rel in snapshot.paths) {
    if (!Object.prototype.hasOwnProperty.call(snapshot.paths, rel)) continue;
    const now = observe(rel === '' ? root : `${root}/${rel}`);
    if (now === undefined || now !== snapshot.paths[rel]) return false;
  }
  return true;
}

/** Records the snapshot of a run that changed nothing. */
export function writeNoopSnapshot(root: string, snapshot: NoopSnapshot): void {
  writePrivateJson(root, SNAPSHOT_NAME, snapshot);
}

/** Removes the snapshot (a run that changed something, or could not record every signature). */
export function removeNoopSnapshot(root: string): void {
  removePrivateFile(root, SNAPSHOT_NAME);
}
