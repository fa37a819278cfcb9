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
  /** The object id is `src[at .. at + id length)` (a base tree's entries point into its content: no copy per entry). */
  readonly src: Buffer;
  readonly at: number;
}

const TREE_MODE = '40000';
const TREE_ENTRY_START = Buffer.from(`${TREE_MODE} `, 'latin1');
const FILE_MODE = '100644';
const FILE_MODE_BYTES = Buffer.from(FILE_MODE, 'latin1');

/**
 * Walks a git tree object entry by entry without building them: `visit(at, space, nul)` gets the
 * offsets of the entry (its mode), of the space after the mode and of the NUL after the name (the id
 * follows it); returning true stops the walk.
 */
function walkTreeObject(content: Buffer, oidBytes: number, visit: (at: number, space: number, nul: number) => boolean): void {
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = content.indexOf(0x00, space);
    if (space < 0 || nul < 0 || nul + 1 + oidBytes > content.length) throw new Error('malformed tree object');
    if (visit(at, space, nul)) return;
    at = nul + 1 + oidBytes;
  }
}

/** True when an entry's mode (bytes `at`..`space`) is a folder's, `40000`. */
function isFolderMode(content: Buffer, at: number, space: number): boolean {
  return space - at === 5 && content[at] === 0x34 && content[at + 1] === 0x30;
}

function parseTree(content: Buffer, oidBytes: number): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  walkTreeObject(content, oidBytes, (at, space, nul) => {
    // The two common modes share one string each; others are read as they are.
    const mode = isFolderMode(content, at, space) ? TREE_MODE
      : space - at === 6 && FILE_MODE_BYTES.compare(content, at, space) === 0 ? FILE_MODE : content.toString('latin1', at, space);
    entries.set(content.toString('latin1', space + 1, nul), { mode, src: content, at: nul + 1 });
    return false;
  });
  return entries;
}

/** Every entry of a tree object by name (latin1, byte for byte): mode as git writes it in trees (`40000` for a folder) and id in hex. For small folders. */
export function treeEntries(content: Buffer, format: 'sha1' | 'sha256'): Map<string, { readonly mode: string; readonly oid: string }> {
  const oidBytes = format === 'sha256' ? 32 : 20;
  const out = new Map<string, { mode: string; oid: string }>();
  for (const [name, e] of parseTree(content, oidBytes)) out.set(name, { mode: e.mode, oid: e.src.toString('hex', e.at, e.at + oidBytes) });
  return out;
}

/** True when a tree object holds a folder (mode 40000), told without building its entries. */
export function treeHasFolder(content: Buffer, format: 'sha1' | 'sha256'): boolean {
  // A folder entry starts with `40000 `: bytes that appear nowhere tell without a walk (the common case).
  if (content.indexOf(TREE_ENTRY_START) < 0) return false;
  let found = false;
  walkTreeObject(content, format === 'sha256' ? 32 : 20, (at, space) => (found = isFolderMode(content, at, space)));
  return found;
}

/** The entries named `names` (latin1, byte for byte) of a tree object: mode as git writes it in trees (`40000` for a folder) and id in hex. */
export function treeLookup(content: Buffer, names: ReadonlySet<string>, format: 'sha1' | 'sha256'): Map<string, { readonly mode: string; readonly oid: string }> {
  const oidBytes = format === 'sha256' ? 32 : 20;
  const lengths = new Set([...names].map((n) => n.length));
  const out = new Map<string, { mode: string; oid: string }>();
  walkTreeObject(content, oidBytes, (at, space, nul) => {
    if (lengths.has(nul - space - 1)) {
      const name = content.toString('latin1', space + 1, nul);
      if (names.has(name)) out.set(name, { mode: content.toString('latin1', at, space), oid: content.toString('hex', nul + 1, nul + 1 + oidBytes) });
    }
    return out.size === names.size;
  });
  return out;
}

/** The name `git cat-file` reads the folder `dir` (a path from the repository root, '' for the root) of a commit by. */
export function treeObjectName(commit: string, dir: string): string {
  return dir === '' ? `${commit}^{tree}` : `${commit}:${dir}`;
}

/** A tree entry's sort key in git's order: its name, with `/` after a folder's name. */
function sortKey(name: string, e: TreeEntry): string {
  return e.mode === TREE_MODE ? `${name}/` : name;
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The tree object of these entries sorted whole into git's order (by name bytes, a folder's name compared as if it ended in `/`). */
function sortedTree(entries: ReadonlyMap<string, TreeEntry>, oidBytes: number): Buffer {
  const sorted = [...entries].map(([name, e]) => ({ name, e, key: sortKey(name, e) })).sort((x, y) => byKey(x.key, y.key));
  return Buffer.concat(sorted.map((x) => entryBytes(x.name, x.e, oidBytes)));
}

