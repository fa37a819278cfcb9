import * as fs from 'fs';
import * as path from 'path';

/** How a file on disk compares with rendered bytes: `same` only for a regular file holding exactly them. */
export type DiskState = 'same' | 'changed' | 'missing';

/** True when `root/rel` is a regular file with exactly these bytes (never reads a FIFO, device or link). */
export function fileHasBytes(root: string, rel: string, content: Buffer): boolean {
  const abs = path.join(root, rel);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return false;
  }
  return st.isFile() && st.size === content.length && fs.readFileSync(abs).equals(content);
}

/** How `root/rel` compares with `content` (never reads a FIFO, device or link: those are `changed`). */
export function diskState(root: string, rel: string, content: Buffer): DiskState {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(path.join(root, rel));
  } catch {
    return 'missing';
  }
  return st.isFile() && st.size === content.length && fs.readFileSync(path.join(root, rel)).equals(content) ? 'same' : 'changed';
}
