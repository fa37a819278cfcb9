import * as fs from 'fs';
import * as path from 'path';
import { Git } from '../git/git';

/** What a path of a repository is. */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

/** Bytes of a file, or why they were not read. */
export type ReadResult =
  | { readonly bytes: Buffer }
  | { readonly tooLarge: number }
  | { readonly notAFile: EntryKind | 'missing' };

/**
 * Read access to the files of a GitOps repository, wherever they are: a working tree on disk, a
 * commit's tree read through git, or either with a verb's pending edits on top. Paths are
 * repository-relative with forward slashes. Listings are sorted by code unit.
 */
export interface RepoSource {
  /** What is at `rel`, never following a symbolic link; undefined when nothing is. */
  kind(rel: string): EntryKind | undefined;
  /** Names inside the folder `rel`; [] when it is absent or not a folder. */
  list(rel: string): string[];
  /** The bytes of the regular file `rel`, refusing (before reading) one larger than `maxBytes`. */
  read(rel: string, maxBytes: number): ReadResult;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindOf(e: fs.Dirent | fs.Stats): EntryKind {
  return e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other';
}

/** A working tree on disk (the folder with platform.yaml). */
export class DirectorySource implements RepoSource {
  /**
   * Kinds of the entries of the last folders listed, from the listing itself (d_type: what an lstat
   * would say at that moment, no lstat per entry). Each answers one `kind` call, the one a loader makes
   * right after listing; any later call lstats again.
   */
  private readonly listed = new Map<string, EntryKind>();

  constructor(readonly root: string) {}

  public kind(rel: string): EntryKind | undefined {
    const known = this.listed.get(rel);
    if (known !== undefined) {
      this.listed.delete(rel);
      return known;
    }
    const st = this.lstat(rel);
    return st ? kindOf(st) : undefined;
  }

  public list(rel: string): string[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(this.root, rel), { withFileTypes: true });
    } catch {
      return [];
    }
    const names: string[] = [];
    for (const e of entries) {
      const name = String(e.name);
      names.push(name);
      this.listed.set(rel ? `${rel}/${name}` : name, kindOf(e));
    }
    return names.sort(byCodeUnit);
  }

  public read(rel: string, maxBytes: number): ReadResult {
    const st = this.lstat(rel);
    if (!st) return { notAFile: 'missing' };
    if (!st.isFile()) return { notAFile: this.kind(rel)! };
    if (st.size > maxBytes) return { tooLarge: st.size };
    const bytes = fs.readFileSync(path.join(this.root, rel));
    return bytes.length > maxBytes ? { tooLarge: bytes.length } : { bytes };
  }

  private lstat(rel: string): fs.Stats | undefined {
    try {
      return fs.lstatSync(path.join(this.root, rel));
    } catch {
      return undefined;
    }
  }
}

/** One entry of a git tree listing. */
export interface TreeListingEntry {
  readonly mode: string;
  readonly oid: string;
  /** Blob size in bytes (0 for trees and submodules). */
  readonly size: number;
}

/**
 * Parses `git ls-tree -r -t -l -z` output into path -> entry (trees included, so folders can be
 * listed and told from files).
 */
export function parseTreeListing(out: Buffer | string): Map<string, TreeListingEntry> {
  const map = new Map<string, TreeListingEntry>();
  const text = out.toString('utf8');
  // Each record is `<mode> <type> <object>[ <size, padded>]\t<path>\0`; the header holds no tab. Read
  // by offsets (a listing of workloads/ has one record per workload).
  for (let at = 0; at < text.length;) {
    const nul = text.indexOf('\0', at);
    const end = nul < 0 ? text.length : nul;
    const tab = text.indexOf('\t', at);
    if (tab > at && tab < end) {
      const typeAt = text.indexOf(' ', at) + 1;
      const oidAt = text.indexOf(' ', typeAt) + 1;
      const oidEnd = text.indexOf(' ', oidAt);
      const size = oidEnd < 0 || oidEnd > tab ? undefined : text.slice(oidEnd, tab).trim();
      const mode = text.slice(at, typeAt - 1);
      map.set(text.slice(tab + 1, end), { mode: COMMON_MODES.get(mode) ?? mode, oid: text.slice(oidAt, size === undefined ? tab : oidEnd), size: size === undefined || size === '-' ? 0 : Number(size) });
    }
    at = end + 1;
  }
  return map;
}

