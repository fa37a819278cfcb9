import * as fs from 'fs';
import { readRegularFileNoFollow } from '../common/no-follow-read';

/** Largest file the measurement reads into memory (a generated or registered file is far smaller). */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

/**
 * Reads a regular file, never following a symbolic link (a committed link could point anywhere,
 * e.g. /dev/zero) and never reading more than `maxBytes`. Undefined for anything else.
 */
export function readRegularFile(abs: string, maxBytes = MAX_READ_BYTES): Buffer | undefined {
  try {
    const st = fs.lstatSync(abs);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return fs.readFileSync(abs);
  } catch {
    return undefined;
  }
}

/** What a path is, for reasons: `missing`, `symlink`, `file`, `directory` or `other`. */
export function pathKind(abs: string): 'missing' | 'symlink' | 'file' | 'directory' | 'other' {
  try {
    const st = fs.lstatSync(abs);
    return st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * Names of the regular files directly in `dir` (symbolic links and everything else left out), from one
 * listing; undefined when `dir` cannot be listed. Lets a reader of many files in one folder skip a
 * `pathKind` per file.
 */
export function regularFilesIn(dir: string): ReadonlySet<string> | undefined {
  try {
    return new Set(fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name));
  } catch {
    return undefined;
  }
}

/**
 * `readRegularFile` for a file a listing (`regularFilesIn`) has just reported as a regular file: the
 * same result, with one system call less per file (no lstat before opening). Still never follows a
 * symbolic link (opened with O_NOFOLLOW, so a file swapped for a link in between is not read) and
 * never reads a file that is not regular or larger than `maxBytes` (checked on the open file): readRegularFileNoFollow.
 */
export function readListedFile(abs: string, maxBytes = MAX_READ_BYTES): Buffer | undefined {
  try {
    const read = readRegularFileNoFollow(abs, maxBytes);
    return 'bytes' in read ? read.bytes : undefined;
  } catch {
    return undefined;
  }
}
