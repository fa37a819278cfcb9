import * as fs from 'fs';
import * as path from 'path';
import { byCodeUnit, listDir } from '../state/safe-read';

/** A file found under deploy/ (symlinks reported as such, never followed). */
export interface TreeEntry {
  /** Repository-relative path with forward slashes. */
  readonly path: string;
  readonly symlink: boolean;
}

/** Every file (and symlink) below `rel`, sorted; empty directories contribute nothing. */
export function walkTree(root: string, rel: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const visit = (r: string) => {
    for (const name of listDir(path.join(root, r))) {
      const child = `${r}/${name}`;
      const st = fs.lstatSync(path.join(root, child));
      if (st.isSymbolicLink()) out.push({ path: child, symlink: true });
      else if (st.isDirectory()) visit(child);
      else out.push({ path: child, symlink: false });
    }
  };
  const st = lstatSafe(path.join(root, rel));
  if (!st) return out;
  if (st.isSymbolicLink()) return [{ path: rel, symlink: true }];
  if (!st.isDirectory()) return [{ path: rel, symlink: false }];
  visit(rel);
  return out.sort((a, b) => byCodeUnit(a.path, b.path));
}

function lstatSafe(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}