/** The modes of almost every entry, one string each (a listing of thousands shares them). */
const COMMON_MODES = new Map(['040000', '100644', '100755', '120000'].map((m) => [m, m]));

function kindOfMode(mode: string): EntryKind {
  if (mode === '040000') return 'dir';
  if (mode === '120000') return 'symlink';
  if (mode === '100644' || mode === '100755') return 'file';
  return 'other';
}

/** True when `names` is in byCodeUnit order. */
function inOrder(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (byCodeUnit(names[i - 1], names[i]) > 0) return false;
  return true;
}

/** Files larger than this are not read ahead (they are read, capped, when asked for). */
const PREFETCH_MAX_BYTES = 256 * 1024;

/**
 * Everything below the folders `dirs` of `commit` (folders included), and the entries `paths` with
 * everything below them when they are folders (whatever they are: a file, a link, nothing), by one
 * recursive `git ls-tree`.
 */
function listBelow(git: Git, commit: string, dirs: readonly string[], paths: readonly string[] = []): Map<string, TreeListingEntry> {
  const below = new Map<string, TreeListingEntry>();
  if (dirs.length === 0 && paths.length === 0) return below;
  // The listing repeats the folders above each one (already known): only what is at or below them is kept.
  const args = [...dirs.map((d) => `${d}/`), ...paths];
  for (const [p, e] of parseTreeListing(git.runSync(['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', commit, '--', ...args]))) {
    if (dirs.some((d) => p.startsWith(`${d}/`)) || paths.some((d) => p === d || p.startsWith(`${d}/`))) below.set(p, e);
  }
  return below;
}

/**
 * The intent files of one commit (platform.yaml, workloads/, environments/), listed with `git ls-tree`
 * as far as needed and read blob by blob on demand: a verb reads only what it needs, so its cost
 * follows the change, not the fleet. Top-level folders are listed one level deep; each of their
 * sub-folders is listed the first time something below it is asked for (or up front, see `load`).
 * Blobs are read once (a verb reads some files several times).
 */
export class GitTreeSource implements RepoSource {
  /**
   * Lists the tree-ish `commit`: the top-level `files` as entries, the top-level `folders` one level
   * deep (their sub-folders on first use), and the sub-folders in `deep` (e.g. the workloads a verb
   * changes) completely, up front. Two git processes in the usual case.
   */
  public static load(git: Git, commit: string, files: readonly string[], folders: readonly string[], deep: readonly string[] = [],
    lazy: readonly string[] = []): GitTreeSource {
    const ls = (paths: readonly string[]) => (paths.length === 0 ? new Map<string, TreeListingEntry>()
      : parseTreeListing(git.runSync(['ls-tree', '-l', '-z', '--full-tree', commit, '--', ...paths])));
    // `dir/` lists a folder's children, `name` the entry itself (git answers one or the other per path).
    const entries = ls([...files, ...folders.map((d) => `${d}/`), ...lazy]);
    const present = new Set([...entries.keys()].filter((p) => p.includes('/')).map((p) => p.slice(0, p.indexOf('/'))));
    for (const dir of present) entries.set(dir, { mode: '040000', oid: '', size: 0 });
    // A folder with no children is missing, or something else (a file, a link) in its place: its entry says which.
    for (const [p, e] of ls(folders.filter((d) => !present.has(d)))) entries.set(p, e);
    const lazyFolders = lazy.filter((d) => entries.get(d)?.mode === '040000');
    const listed = deep.filter((d) => entries.get(d)?.mode === '040000');
    // A folder in a lazy one is listed as an entry (it may be a file, a link or nothing) with what is below it.
    const probed = deep.filter((d) => lazyFolders.includes(d.slice(0, d.indexOf('/'))));
    for (const [p, e] of listBelow(git, commit, listed, probed)) entries.set(p, e);
    return new GitTreeSource(git, entries, commit, folders.filter((d) => present.has(d)), [...listed, ...probed.filter((d) => entries.get(d)?.mode === '040000')],
      lazyFolders, probed);
  }

