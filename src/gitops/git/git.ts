import { execFile, execFileSync } from 'child_process';

/** A git command that exited non-zero: carries the arguments, exit code and stderr. */
export class GitError extends Error {
  /** The git arguments (never a shell string). */
  public readonly args: readonly string[];
  /** Exit code of git (undefined when it could not be started). */
  public readonly exitCode: number | undefined;
  /** What git printed on stderr, trimmed. */
  public readonly stderr: string;
  /** What git printed on stdout, trimmed. */
  public readonly stdout: string;

  constructor(args: readonly string[], exitCode: number | undefined, stdout: string, stderr: string, cause?: string) {
    const detail = stderr.trim() || stdout.trim() || cause || 'no output';
    super(`git ${args.join(' ')} failed (exit ${exitCode ?? 'n/a'}): ${detail}`);
    this.name = 'GitError';
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr.trim();
    this.stdout = stdout.trim();
  }
}

/** Output of one git command. */
export interface GitOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment variables passed through to git from the caller's environment; everything else is dropped. */
const PASS_THROUGH = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'TMPDIR', 'SYSTEMROOT', 'SSH_AUTH_SOCK', 'GIT_SSH', 'GIT_SSH_COMMAND',
  'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_CONFIG_NOSYSTEM',
  'GIT_CONFIG_GLOBAL', 'XDG_CONFIG_HOME', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
  'GIT_ASKPASS', 'GIT_ALLOW_PROTOCOL',
];

/**
 * The explicit environment git runs with, the one policy of every git call in zave: a fixed allow-list
 * taken from `parent` (so a GIT_DIR, GIT_INDEX_FILE or GIT_WORK_TREE leaking from a hook never redirects
 * zave), plus settings that make git non-interactive, its messages stable and its reads free of side
 * effects (C locale, no terminal prompt, no pager, no editor, no optional index-refresh locks).
 */
export function gitEnvironment(parent: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASS_THROUGH) {
    const v = parent[key];
    if (v !== undefined) env[key] = v;
  }
  env.LC_ALL = 'C';
  env.LANG = 'C';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_PAGER = 'cat';
  env.GIT_EDITOR = 'true';
  env.GIT_MERGE_AUTOEDIT = 'no';
  env.GIT_OPTIONAL_LOCKS = '0';
  return env;
}

/** Options of one git call. */
export interface GitRunOptions {
  /** Text written to git's standard input. */
  readonly input?: string;
  /** Exit codes that are not errors (e.g. 1 for `diff --quiet`). @default [0] */
  readonly okCodes?: readonly number[];
  /** Variables added to the runner's environment for this call (e.g. GIT_INDEX_FILE). */
  readonly env?: Record<string, string>;
}

/** An object name rooted at a full object id (sha1 or sha256): what it denotes cannot change. */
const IMMUTABLE_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})(?:$|[:^])/;

/**
 * A small real-git wrapper: runs `git` with execFile (no shell), in one directory, with an explicit
 * environment. Failures throw a GitError carrying git's stderr.
 */
export class Git {
  /** A git in `cwd` with the environment policy applied to `parent` (the caller's environment, e.g. the CLI's). */
  public static withEnvironment(cwd: string, parent: Record<string, string | undefined>): Git {
    return new Git(cwd, gitEnvironment(parent));
  }

  /** Objects read by names rooted at an object id (`<oid>`, `<oid>:<path>`, `<oid>^{tree}`): they never change. Other names (refs can move) are not kept. */
  private readonly objects = new Map<string, { readonly type: string; readonly content: Buffer } | undefined>();

  constructor(public readonly cwd: string, private readonly env: Record<string, string>) {}

  /** The same git in another directory. */
  public at(cwd: string): Git {
    return new Git(cwd, this.env);
  }