/** A folder of the new tree: the base tree object it starts from (none: empty), and the entries set (or removed: undefined) in it by name. */
interface Folder {
  readonly base?: Buffer;
  readonly edits: Map<string, TreeEntry | undefined>;
}

/** One entry's bytes in a tree object. */
function entryBytes(name: string, e: TreeEntry, oidBytes: number): Buffer {
  const head = Buffer.from(`${e.mode} ${name}\0`, 'latin1');
  return Buffer.concat([head, e.src.subarray(e.at, e.at + oidBytes)]);
}

/**
 * The tree object of a folder and its number of entries, in git's order (by name bytes, a folder's
 * name compared as if it ended in `/`). The base's entries not edited are copied as runs of bytes, in
 * the order git wrote them, and the edited ones (sorted) are merged in: a folder of thousands of
 * entries with one edit costs one walk over its bytes, and no object per entry. A base out of git's
 * order (which git would not write) is parsed and sorted whole.
 */
function serializeFolder(folder: Folder, oidBytes: number): { content: Buffer; count: number } {
  const edited = [...folder.edits].filter(([, e]) => e !== undefined).map(([name, e]) => ({ name, e: e!, key: sortKey(name, e!) }))
    .sort((a, b) => byKey(a.key, b.key));
  const base = folder.base;
  const chunks: Buffer[] = [];
  let count = 0;
  let j = 0;
  let run = -1;
  let runEnd = -1;
  let previous = '';
  let inOrder = true;
  const close = () => {
    if (run >= 0) chunks.push(base!.subarray(run, runEnd));
    run = -1;
  };
  if (base) {
    walkTreeObject(base, oidBytes, (at, space, nul) => {
      const name = base.toString('latin1', space + 1, nul);
      const end = nul + 1 + oidBytes;
      if (folder.edits.has(name)) {
        close();
        return false;
      }
      const key = isFolderMode(base, at, space) ? `${name}/` : name;
      if (!(key > previous)) return !(inOrder = false);
      previous = key;
      for (; j < edited.length && edited[j].key < key; j++, count++) {
        close();
        chunks.push(entryBytes(edited[j].name, edited[j].e, oidBytes));
      }
      if (run < 0) run = at;
      runEnd = end;
      count++;
      return false;
    });
  }
  if (!inOrder) {
    const entries = parseTree(base!, oidBytes);
    for (const [name, e] of folder.edits) {
      if (e) entries.set(name, e);
      else entries.delete(name);
    }
    return { content: sortedTree(entries, oidBytes), count: entries.size };
  }
  close();
  for (; j < edited.length; j++, count++) chunks.push(entryBytes(edited[j].name, edited[j].e, oidBytes));
  return { content: Buffer.concat(chunks), count };
}

/** git's object id of an object of `type` with this content, in the repository's hash (sha1 or sha256). */
export function objectId(type: 'blob' | 'tree', content: Uint8Array, format: 'sha1' | 'sha256'): Buffer {
  return createHash(format).update(`${type} ${content.length}\0`).update(content).digest();
}

/**
 * The tree objects of these folders of `base` (latin1 paths from the repository root; undefined: not a
 * folder there), read by their paths with one `git cat-file --batch` (folders the change already read
 * come from the Git's object cache). A path `cat-file` cannot carry (a line break in a name) is found
 * by its id in its parent's tree instead.
 */
function readFolders(git: Git, base: string, dirs: readonly string[], oidBytes: number): Map<string, Buffer | undefined> {
  const out = new Map<string, Buffer | undefined>();
  const byPath = dirs.filter((d) => !d.includes('\n'));
  git.readObjects(byPath.map((d) => treeObjectName(base, Buffer.from(d, 'latin1').toString('utf8')))).forEach((o, i) => out.set(byPath[i], o?.type === 'tree' ? o.content : undefined));
  // Parents first: every folder on the way to one is in `dirs`.
  for (const d of dirs.filter((x) => x.includes('\n')).sort((a, b) => a.split('/').length - b.split('/').length)) {
    const slash = d.lastIndexOf('/');
    const parent = out.get(slash < 0 ? '' : d.slice(0, slash));
    const name = d.slice(slash + 1);
    const entry = parent ? treeLookup(parent, new Set([name]), oidBytes === 32 ? 'sha256' : 'sha1').get(name) : undefined;
    const o = entry?.mode === TREE_MODE ? git.readObjects([entry.oid])[0] : undefined;
    out.set(d, o?.type === 'tree' ? o.content : undefined);
  }
  return out;
}

