import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { STAGING_DIR } from './layout';
import { lstatOrUndefined } from '../state/safe-read';

/** One path of deploy/ replaced (or removed) as a whole by a transaction. */
interface JournalUnit {
  /** Repository-relative path (a file or a directory). */
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
    if (st.isSymbolicLink()) throw new UnsafePathError(path.relative(root, cur).split(path.sep).join('/'), 'is a symbolic link');
  }
}

/** A write target refused because it is a symlink or leaves the repository. */
export class UnsafePathError extends Error {
  constructor(readonly target: string, readonly reason: string) {
    super(`${target} ${reason}: zave synth never writes through a symbolic link or outside the repository`);
  }
}

/** Flushes a file system to disk (one `sync -f` for the whole tree; per-file fsync when unavailable). */
function flush(dir: string, files: readonly string[]): void {
  try {
    execFileSync('sync', ['-f', dir], { stdio: 'ignore', timeout: 60_000 });
    return;
  } catch {
    // fall through
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
 * A synth write: new content is staged under `.zave-tmp/txn/new/`, then swapped into deploy/
 * unit by unit (rename of whole directories or files) under a journal. Any failure before the
 * journal leaves deploy/ untouched; a failure during the swap rolls back; a killed process is
 * rolled back by `recoverStaging` at the next run. Old content is moved to `.zave-tmp/txn/old/`
 * and deleted only after the commit marker is written.
 */
export class DeployTransaction {
  /** Creates the staging area (recovering any leftover first) and takes the lock. */
  public static begin(root: string): DeployTransaction {
    acquireLock(root);
    try {
      recoverStaging(root);
    } catch (e) {
      releaseLock(root);
      throw e;
    }
    const staging = path.join(root, STAGING_DIR);
    fs.mkdirSync(path.join(staging, TXN, 'new'), { recursive: true });
    return new DeployTransaction(root, path.join(staging, TXN));
  }

  private readonly written: string[] = [];
  private readonly dirs = new Set<string>();

  private constructor(readonly root: string, private readonly dir: string) {}

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
    for (const u of units) assertSafeTarget(this.root, u);
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
      if (!(e instanceof SimulatedCrash)) {
        rollback(this.root, this.dir);
        this.abort();
      }
      throw e;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    removeStagingIfEmpty(this.root);
    releaseLock(this.root);
  }

  /** Discards everything staged; deploy/ was never touched. */
  public abort(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    removeStagingIfEmpty(this.root);
    releaseLock(this.root);
  }
}

function removeStagingIfEmpty(root: string): void {
  try {
    fs.rmdirSync(path.join(root, STAGING_DIR));
  } catch {
    // not empty or already gone
  }
}

/** Puts every unit of an interrupted swap back as it was before the journal. */
function rollback(root: string, dir: string): void {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'journal.json'), 'utf8')) as Journal;
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

/**
 * Cleans what a killed synth left in `.zave-tmp/`: an interrupted swap is rolled back (deploy/
 * returns to its previous complete state), a committed one only loses its old copy, a staging
 * area without journal is simply deleted. Refuses a `.zave-tmp` that is a symlink.
 */
export function recoverStaging(root: string): 'clean' | 'rolled-back' | 'cleaned' {
  const staging = path.join(root, STAGING_DIR);
  const st = lstatOrUndefined(staging);
  if (!st) return 'clean';
  if (st.isSymbolicLink() || !st.isDirectory()) throw new UnsafePathError(STAGING_DIR, st.isSymbolicLink() ? 'is a symbolic link' : 'is not a directory');
  const dir = path.join(staging, TXN);
  let result: 'clean' | 'rolled-back' | 'cleaned' = 'cleaned';
  if (lstatOrUndefined(path.join(dir, 'journal.json')) && !lstatOrUndefined(path.join(dir, 'committed'))) {
    rollback(root, dir);
    result = 'rolled-back';
  }
  fs.rmSync(staging, { recursive: true, force: true });
  return result;
}

/** Lock file beside the staging directory: one synth writes a repository at a time. */
export const LOCK_FILE = `${STAGING_DIR}.lock`;

/** Another synth holds the lock of this repository. */
export class LockedError extends Error {}

function acquireLock(root: string): void {
  const lock = path.join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = fs.lstatSync(lock);
      if (!st.isFile()) throw new UnsafePathError(LOCK_FILE, 'is not a regular file');
      const pid = Number(fs.readFileSync(lock, 'utf8').trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (err) {
          alive = (err as NodeJS.ErrnoException).code === 'EPERM';
        }
      }
      if (alive) throw new LockedError(`another zave synth (pid ${pid}) is writing this repository; wait for it, or delete ${LOCK_FILE} if that process is gone`);
      fs.rmSync(lock, { force: true }); // stale: its owner died
    }
  }
  throw new LockedError(`could not take ${LOCK_FILE}`);
}

function releaseLock(root: string): void {
  fs.rmSync(path.join(root, LOCK_FILE), { force: true });
}