  /** Runs git and returns its output, or throws GitError. */
  public run(args: readonly string[], options: GitRunOptions = {}): Promise<GitOutput & { code: number }> {
    const okCodes = options.okCodes ?? [0];
    return new Promise((resolve, reject) => {
      const child = execFile('git', [...args], { cwd: this.cwd, env: options.env ? { ...this.env, ...options.env } : this.env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? (error as unknown as { code: number }).code : undefined) : 0;
        if (error && (code === undefined || !okCodes.includes(code))) {
          reject(new GitError(args, code, stdout ?? '', stderr ?? '', error.message));
          return;
        }
        resolve({ stdout: stdout ?? '', stderr: stderr ?? '', code: code ?? 0 });
      });
      if (options.input !== undefined) child.stdin?.end(options.input);
      else child.stdin?.end();
    });
  }

  /** Runs git and returns stdout without the trailing newline. */
  public async text(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.run(args, options)).stdout.replace(/\n$/, '');
  }

  /**
   * Runs git synchronously and returns its raw stdout (for small reads of git objects inside code that
   * is synchronous by nature, such as a lifecycle verb's edit of the intent files). Throws GitError.
   */
  public runSync(args: readonly string[], input?: string | Buffer): Buffer {
    try {
      return execFileSync('git', [...args], { cwd: this.cwd, env: this.env, maxBuffer: 512 * 1024 * 1024, input, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { status?: number | null; stdout?: Buffer; stderr?: Buffer; message: string };
      throw new GitError(args, err.status ?? undefined, err.stdout?.toString('utf8') ?? '', err.stderr?.toString('utf8') ?? '', err.message);
    }
  }

  /**
   * The objects these names denote (object ids, or `<rev>:<path>`), in order, read by one
   * `git cat-file --batch`: type and content, or undefined when the name denotes nothing. Throws GitError.
   */
  public readObjects(names: readonly string[]): Array<{ readonly type: string; readonly content: Buffer } | undefined> {
    if (names.length === 0) return [];
    if (names.some((n) => n.includes('\n'))) throw new GitError(['cat-file', '--batch'], undefined, '', '', 'an object name cannot contain a line break');
    // Names rooted at an object id denote the same object forever: read once per Git.
    const wanted = [...new Set(names.filter((n) => !this.objects.has(n)))];
    const read = new Map<string, { readonly type: string; readonly content: Buffer } | undefined>();
    if (wanted.length > 0) {
      this.readUncached(wanted).forEach((o, i) => {
        read.set(wanted[i], o);
        if (IMMUTABLE_NAME.test(wanted[i])) this.objects.set(wanted[i], o);
      });
    }
    return names.map((n) => (read.has(n) ? read.get(n) : this.objects.get(n)));
  }

  private readUncached(names: readonly string[]): Array<{ readonly type: string; readonly content: Buffer } | undefined> {
    const out = this.runSync(['cat-file', '--batch'], `${names.join('\n')}\n`);
    const objects: Array<{ type: string; content: Buffer } | undefined> = [];
    let at = 0;
    for (const name of names) {
      const eol = out.indexOf(0x0a, at);
      const header = out.subarray(at, eol).toString('utf8');
      if (header === `${name} missing` || header === `${name} ambiguous`) {
        objects.push(undefined);
        at = eol + 1;
        continue;
      }
      const [, type, size] = header.split(' ');
      const length = Number(size);
      if (!type || !Number.isSafeInteger(length)) throw new GitError(['cat-file', '--batch'], undefined, '', '', `git cat-file --batch answered "${header}" for ${name}`);
      // A view, not a copy: the objects of one read share its output buffer.
      objects.push({ type, content: out.subarray(eol + 1, eol + 1 + length) });
      at = eol + 2 + length;
    }
    return objects;
  }

  /**
   * The contents of these blobs, in order, read by one `git cat-file --batch` (one process for all).
   * `alsoRead` names other objects the same process reads for the object cache (see readObjects). Throws GitError.
   */
  public readBlobs(oids: readonly string[], alsoRead: readonly string[] = []): Buffer[] {
    return this.readObjects([...oids, ...alsoRead]).slice(0, oids.length).map((o, i) => {
      if (o?.type !== 'blob') throw new GitError(['cat-file', '--batch'], undefined, '', '', `${oids[i]} is ${o ? `a ${o.type}` : 'missing'}, not a blob`);
      return o.content;
    });
  }

  /** Runs git synchronously and returns stdout as text without the trailing newline. Throws GitError. */
  public textSync(args: readonly string[], input?: string): string {
    return this.runSync(args, input).toString('utf8').replace(/\n$/, '');
  }

  /**
   * `-c` arguments that give a commit an identity when none is configured (no user.email in git's
   * config and no GIT_AUTHOR_EMAIL): `zave <zave@localhost>`; empty when git has one.
   */
  public async fallbackIdentity(): Promise<string[]> {
    if (this.env.GIT_AUTHOR_EMAIL) return [];
    const email = await this.run(['config', '--get', 'user.email'], { okCodes: [0, 1] });
    return email.code === 0 && email.stdout.trim() !== '' ? [] : ['-c', 'user.name=zave', '-c', 'user.email=zave@localhost'];
  }

  /** Resolves a revision to a commit id, or undefined when it does not exist. */
  public async revParse(rev: string): Promise<string | undefined> {
    const out = await this.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { okCodes: [0, 1, 128] });
    return out.code === 0 ? out.stdout.trim() : undefined;
  }
}
