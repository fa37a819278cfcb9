/** Where a command reads and writes: the process in production, buffers in tests. */
export interface CliIo {
  /** Working directory the command resolves relative paths against. */
  readonly cwd: string;
  /** Environment variables (ZAVE_GITOPS, GITHUB_TOKEN, NO_COLOR, ...). */
  readonly env: Record<string, string | undefined>;
  /** Whether standard output is a terminal (colour, tables). */
  readonly isTty: boolean;
  /** Whether standard input is a terminal (prompts are allowed only then, and never when CI is set). */
  readonly isInteractive: boolean;
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error (progress and diagnostics). */
  err(text: string): void;
  /** Reads standard input to its end, at most `maxBytes` + 1 bytes (for `-` arguments); absent when there is none. */
  readStdin?(maxBytes: number): Promise<Uint8Array>;
}

/** Exit codes every verb uses. Scripts rely on them. */
export const ExitCode = {
  /** Success. */
  OK: 0,
  /** Invalid input, failed check, or a condition the user must fix. */
  INVALID: 1,
  /** Wrong usage: unknown verb or flag, missing argument. */
  USAGE: 2,
  /** Unexpected internal error (a bug): please report it. */
  INTERNAL: 3,
} as const;

/** Thrown by commands for usage errors (exit 2). */
export class UsageError extends Error {}

/** Thrown by commands for input problems that have been reported already or carry their message (exit 1). */
export class UserError extends Error {}

/** The process-backed io. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTty: Boolean(process.stdout.isTTY),
    isInteractive: Boolean(process.stdin.isTTY) && !process.env.CI,
    readStdin: readProcessStdin,
  };
}

/** Reads the process's standard input, stopping after `maxBytes` + 1 bytes (the caller reports the overflow). */
async function readProcessStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = chunk as Buffer;
    chunks.push(buf);
    size += buf.byteLength;
    if (size > maxBytes) break;
  }
  return Buffer.concat(chunks).subarray(0, maxBytes + 1);
}

/** Whether colour may be used on this io. */
export function useColor(io: CliIo): boolean {
  return io.isTty && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}
