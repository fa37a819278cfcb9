import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Git, GitError } from '../git/git';

/** One file of a new tree: content, or null to delete (a folder: everything below it). */
export interface TreeEdit {
  /** Path relative to the GitOps root. */
  readonly path: string;
  readonly content: Buffer | null;
}

/** One entry of a git tree object. Names are kept as latin1 strings: byte for byte, whatever their encoding. */
interface TreeEntry {
  readonly mode: string;
  readonly oid: Buffer;
}

const TREE_MODE = '40000';

function parseTree(content: Buffer, oidBytes: number): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = content.indexOf(0x00, space);
    if (space < 0 || nul < 0 || nul + 1 + oidBytes > content.length) throw new Error('malformed tree object');
    entries.set(content.toString('latin1', space + 1, nul), { mode: content.toString('latin1', at, space), oid: content.subarray(nul + 1, nul + 1 + oidBytes) });
    at = nul + 1 + oidBytes;
  }
  return entries;
}

/** git's order of tree entries: by name bytes, a folder's name compared as if it ended in `/`. */
function serializeTree(entries: ReadonlyMap<string, TreeEntry>): Buffer {
  const key = (name: string, e: TreeEntry) => (e.mode === TREE_MODE ? `${name}/` : name);
  const sorted = [...entries].sort(([a, ea], [b, eb]) => {
    const ka = key(a, ea);
    const kb = key(b, eb);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return Buffer.concat(sorted.flatMap(([name, e]) => [Buffer.from(`${e.mode} ${name}\0`, 'latin1'), e.oid]));
}

/** git's object id of an object of `type` with this content, in the repository's hash (sha1 or sha256). */
export function objectId(type: 'blob' | 'tree', content: Uint8Array, format: 'sha1' | 'sha256'): Buffer {
  return createHash(format).update(`${type} ${content.length}\0`).update(content).digest();
}

/**
 * Writes the edits as a new tree on top of the commit `base` with plumbing only, in O(change):
 * the blobs by one `hash-object --stdin-paths`; the folders on the way from each edit up to the
 * root read by one `cat-file --batch`, changed in memory, their new tree objects computed here and
 * written by one `hash-object -t tree` (which checks their format, and whose ids must equal ours).
 * Nothing is checked out and no index of the whole repository is built. Deletions apply before writes;
 * a folder left empty disappears. Returns the new root tree's id.
 */
export async function writeTree(git: Git, base: string, prefix: string, edits: readonly TreeEdit[], scratch: string, format: 'sha1' | 'sha256'): Promise<string> {
  const oidBytes = format === 'sha256' ? 32 : 20;
  const segments = (p: string) => Buffer.from(prefix ? `${prefix}/${p}` : p, 'utf8').toString('latin1').split('/');
  const objectsDir = path.join(scratch, 'objects');
  fs.mkdirSync(objectsDir, { recursive: true });
  const hashFiles = async (type: 'blob' | 'tree', contents: readonly Buffer[]): Promise<string[]> => {
    if (contents.length === 0) return [];
    const files = contents.map((c, i) => {
      const f = path.join(objectsDir, `${type}-${i}`);
      fs.writeFileSync(f, c);
      return f;
    });
    return (await git.text(['hash-object', '-w', '--no-filters', '-t', type, '--stdin-paths'], { input: `${files.join('\n')}\n` })).split('\n');
  };

  const writes = edits.filter((e) => e.content !== null);
  const blobIds = await hashFiles('blob', writes.map((e) => e.content!));
  const ops = [
    ...edits.filter((e) => e.content === null).map((e) => ({ at: segments(e.path), entry: undefined as TreeEntry | undefined })),
    ...writes.map((e, i) => ({ at: segments(e.path), entry: { mode: '100644', oid: Buffer.from(blobIds[i], 'hex') } as TreeEntry | undefined })),
  ];

  // Every folder from an edit up to the root, read from the base as it is (missing or not a folder: empty).
  const dirs = new Set<string>(['']);
  for (const op of ops) for (let i = 1; i < op.at.length; i++) dirs.add(op.at.slice(0, i).join('/'));
  const names = [...dirs];
  const found = git.readObjects(names.map((d) => (d === '' ? `${base}^{tree}` : `${base}:${Buffer.from(d, 'latin1').toString('utf8')}`)));
  const trees = new Map<string, Map<string, TreeEntry>>();
  names.forEach((d, i) => trees.set(d, found[i]?.type === 'tree' ? parseTree(found[i]!.content, oidBytes) : new Map()));

  // Folders replaced by a file: not written (unless a later write puts something below them again).
  const replaced = new Set<string>();
  for (const op of ops) {
    const parent = trees.get(op.at.slice(0, -1).join('/'))!;
    const name = op.at[op.at.length - 1];
    const dir = op.at.join('/');
    for (let i = 1; i < op.at.length; i++) replaced.delete(op.at.slice(0, i).join('/'));
    // What was below this path (a deleted folder, or one a file replaces) is gone; a later write below it starts empty.
    for (const d of trees.keys()) if (d === dir || d.startsWith(`${dir}/`)) trees.set(d, new Map());
    if (op.entry) {
      parent.set(name, op.entry);
      if (trees.has(dir)) replaced.add(dir);
    } else {
      parent.delete(name);
    }
  }
  const isReplaced = (dir: string) => [...replaced].some((r) => dir === r || dir.startsWith(`${r}/`));

  // Deepest folders first: each new tree's id goes into its parent before the parent is serialized.
  const written: Array<{ id: Buffer; content: Buffer }> = [];
  let root: Buffer | undefined;
  const depth = (d: string) => (d === '' ? 0 : d.split('/').length);
  for (const dir of names.sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0))) {
    if (isReplaced(dir)) continue;
    const entries = trees.get(dir)!;
    const content = serializeTree(entries);
    const id = objectId('tree', content, format);
    if (dir === '') {
      root = id;
    } else {
      const parent = trees.get(dir.slice(0, Math.max(0, dir.lastIndexOf('/'))))!;
      const name = dir.slice(dir.lastIndexOf('/') + 1);
      if (entries.size === 0) {
        parent.delete(name);
        continue;
      }
      parent.set(name, { mode: TREE_MODE, oid: id });
    }
    written.push({ id, content });
  }
  const ids = await hashFiles('tree', written.map((w) => w.content));
  written.forEach((w, i) => {
    if (ids[i] !== w.id.toString('hex')) throw new GitError(['hash-object', '-t', 'tree'], undefined, '', '', `git wrote tree ${ids[i]} where zave computed ${w.id.toString('hex')}`);
  });
  return root!.toString('hex');
}
