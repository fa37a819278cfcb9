import * as fs from 'fs';
import * as path from 'path';

/** A symbolic link found where zave reads or writes in a repository it does not control. */
export interface LinkOnTheWay {
  /** The link's path, relative to the repository root, with forward slashes. */
  readonly path: string;
  /** Where it points, as written in the link. */
  readonly target: string;
}

/**
 * The first symbolic link, in sorted order, among the paths `rels` (relative to `root`) and the
 * folders on the way to each; undefined when there is none. Writing a file through such a link (or
 * a folder that is one) would write outside the repository: projen writes generated files with
 * plain `writeFileSync`, which follows links, so a tenant repository must be checked before it is
 * regenerated on a platform engineer's machine.
 */
export function linkOnTheWay(root: string, rels: readonly string[]): LinkOnTheWay | undefined {
  const seen = new Set<string>();
  for (const rel of [...rels].sort()) {
    const parts = rel.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      if (seen.has(sub)) continue;
      seen.add(sub);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(path.join(root, sub));
      } catch {
        break; // nothing there: nothing below it either
      }
      if (st.isSymbolicLink()) return { path: sub, target: fs.readlinkSync(path.join(root, sub)) };
    }
  }
  return undefined;
}

/** Why `doer` (e.g. "zave upgrade") refuses a repository holding `link`, and the fix. */
export function linkRefusal(link: LinkOnTheWay, doer: string): string {
  return `${link.path} is a symbolic link (to ${link.target}); ${doer} reads and writes only regular files and folders of the repository, `
    + 'never through a link: replace it with the regular file (or folder) zave generated, then run again';
}
