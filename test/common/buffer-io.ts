import { CliIo } from '../../src/cli/io';

/** A CliIo that records what a command prints, for tests. */
export interface BufferIo extends CliIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** A non-interactive io writing into strings; `cwd` defaults to the repository root. */
export function bufferIo(cwd: string = process.cwd(), env: Record<string, string | undefined> = {}): BufferIo {
  let out = '';
  let err = '';
  return {
    cwd,
    env,
    isTty: false,
    isInteractive: false,
    out: (t) => { out += t; },
    err: (t) => { err += t; },
    stdout: () => out,
    stderr: () => err,
  };
}

/** The same, with what was printed as plain string fields (`io.stdout`, `io.stderr`). */
export function recordingIo(cwd: string, env: Record<string, string | undefined>): CliIo & { stdout: string; stderr: string } {
  const io = {
    cwd,
    env,
    isTty: false,
    isInteractive: false,
    stdout: '',
    stderr: '',
    out(t: string) { io.stdout += t; },
    err(t: string) { io.stderr += t; },
  };
  return io;
}
