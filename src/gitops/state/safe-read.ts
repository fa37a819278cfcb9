import * as fs from 'fs';
import * as path from 'path';

/** Code-unit order: the same on every machine, whatever the locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted directory listing (readdir order differs between file systems); [] when the directory is absent. */
export function listDir(dir: string): string[] {
  try {
    return [...fs.readdirSync(dir)].map(String).sort(byCodeUnit);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** lstat that returns undefined for a missing path. */
export function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Repository-relative display name with forward slashes. */
export function displayPath(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}
