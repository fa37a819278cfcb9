import * as fs from 'fs';
import * as path from 'path';

/** How a file on disk compares with rendered bytes: `same` only for a regular file holding exactly them. */
export type DiskState = 'same' | 'changed' | 'missing';

/**
 * Open flags of the comparison: read only; a symlink as the last component is refused (ELOOP);
 * opening a FIFO returns at once instead of waiting for a writer, and a terminal never becomes the
 * controlling one (neither is ever read: fstat tells it is no regular file). Undefined where the
 * platform lacks one of the flags (Windows): the lstat path decides there.
 */
const COMPARE_FLAGS = fs.constants.O_NOFOLLOW !== undefined && fs.constants.O_NONBLOCK !== undefined && fs.constants.O_NOCTTY !== undefined
  // eslint-disable-next-line no-bitwise
  ? fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY
  : undefined;

/** Read buffer reused by every comparison of this thread (grown to the largest file compared), so a comparison allocates nothing. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * How `abs` compares with `content` through one open file: open (refusing a symlink, never
 * blocking on a FIFO), fstat, read into the reused buffer only a regular file of the right size,
 * close. `undefined` when it cannot open the path (missing, a symlink, a socket, no permission):
 * the caller then decides with lstat exactly as before, so every outcome is unchanged.
 */
function compareOpen(abs: string, content: Buffer): 'same' | 'changed' | undefined {
  if (COMPARE_FLAGS === undefined) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(abs, COMPARE_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size !== content.length) return 'changed';
    const size = content.length;
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
    // Exactly fstat's size, as readFileSync reads it.
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, scratch, read, size - read, null);
      if (n === 0) return 'changed'; // shorter than fstat said (truncated meanwhile)
      read += n;
    }
    return scratch.compare(content, 0, size, 0, size) === 0 ? 'same' : 'changed';
  } finally {
    fs.closeSync(fd);
  }
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