  private readonly children = new Map<string, string[]>();
  private readonly blobs = new Map<string, Buffer>();
  /** Top-level folders listed one level deep: their sub-folders are listed on first use. */
  private readonly shallow: Set<string>;
  /** Sub-folders of shallow folders listed already (up front, or on first use). */
  private readonly expanded = new Set<string>();
  /** Top-level folders not listed yet: listed (one level deep) the first time one of their entries is asked for that `probed` does not answer. */
  private readonly lazy: Set<string>;
  /** Entries of lazy folders looked up up front (with everything below them): what they are, or that they are missing, is known. */
  private readonly probed: ReadonlySet<string>;

  constructor(private readonly git: Git, readonly entries: Map<string, TreeListingEntry>, private readonly commit?: string,
    shallow: readonly string[] = [], listed: readonly string[] = [], lazy: readonly string[] = [], probed: readonly string[] = []) {
    this.index([...entries.keys()]);
    this.shallow = new Set(shallow);
    for (const dir of listed) this.expanded.add(dir);
    this.lazy = new Set(lazy);
    this.probed = new Set(probed);
  }

  /** Lists a lazy folder that `rel` is in (or is, with `self`) when what `rel` asks is not known yet. */
  private reveal(rel: string, self: boolean): void {
    if (this.lazy.size === 0) return;
    const first = rel.indexOf('/');
    const top = first < 0 ? rel : rel.slice(0, first);
    if (!this.lazy.has(top) || (first < 0 && !self)) return;
    if (first >= 0) {
      const second = rel.indexOf('/', first + 1);
      if (this.probed.has(second < 0 ? rel : rel.slice(0, second))) return;
    }
    this.lazy.delete(top);
    const children = new Map<string, TreeListingEntry>();
    for (const [p, e] of parseTreeListing(this.git.runSync(['ls-tree', '-l', '-z', '--full-tree', this.commit!, '--', `${top}/`]))) {
      if (!this.entries.has(p)) children.set(p, e);
    }
    for (const [p, e] of children) this.entries.set(p, e);
    this.index([...children.keys()]);
    this.shallow.add(top);
  }

  private index(paths: readonly string[]): void {
    const touched = new Set<string[]>();
    for (const p of paths) {
      const slash = p.lastIndexOf('/');
      const parent = slash < 0 ? '' : p.slice(0, slash);
      let list = this.children.get(parent);
      if (!list) this.children.set(parent, (list = []));
      list.push(p.slice(slash + 1));
      touched.add(list);
    }
    // git lists a folder's entries in byte order, which is almost always already this order: sorted only when not.
    for (const list of touched) if (!inOrder(list)) list.sort(byCodeUnit);
  }

  /** Lists the not-yet-listed sub-folder of a shallow folder that `rel` is below (or is, with `self`). */
  private expand(rel: string, self: boolean): void {
    if (this.shallow.size === 0) return;
    const first = rel.indexOf('/');
    if (first < 0 || !this.shallow.has(rel.slice(0, first))) return;
    const second = rel.indexOf('/', first + 1);
    const dir = second < 0 ? rel : rel.slice(0, second);
    if ((second < 0 && !self) || this.expanded.has(dir) || this.entries.get(dir)?.mode !== '040000') return;
    this.expanded.add(dir);
    const below = listBelow(this.git, this.commit!, [dir]);
    for (const [p, e] of below) this.entries.set(p, e);
    this.index([...below.keys()]);
    // The folder's own small files (a workload's contract and registration) are read together.
    this.prefetch((this.children.get(dir) ?? []).map((n) => `${dir}/${n}`), PREFETCH_MAX_BYTES);
  }

  /**
   * Reads the blobs of these files (those under `maxBytes`) with one `git cat-file --batch`, so the
   * reads that follow cost no process each. Paths that are missing or not files are skipped.
   * `alsoRead` names other objects (e.g. `<commit>:<folder>`) read by the same process, for the Git's
   * object cache.
   */
  public prefetch(paths: readonly string[], maxBytes: number, alsoRead: readonly string[] = []): void {
    const oids = [...new Set(paths.map((p) => this.entries.get(p)).filter((e): e is TreeListingEntry => e !== undefined && kindOfMode(e.mode) === 'file' && e.size <= maxBytes)
      .map((e) => e.oid).filter((oid) => !this.blobs.has(oid)))];
    if (oids.length === 0 && alsoRead.length === 0) return;
    this.git.readBlobs(oids, alsoRead).forEach((bytes, i) => this.blobs.set(oids[i], bytes));
  }

