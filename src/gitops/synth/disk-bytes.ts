import * as fs from 'fs';
import * as path from 'path';
import { readPrefix, withNoFollowOpen } from '../../common/no-follow-read';

/** How a file on disk compares with rendered bytes: `same` only for a regular file holding exactly them. */
export type DiskState = 'same' | 'changed' | 'missing';

/** Read buffer reused by every comparison of this thread (grown to the largest file compared), so a comparison allocates nothing. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * How `abs` compares with `content` through one open file: open (refusing a symlink, never
 * blocking on a FIFO), fstat, read into the reused buffer only a regular file of the right size,
 * close. `undefined` when it cannot open the path (missing, a symlink, a socket, no permission, a
 * platform without the flags): the caller then decides with lstat, so every outcome is unchanged.
 */
function compareOpen(abs: string, content: Buffer): 'same' | 'changed' | undefined {
  return withNoFollowOpen(abs, (fd, st) => {
    if (!st.isFile() || st.size !== content.length) return 'changed';
    const size = content.length;
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
    // Exactly fstat's size, as readFileSync reads it; shorter than fstat said is a file truncated meanwhile.
    if (readPrefix(fd, scratch, size) < size) return 'changed';
    return scratch.compare(content, 0, size, 0, size) === 0 ? 'same' : 'changed';
  });
}

/** The comparison by path (lstat, then the whole file): what decides whenever the path cannot be opened for `compareOpen`. */
function compareByPath(abs: string, content: Buffer): DiskState {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return 'missing';
  }
  return st.isFile() && st.size === content.length && fs.readFileSync(abs).equals(content) ? 'same' : 'changed';
}

/** True when `root/rel` is a regular file with exactly these bytes (never reads a FIFO, device or link). */
export function fileHasBytes(root: string, rel: string, content: Buffer): boolean {
  return diskState(root, rel, content) === 'same';
}

/** How `root/rel` compares with `content` (never reads a FIFO, device or link: those are `changed`). */
export function diskState(root: string, rel: string, content: Buffer): DiskState {
  const abs = path.join(root, rel);
  return compareOpen(abs, content) ?? compareByPath(abs, content);
}

/** Buffer the text of `diskStateOfText` is encoded into, reused like `scratch` (grown to the largest text). */
let textBytes = Buffer.allocUnsafe(64 * 1024);

/** `diskState` of `text`'s UTF-8 bytes, encoded into a reused buffer instead of a new one per file. */
export function diskStateOfText(root: string, rel: string, text: string): DiskState {
  const size = Buffer.byteLength(text, 'utf8');
  if (textBytes.length < size) textBytes = Buffer.allocUnsafe(Math.max(size, textBytes.length * 2));
  textBytes.write(text, 0, size, 'utf8');
  return diskState(root, rel, textBytes.subarray(0, size));
}
