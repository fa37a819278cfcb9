import * as fs from 'fs';
import * as path from 'path';
import { byCodeUnit, listDir } from '../state/safe-read';

/** A file found under deploy/: symlinks and special files (FIFOs, sockets, devices) reported as such, never followed or read. */
export interface TreeEntry {
  /** Repository-relative path with forward slashes. */
  readonly path: string;
  readonly kind: 'file' | 'symlink' | 'special';
}

/** Every file (and symlink or special file) below `rel`, sorted; empty directories contribute nothing. */
export function walkTree(root: string, rel: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const classify = (st: fs.Stats): TreeEntry['kind'] | 'dir' => (st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'special');
  const visit = (r: string) => {
    for (const name of listDir(path.join(root, r))) {
      const child = `${r}/${name}`;
      const kind = classify(fs.lstatSync(path.join(root, child)));
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
  const kind = classify(st);
  if (kind !== 'dir') return [{ path: rel, kind }];
  visit(rel);
  return out.sort((a, b) => byCodeUnit(a.path, b.path));
}