  public kind(rel: string): EntryKind | undefined {
    this.reveal(rel, false);
    this.expand(rel, false);
    const e = this.entries.get(rel);
    return e ? kindOfMode(e.mode) : undefined;
  }

  public list(rel: string): string[] {
    this.reveal(rel, true);
    this.expand(rel, true);
    return [...(this.children.get(rel) ?? [])];
  }

  public read(rel: string, maxBytes: number): ReadResult {
    this.reveal(rel, false);
    this.expand(rel, false);
    const e = this.entries.get(rel);
    if (!e) return { notAFile: 'missing' };
    const kind = kindOfMode(e.mode);
    if (kind !== 'file') return { notAFile: kind };
    if (e.size > maxBytes) return { tooLarge: e.size };
    let bytes = this.blobs.get(e.oid);
    if (!bytes) this.blobs.set(e.oid, (bytes = this.git.runSync(['cat-file', 'blob', e.oid])));
    return { bytes };
  }
}

/** A write below a base entry that is not a folder (a symbolic link, a file). */
export class WriteRefusedError extends Error {
  constructor(readonly target: string, readonly ancestor: string, readonly kind: EntryKind) {
    super(`refusing to write ${target}: ${ancestor} is a ${kind === 'symlink' ? 'symbolic link' : kind} in the base commit, and a link could point outside the GitOps repository`);
  }
}

/**
 * A source with pending edits on top (what a lifecycle verb writes before it is committed):
 * written files shadow the base, removed paths hide it and everything below.
 */
export class OverlaySource implements RepoSource {
  private readonly writes = new Map<string, Buffer>();
  private readonly removals = new Set<string>();

  constructor(readonly base: RepoSource) {}

  /**
   * Writes (or replaces) the file `rel`. Refuses (WriteRefusedError) a path below something in the
   * base that is not a folder: a committed symbolic link must never redirect a write. A Buffer is kept
   * as it is (not copied): the caller hands it over.
   */
  public write(rel: string, content: string | Uint8Array): void {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('/');
      if (this.hidden(ancestor) || this.writes.has(ancestor)) continue;
      const kind = this.base.kind(ancestor);
      if (kind !== undefined && kind !== 'dir') throw new WriteRefusedError(rel, ancestor, kind);
    }
    this.writes.set(rel, Buffer.isBuffer(content) ? content : Buffer.from(content));
    for (let d = rel; d.includes('/'); ) {
      d = d.slice(0, d.lastIndexOf('/'));
      this.removals.delete(d);
    }
    this.removals.delete(rel);
  }

  /** Removes the file or folder `rel` (and everything below it). */
  public remove(rel: string): void {
    for (const p of [...this.writes.keys()]) if (p === rel || p.startsWith(`${rel}/`)) this.writes.delete(p);
    this.removals.add(rel);
  }

  /** Paths written, sorted. */
  public written(): string[] {
    return [...this.writes.keys()].sort(byCodeUnit);
  }

  /** Paths removed (folders as given), sorted. */
  public removed(): string[] {
    return [...this.removals].sort(byCodeUnit);
  }

  private hidden(rel: string): boolean {
    for (const r of this.removals) if (rel === r || rel.startsWith(`${r}/`)) return !this.writes.has(rel);
    return false;
  }

  public kind(rel: string): EntryKind | undefined {
    if (this.writes.has(rel)) return 'file';
    for (const w of this.writes.keys()) if (w.startsWith(`${rel}/`)) return 'dir';
    if (this.hidden(rel)) return undefined;
    return this.base.kind(rel);
  }

  public list(rel: string): string[] {
    const names = new Set(this.base.list(rel).filter((n) => !this.hidden(rel ? `${rel}/${n}` : n)));
    const prefix = rel ? `${rel}/` : '';
    for (const w of this.writes.keys()) if (w.startsWith(prefix)) names.add(w.slice(prefix.length).split('/')[0]);
    return [...names].sort(byCodeUnit);
  }

  public read(rel: string, maxBytes: number): ReadResult {
    const w = this.writes.get(rel);
    if (w) return w.length > maxBytes ? { tooLarge: w.length } : { bytes: w };
    if (this.hidden(rel)) return { notAFile: 'missing' };
    return this.base.read(rel, maxBytes);
  }
}
