import * as fs from 'fs';
import * as path from 'path';
import { LifecycleError, LifecycleErrorCode } from './errors';

/** A held lock; release it exactly once. */
export interface HeldLock {
  release(): void;
}

/** How long to wait for another verb's lock. */
export interface LockOptions {
  /** Give up after this many milliseconds. @default 120000 */
  readonly timeoutMs?: number;
  /** Reports that the verb is waiting. */
  readonly onWait?: (holderPid: number | undefined) => void;
}

/**
 * Takes an exclusive lock file (O_EXCL create, holding our pid). A lock whose pid is no longer running is
 * stale and is broken. Waits with back-off while another live process holds it.
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<HeldLock> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const token = `${process.pid}\n`;
  let delay = 20;
  let reported = false;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx', 0o644); // O_CREAT | O_EXCL | O_WRONLY
      fs.writeSync(fd, token);
      fs.closeSync(fd);
      return new FileLock(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readPid(file);
    if (holder !== undefined && !isAlive(holder)) {
      breakStale(file, holder);
      continue;
    }
    if (Date.now() > deadline) {
      throw new LifecycleError(LifecycleErrorCode.LOCKED,
        `another zave verb (pid ${holder ?? 'unknown'}) holds ${file}; wait for it to finish, or delete the file if no zave process is running`);
    }
    if (!reported) {
      options.onWait?.(holder);
      reported = true;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 250);
  }
}

class FileLock implements HeldLock {
  private released = false;
  constructor(private readonly file: string) {}
  public release(): void {
    if (this.released) return;
    this.released = true;
    fs.rmSync(this.file, { force: true });
  }
}

function readPid(file: string): number | undefined {
  try {
    const n = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a stale lock only if it still names the dead pid (rename first, so two breakers cannot both win). */
function breakStale(file: string, pid: number): void {
  const aside = path.join(path.dirname(file), `${path.basename(file)}.stale-${process.pid}`);
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  if (readPid(aside) !== pid) {
    // Someone else's fresh lock got renamed: put it back if the slot is free; otherwise it is lost and we retry.
    try {
      fs.linkSync(aside, file);
    } catch { /* the slot was taken meanwhile */ }
  }
  fs.rmSync(aside, { force: true });
}
