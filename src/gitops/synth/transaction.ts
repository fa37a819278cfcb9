import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEPLOY_DIR } from '../repo/layout';
import { acquireLockNow, HeldLock, LockBusyError, LockWriteError } from '../repo/lock';
import { privateStateDir } from '../repo/private-dir';
import { lstatOrUndefined } from '../state/safe-read';

/** One path of deploy/ replaced (or removed) as a whole by a transaction. */
interface JournalUnit {
  /** Repository-relative path (a file or a directory) below deploy/. */
  readonly path: string;
  /** Whether the path existed when the journal was written. */
  readonly hadOld: boolean;
}

interface Journal {
  readonly units: readonly JournalUnit[];
  /** Directories the swap creates (removed again on rollback when empty). */
  readonly createdDirs: readonly string[];
}

/** Thrown by a test hook to simulate the process dying mid-swap (no rollback runs). */
export class SimulatedCrash extends Error {}

const TXN = 'txn';

/** Refuses `rel` (and every parent below the root) when it is a symlink or escapes the root. */
export function assertSafeTarget(root: string, rel: string): void {
  const abs = path.resolve(root, rel);
  if (abs !== root && !abs.startsWith(root + path.sep)) throw new UnsafePathError(rel, 'leaves the repository');
  const parts = path.relative(root, abs).split(path.sep);
  let cur = root;
  for (const part of parts) {
    cur = path.join(cur, part);
    const st = lstatOrUndefined(cur);
    if (!st) return;
    const shown = path.relative(root, cur).split(path.sep).join('/');
    if (st.isSymbolicLink()) throw new UnsafePathError(shown, 'is a symbolic link');
    if (!st.isFile() && !st.isDirectory()) throw new UnsafePathError(shown, `is a ${specialKind(st)}, not a file or folder`);
  }
}

/** What a special file is, for messages. */
export function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'named pipe (FIFO)';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'special file';
}

/**
 * True when `rel` is a clean repository-relative path strictly below deploy/ (no `..`, no empty or
 * `.` segment, no backslash, not absolute): the only paths a journal may name.
 */
export function isDeployPath(rel: unknown): rel is string {
  if (typeof rel !== 'string' || rel.length === 0 || rel.length > 4096 || rel.includes('\\') || rel.includes('\0')) return false;
  const parts = rel.split('/');
  return parts[0] === DEPLOY_DIR && parts.length >= 2 && parts.every((p) => p !== '' && p !== '.' && p !== '..');
}

/** A write target refused because it is a symlink or leaves the repository. */
export class UnsafePathError extends Error {
  constructor(readonly target: string, readonly reason: string) {
    super(`${target} ${reason}: zave synth writes only regular files and folders inside deploy/, never through a symbolic link`);
  }
}

/** Up to this many staged files are fsynced one by one; more are flushed by one `sync -f` (a process, ~30 ms). */
const FSYNC_EACH_MAX = 32;

