import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIo } from '../../../src/cli/io';
import { IPullRequestClient, PullRequestOutcome, PullRequestRequest } from '../../../src/gitops/github/pull-request-client';
import { initGitOpsFiles, runSynth } from '../../../src/gitops/lifecycle/synth-adapter';
import { recordingIo } from '../../common/buffer-io';

/** Test helpers: real git, bare repositories on the local filesystem as remotes, no network. */
export interface Sandbox {
  readonly dir: string;
  /** A bare repository seeded with a GitOps repo on main. */
  readonly remote: string;
  /** Environment for git and the verbs (identity set, no system/global config). */
  readonly env: Record<string, string>;
  git(cwd: string, ...args: string[]): string;
  /** Clones the remote and checks out `ref`. */
  clone(ref?: string): string;
  /** Refs of the remote: refname -> sha. */
  refs(repo?: string): Record<string, string>;
  /** Runs synth --check on a checkout; returns the stale/removed files (empty when current). */
  synthCheck(dir: string): Promise<string[]>;
  /** Merges `branch` into main on the remote (like merging a pull request); false (nothing merged) on conflict. */
  merge(branch: string): Promise<boolean>;
  /** A file's text on a ref of the remote, or undefined. */
  show(ref: string, file: string): string | undefined;
  cleanup(): void;
}

/** Creates a sandbox with a seeded bare remote. */
export async function createSandbox(): Promise<Sandbox> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zave-lc-test-')));
  const globalConfig = path.join(dir, 'gitconfig');
  fs.writeFileSync(globalConfig, '[init]\n\tdefaultBranch = main\n');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GIT_AUTHOR_NAME: 'Zave Test',
    GIT_AUTHOR_EMAIL: 'test@zave.dev',
    GIT_COMMITTER_NAME: 'Zave Test',
    GIT_COMMITTER_EMAIL: 'test@zave.dev',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: globalConfig,
  };
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const seed = path.join(dir, 'seed');
  fs.mkdirSync(seed);
  git(seed, '-c', 'init.defaultBranch=main', 'init', '-q');
  initGitOpsFiles(seed);
  await runSynth(seed, false);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'GitOps repository');
  const remote = path.join(dir, 'remote.git');
  git(dir, 'clone', '-q', '--bare', seed, remote);
  let clones = 0;
  const sandbox: Sandbox = {
    dir,
    remote,
    env,
    git,
    clone(ref = 'main') {
      const target = path.join(dir, `clone-${++clones}`);
      git(dir, 'clone', '-q', remote, target);
      git(target, 'checkout', '-q', ref);
      return target;
    },
    refs(repo = remote) {
      const out: Record<string, string> = {};
      for (const line of git(repo, 'for-each-ref', '--format=%(refname) %(objectname)').split('\n').filter(Boolean)) {
        const [ref, sha] = line.split(' ');
        out[ref] = sha;
      }
      return out;
    },
    async synthCheck(checkout) {
      const r = await runSynth(checkout, true);
      return [...r.written, ...r.removed, ...r.problems];
    },
    async merge(branch) {
      const work = sandbox.clone('main');
      try {
        git(work, 'merge', '-q', '--no-ff', '-m', `Merge ${branch}`, `origin/${branch}`);
      } catch {
        return false;
      } finally {
        try {
          git(work, 'push', '-q', 'origin', 'main');
        } finally {
          fs.rmSync(work, { recursive: true, force: true });
        }
      }
      return true;
    },
    show(ref, file) {
      try {
        return git(remote, 'show', `${ref}:${file}`) + '\n';
      } catch {
        return undefined;
      }
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return sandbox;
}

/** A pull-request client that records what it was asked. */
export class RecordingPullRequests implements IPullRequestClient {
  public readonly requests: PullRequestRequest[] = [];
  public async ensurePullRequest(request: PullRequestRequest): Promise<PullRequestOutcome> {
    this.requests.push(request);
    return { action: 'created', url: `https://example.test/pr/${this.requests.length}`, number: this.requests.length };
  }
}

/** Path of an example contract. */
export function example(name: string): string {
  return path.join(__dirname, '..', '..', '..', 'examples', 'contracts', `${name}.yaml`);
}

/**
 * Sets these variables in the process environment (ensureEmbeddedGitOps runs git with it) and returns
 * the function that puts back what was there.
 */
export function setProcessEnv(vars: Readonly<Record<string, string>>): () => void {
  const saved = Object.entries(vars).map(([k]) => [k, process.env[k]] as const);
  for (const [k, v] of Object.entries(vars)) process.env[k] = v;
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** A digest-pinned reference for tests. */
export function digestImage(name: string, hexChar: string): string {
  return `ghcr.io/acme/${name}@sha256:${hexChar.repeat(64)}`;
}

/** A CliIo that records output, for CLI tests. */
export function bufferIo(env: Record<string, string | undefined>, cwd: string): CliIo & { stdout: string; stderr: string } {
  return recordingIo(cwd, env);
}