/**
 * Writes the edits as a new tree on top of the commit `base` with plumbing only, in O(change):
 * the blobs by one `hash-object --stdin-paths`, running while the folders on the way from each edit
 * up to the root are read by one `cat-file --batch`, changed in memory, their new tree objects
 * computed here and written by one `hash-object -t tree` (which checks their format). The ids git
 * gives the blobs and trees must equal those computed here.
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
    // Fastest zlib level for these loose objects (a promotion-state file is ~1 MB at N = 5000): git's
    // next gc or push packs them with its own compression anyway.
    return (await git.text(['-c', 'core.looseCompression=1', 'hash-object', '-w', '--no-filters', '-t', type, '--stdin-paths'], { input: `${files.join('\n')}\n` })).split('\n');
  };

  const writes = edits.filter((e) => e.content !== null);
  // Blob ids are computed here; git writes the blobs meanwhile (its ids are compared below).
  const blobIds = writes.map((e) => objectId('blob', e.content!, format));
  const blobsWritten = hashFiles('blob', writes.map((e) => e.content!));
  blobsWritten.catch(() => undefined); // awaited below; a failure must not go unhandled while the trees are built
  const ops = [
    ...edits.filter((e) => e.content === null).map((e) => ({ at: segments(e.path), entry: undefined as TreeEntry | undefined })),
    ...writes.map((e, i) => ({ at: segments(e.path), entry: { mode: FILE_MODE, src: blobIds[i], at: 0 } as TreeEntry | undefined })),
  ];

  // Every folder from an edit up to the root, read from the base as it is (missing or not a folder: empty).
  const dirs = new Set<string>(['']);
  for (const op of ops) for (let i = 1; i < op.at.length; i++) dirs.add(op.at.slice(0, i).join('/'));
  const names = [...dirs];
  const trees = new Map<string, Folder>();
  for (const [d, content] of readFolders(git, base, names, oidBytes)) trees.set(d, { ...(content ? { base: content } : {}), edits: new Map() });

  // Folders replaced by a file: not written (unless a later write puts something below them again).
  const replaced = new Set<string>();
  for (const op of ops) {
    const parentDir = op.at.slice(0, -1).join('/');
    const parent = trees.get(parentDir)!;
    const name = op.at[op.at.length - 1];
    const dir = op.at.join('/');
    for (let i = 1; i < op.at.length; i++) replaced.delete(op.at.slice(0, i).join('/'));
    // What was below this path (a deleted folder, or one a file replaces) is gone; a later write below it starts empty.
    for (const d of trees.keys()) if (d === dir || d.startsWith(`${dir}/`)) trees.set(d, { edits: new Map() });
    parent.edits.set(name, op.entry);
    if (op.entry && trees.has(dir)) replaced.add(dir);
  }
  const isReplaced = (dir: string) => [...replaced].some((r) => dir === r || dir.startsWith(`${r}/`));

  // Deepest folders first: each new tree's id goes into its parent before the parent is serialized.
  const written: Array<{ id: Buffer; content: Buffer }> = [];
  let root: Buffer | undefined;
  const depth = (d: string) => (d === '' ? 0 : d.split('/').length);
  for (const dir of names.sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0))) {
    if (isReplaced(dir)) continue;
    const { content, count } = serializeFolder(trees.get(dir)!, oidBytes);
    const id = objectId('tree', content, format);
    if (dir === '') {
      root = id;
    } else {
      const parent = trees.get(dir.slice(0, Math.max(0, dir.lastIndexOf('/'))))!;
      const name = dir.slice(dir.lastIndexOf('/') + 1);
      // A folder left empty disappears.
      parent.edits.set(name, count === 0 ? undefined : { mode: TREE_MODE, src: id, at: 0 });
      if (count === 0) continue;
    }
    written.push({ id, content });
  }
  const [gitBlobIds, ids] = await Promise.all([blobsWritten, hashFiles('tree', written.map((w) => w.content))]);
  blobIds.forEach((id, i) => {
    if (gitBlobIds[i] !== id.toString('hex')) throw new GitError(['hash-object', '-t', 'blob'], undefined, '', '', `git wrote blob ${gitBlobIds[i]} where zave computed ${id.toString('hex')}`);
  });
  written.forEach((w, i) => {
    if (ids[i] !== w.id.toString('hex')) throw new GitError(['hash-object', '-t', 'tree'], undefined, '', '', `git wrote tree ${ids[i]} where zave computed ${w.id.toString('hex')}`);
  });
  return root!.toString('hex');
}
