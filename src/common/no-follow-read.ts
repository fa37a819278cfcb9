import * as fs from 'fs';

/**
 * Open flags for reading what must be a regular file: read only; a symbolic link as the last
 * component is refused (ELOOP); opening a FIFO returns at once instead of waiting for a writer, and a
 * terminal never becomes the controlling one (neither is ever read: fstat then tells it is no regular
 * file). Undefined where the platform lacks one of the flags (Windows): callers decide with lstat there.
 */
export const NO_FOLLOW_READ_FLAGS = fs.constants.O_NOFOLLOW !== undefined && fs.constants.O_NONBLOCK !== undefined && fs.constants.O_NOCTTY !== undefined
  // eslint-disable-next-line no-bitwise
  ? fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY
  : undefined;

/**
 * Runs `use` on `abs` opened with NO_FOLLOW_READ_FLAGS, with the open file's fstat, and closes it
 * after (also when `use` throws, which then propagates). Undefined when it cannot be opened (missing,
 * a symbolic link, a socket, no permission) or the platform lacks the flags.
 */
export function withNoFollowOpen<T>(abs: string, use: (fd: number, stat: fs.Stats) => T): T | undefined {
  if (NO_FOLLOW_READ_FLAGS === undefined) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(abs, NO_FOLLOW_READ_FLAGS);
  } catch {
    return undefined;
  }
  try {
    return use(fd, fs.fstatSync(fd));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads the first `size` bytes of the file just opened as `fd` into `into`, as many calls as it takes;
 * returns how many it read: fewer than `size` when the file ends first (truncated since fstat).
 */
export function readPrefix(fd: number, into: Buffer, size: number): number {
  let read = 0;
  while (read < size) {
    const n = fs.readSync(fd, into, read, size - read, null);
    if (n === 0) break;
    read += n;
  }
  return read;
}

/** What `readRegularFileNoFollow` found: the bytes, or why there are none. */
export type NoFollowRead =
  | { readonly bytes: Buffer }
  | { readonly missing: true }
  | { readonly refused: 'not-a-regular-file' | 'too-large'; readonly size?: number };

/**
 * The bytes of a regular file of at most `maxBytes`, for a path a repository someone else controls
 * can hold: a symbolic link is never followed, a FIFO never waited on, a device never read, and the
 * size is checked on the open file before reading (one open and one fstat; an lstat only when the
 * open fails, to tell a missing path from a refused one). Where the platform lacks the open flags,
 * lstat decides before the read.
 */
export function readRegularFileNoFollow(abs: string, maxBytes: number): NoFollowRead {
  const refusal = (s: fs.Stats): NoFollowRead | undefined =>
    (!s.isFile() ? { refused: 'not-a-regular-file' } : s.size > maxBytes ? { refused: 'too-large', size: s.size } : undefined);
  if (NO_FOLLOW_READ_FLAGS !== undefined) {
    const read = withNoFollowOpen(abs, (fd, opened): NoFollowRead => {
      const refused = refusal(opened);
      if (refused) return refused;
      const bytes = Buffer.allocUnsafe(opened.size);
      const n = readPrefix(fd, bytes, opened.size);
      return { bytes: n === bytes.length ? bytes : bytes.subarray(0, n) };
    });
    if (read) return read;
  }
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return { missing: true };
  }
  // Not opened (a link, a socket, no permission): refused; without the flags, read after the lstat.
  return refusal(st) ?? (NO_FOLLOW_READ_FLAGS === undefined ? { bytes: fs.readFileSync(abs) } : { refused: 'not-a-regular-file' });
}