/** Flushes the staged files to disk (fsync each when few; else one `sync -f` for the file system, per-file fsync when unavailable). */
function flush(dir: string, files: readonly string[]): void {
  if (files.length > FSYNC_EACH_MAX) {
    try {
      execFileSync('sync', ['-f', dir], { stdio: 'ignore', timeout: 60_000 });
      return;
    } catch {
      // fall through
    }
  }
  for (const f of files) {
    const fd = fs.openSync(f, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function fsyncFile(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A synth write: new content is staged in the private state folder (under the git directory, see
 * `privateStateDir`), then swapped into deploy/ unit by unit (rename of whole directories or files)
 * under a journal. Any failure before the journal leaves deploy/ untouched; a failure during the swap
 * rolls back; a killed process is rolled back by `recoverStaging` when the next run takes the lock,
 * before it plans anything. Old content is moved aside and deleted only after the commit marker.
 */
export class DeployTransaction {
  /** Takes the lock, recovers what a killed run left, and creates an empty staging area. */
  public static begin(root: string): DeployTransaction {
    const lock = lockRepository(root);
    try {
      recoverStaging(root);
      return DeployTransaction.withLock(root, lock);
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  /** A staging area under a lock the caller took (and recovered under); the transaction releases it. */
  public static withLock(root: string, lock: HeldLock): DeployTransaction {
    const dir = path.join(privateStateDir(root), TXN);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'new'), { recursive: true });
    return new DeployTransaction(root, dir, lock);
  }

  private readonly written: string[] = [];
  private readonly dirs = new Set<string>();

  private constructor(readonly root: string, private readonly dir: string, private readonly lock: HeldLock) {}

  /** Stages a file at repository-relative `rel` (e.g. `deploy/dev/ledger/service-ledger.yaml`). */
  public writeFile(rel: string, content: string): void {
    const abs = path.join(this.dir, 'new', rel);
    const parent = path.dirname(abs);
    if (!this.dirs.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      this.dirs.add(parent);
    }
    fs.writeFileSync(abs, content);
    this.written.push(abs);
  }

  /** Stages an empty directory (so a unit can be an empty folder). */
  public mkdir(rel: string): void {
    fs.mkdirSync(path.join(this.dir, 'new', rel), { recursive: true });
  }

  /** Absolute staging root: a file staged at `<stagingRoot>/<rel>` replaces `<repo>/<rel>` at commit. */
  public get stagingRoot(): string {
    return path.join(this.dir, 'new');
  }

  /** Records files staged by someone else (render jobs) under `stagingRoot`, for the fsync fallback. */
  public recordStaged(rels: readonly string[]): void {
    for (const r of rels) this.written.push(path.join(this.dir, 'new', r));
  }

  /** Number of files staged. */
  public get stagedFiles(): number {
    return this.written.length;
  }

  /**
   * Swaps every unit in: each path is replaced by its staged version, or removed when nothing was
   * staged for it. `interrupt` is a test hook called after each rename.
   */
  public commit(units: readonly string[], interrupt?: (renames: number) => void): void {
    for (const u of units) {
      if (!isDeployPath(u) && u !== DEPLOY_DIR) throw new UnsafePathError(u, 'is not below deploy/');
      assertSafeTarget(this.root, u);
    }
    flush(this.dir, this.written);
    const journalUnits: JournalUnit[] = units.map((u) => ({ path: u, hadOld: lstatOrUndefined(path.join(this.root, u)) !== undefined }));
    const createdDirs: string[] = [];
    for (const u of units) {
      if (!lstatOrUndefined(path.join(this.dir, 'new', u))) continue;
      const missing: string[] = [];
      for (let p = path.posix.dirname(u); p !== '.' && !lstatOrUndefined(path.join(this.root, p)); p = path.posix.dirname(p)) missing.unshift(p);
      for (const m of missing) if (!createdDirs.includes(m)) createdDirs.push(m);
    }
    const journal: Journal = { units: journalUnits, createdDirs };
    // Written whole then renamed: a journal is either absent or complete.
    const journalPath = path.join(this.dir, 'journal.json');
    fs.writeFileSync(`${journalPath}.tmp`, JSON.stringify(journal));
    fsyncFile(`${journalPath}.tmp`);
    fs.renameSync(`${journalPath}.tmp`, journalPath);
    let renames = 0;
    try {
      for (const d of createdDirs) fs.mkdirSync(path.join(this.root, d), { recursive: true });
      for (const unit of journalUnits) {
        const target = path.join(this.root, unit.path);
        const staged = path.join(this.dir, 'new', unit.path);
        if (unit.hadOld) {
          const old = path.join(this.dir, 'old', unit.path);
          fs.mkdirSync(path.dirname(old), { recursive: true });
          fs.renameSync(target, old);
          interrupt?.(++renames);
        }
        if (lstatOrUndefined(staged)) {
          fs.renameSync(staged, target);
          interrupt?.(++renames);
        }
      }
      const marker = path.join(this.dir, 'committed');
      fs.writeFileSync(marker, '');
      fsyncFile(marker);
    } catch (e) {
      if (e instanceof SimulatedCrash) {
        // A killed process leaves its lock stale (its pid is gone); in-process, release it like one.
        this.lock.release();
      } else {
        rollback(this.root, this.dir);
        this.abort();
      }
      throw e;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.lock.release();
  }

  /** Discards everything staged; deploy/ was never touched. */
  public abort(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.lock.release();
  }
}

/** Puts every unit of an interrupted swap back as it was before the journal. */
function rollback(root: string, dir: string): void {
  const journal = readJournal(dir);
  for (const unit of [...journal.units].reverse()) {
    const target = path.join(root, unit.path);
    const old = path.join(dir, 'old', unit.path);
    const staged = path.join(dir, 'new', unit.path);
    if (unit.hadOld) {
      if (lstatOrUndefined(old)) {
        if (lstatOrUndefined(target)) fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(old, target);
      }
    } else if (!lstatOrUndefined(staged) && lstatOrUndefined(target)) {
      fs.rmSync(target, { recursive: true, force: true });
    }
  }
  for (const d of [...journal.createdDirs].reverse()) {
    try {
      fs.rmdirSync(path.join(root, d));
    } catch {
      // not empty: something else lives there
    }
  }
}

/** A journal that does not describe a swap zave could have made (tampered or corrupt): refused, nothing touched. */
export class CorruptJournalError extends Error {}

/**
 * Reads and proves a journal before anything is touched: every unit and created folder must be a
 * clean path below deploy/ whose existing ancestors are real folders (no symbolic link).
 */
function readJournal(dir: string): Journal {
  const file = path.join(dir, 'journal.json');
  let data: unknown;
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > 64 * 1024 * 1024) throw new Error('not a regular file of sane size');
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CorruptJournalError(`the synth journal ${file} is unreadable (${(e as Error).message}); delete ${dir} and run zave synth --force`);
  }
  const j = data as Journal;
  const ok = j !== null && typeof j === 'object' && Array.isArray(j.units) && Array.isArray(j.createdDirs)
    && j.units.every((u) => u !== null && typeof u === 'object' && typeof u.hadOld === 'boolean' && (isDeployPath(u.path) || u.path === DEPLOY_DIR))
    && j.createdDirs.every((d) => isDeployPath(d) || d === DEPLOY_DIR);
  if (!ok) {
    throw new CorruptJournalError(`the synth journal ${file} names a path outside deploy/ or is malformed; refusing to recover from it. Delete ${dir} and run zave synth --force`);
  }
  return j;
}

/**
 * Cleans what a killed synth left in the private staging area: an interrupted swap is rolled back
 * (deploy/ returns to its previous complete state), a committed one only loses its old copy, a
 * staging area without journal is simply deleted. Call with the repository lock held.
 */
export function recoverStaging(root: string): 'clean' | 'rolled-back' | 'cleaned' {
  const dir = path.join(privateStateDir(root), TXN);
  const st = lstatOrUndefined(dir);
  if (!st) return 'clean';
  if (st.isSymbolicLink() || !st.isDirectory()) throw new UnsafePathError(dir, st.isSymbolicLink() ? 'is a symbolic link' : 'is not a directory');
  let result: 'clean' | 'rolled-back' | 'cleaned' = 'cleaned';
  if (lstatOrUndefined(path.join(dir, 'journal.json')) && !lstatOrUndefined(path.join(dir, 'committed'))) {
    const journal = readJournal(dir);
    for (const u of journal.units) assertSafeTarget(fs.realpathSync(root), u.path);
    rollback(root, dir);
    result = 'rolled-back';
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Another synth holds the lock of this repository (or the lock could not be written). */
export class LockedError extends Error {}

/** Takes the repository's synth lock (in the private state folder): LockedError when busy or unwritable. */
export function lockRepository(root: string): HeldLock {
  const file = path.join(privateStateDir(root), 'synth.lock');
  try {
    return acquireLockNow(file);
  } catch (e) {
    if (e instanceof LockBusyError) throw new LockedError(`another zave synth (pid ${e.holderPid ?? '?'}) is writing this repository; wait for it, or delete ${file} if that process is gone`);
    if (e instanceof LockWriteError) throw new LockedError(e.message);
    throw e;
  }
}
