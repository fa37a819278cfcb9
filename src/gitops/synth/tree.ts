import * as fs from 'fs';
import * as path from 'path';
import { byCodeUnit } from '../state/safe-read';

/** A file found under deploy/: symlinks and special files (FIFOs, sockets, devices) reported as such, never followed or read. */
export interface TreeEntry {
  /** Repository-relative path with forward slashes. */
  readonly path: string;
  readonly kind: 'file' | 'symlink' | 'special';
}

/**
 * Every file (and symlink or special file) below `rel`, sorted unless `sorted` is false; empty
 * directories contribute nothing. `beforeList` is called with each folder's path just before it is listed.
 */
export function walkTree(root: string, rel: string, sorted = true, beforeList?: (dir: string) => void): TreeEntry[] {
  const out: TreeEntry[] = [];
  // Directory entries carry their type (d_type; Node falls back to lstat where the file system reports none): no lstat per file.
  const kindOf = (e: fs.Dirent | fs.Stats): TreeEntry['kind'] | 'dir' => (e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'special');
  const visit = (r: string) => {
    let entries: fs.Dirent[];
    beforeList?.(r);
    try {
      entries = fs.readdirSync(path.join(root, r), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const entry of entries) {
      const child = `${r}/${String(entry.name)}`;
      const kind = kindOf(entry);
      if (kind === 'dir') visit(child);
      else out.push({ path: child, kind });
    }
  };
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(path.join(root, rel));
  } catch {
    return out;
  }
  const kind = kindOf(st);
  if (kind !== 'dir') return [{ path: rel, kind }];
  visit(rel);
  return sorted ? out.sort((a, b) => byCodeUnit(a.path, b.path)) : out;
}
