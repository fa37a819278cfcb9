import * as fs from 'fs';

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
