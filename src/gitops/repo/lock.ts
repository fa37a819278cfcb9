import * as fs from 'fs';
import * as path from 'path';

/** A held lock; release it exactly once. */
export interface HeldLock {
  release(): void;
}

/** The lock is held by a live process. */
export class LockBusyError extends Error {
  constructor(readonly file: string, readonly holderPid: number | undefined) {
    super(`another zave process (pid ${holderPid ?? 'unknown'}) holds ${file}; wait for it to finish, or delete the file if no zave process is running`);
  }
}

/** The lock could not be written (disk full, read-only file system…): nothing was left behind. */
export class LockWriteError extends Error {
  constructor(readonly file: string, readonly code: string | undefined, message: string) {
    super(`cannot take the lock ${file}: ${code ?? 'error'}: ${message}`);
  }
}

/** Identity of a process that survives pid reuse: the pid and, on Linux, its start time in clock ticks. */
function processIdentity(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime), counted after the parenthesized command name, which may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid} ${fields[19]}`;
  } catch {
    return undefined;
  }
}

/** This process's lock token: pid and start time. */
export function ownToken(): string {
  return `${processIdentity(process.pid) ?? String(process.pid)}\n`;
}

/** True when the process named by a lock token is still the one that wrote it. */
export function holderAlive(token: string): boolean {
  const [pidText, start] = token.trim().split(' ');
  const pid = Number.parseInt(pidText, 10);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (start !== undefined && fs.existsSync('/proc/self/stat')) return processIdentity(pid) === `${pid} ${start}`;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readToken(file: string): string | undefined {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > 256) return '';
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * One attempt at an exclusive lock file. The token (pid and process start time) is written to a
 * temporary file first and linked into place, so the lock file is either absent or complete: a full
 * disk leaves no empty lock behind. A lock whose process is gone (or whose pid now belongs to another
 * process) is stale and broken. Returns undefined when a live process holds it.
 */
export function tryLock(file: string): HeldLock | { holder: number | undefined } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, ownToken(), { flag: 'w', mode: 0o644 });
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    throw new LockWriteError(file, err.code, err.message);
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.linkSync(tmp, file);
        return new FileLock(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          const err = e as NodeJS.ErrnoException;
          throw new LockWriteError(file, err.code, err.message);
        }
      }
      const token = readToken(file);
      if (token === undefined) continue; // released meanwhile
      if (token !== '' && holderAlive(token)) return { holder: Number.parseInt(token, 10) };
      breakStale(file, token);
    }
    return { holder: undefined };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Takes the lock or throws LockBusyError at once. */
export function acquireLockNow(file: string): HeldLock {
  const got = tryLock(file);
  if ('release' in got) return got;
  throw new LockBusyError(file, got.holder);
}

/** How long to wait for a lock. */
export interface LockWaitOptions {
  /** Give up after this many milliseconds. @default 120000 */
  readonly timeoutMs?: number;
  /** Reports once that the caller is waiting. */
  readonly onWait?: (holderPid: number | undefined) => void;
}

/** Takes the lock, waiting with back-off while a live process holds it; LockBusyError after the timeout. */
export async function acquireLock(file: string, options: LockWaitOptions = {}): Promise<HeldLock> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let delay = 20;
  let reported = false;
  for (;;) {
    const got = tryLock(file);
    if ('release' in got) return got;
    if (Date.now() > deadline) throw new LockBusyError(file, got.holder);
    if (!reported) {
      options.onWait?.(got.holder);
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

/** Removes a stale lock only if it still holds the stale token (rename first, so two breakers cannot both win). */
function breakStale(file: string, token: string): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  if (readToken(aside) !== token) {
    try {
      fs.linkSync(aside, file); // someone else's fresh lock: put it back if the slot is free
    } catch { /* taken meanwhile */ }
  }
  fs.rmSync(aside, { force: true });
}
