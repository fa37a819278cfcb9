import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createSandbox, example, Sandbox } from './sandbox';
import { IPullRequestClient } from '../../../src/gitops/github/pull-request-client';
import { LifecycleError, registerWorkload } from '../../../src/gitops/lifecycle';

/** Temporary workspaces of the verbs (zave-lifecycle-*) currently in the temp directory. */
function workspaces(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('zave-lifecycle-'));
}

describe('a verb that fails part-way leaves everything as it was', () => {
  let sb: Sandbox;
  /** Largest number of workspaces seen while a verb was running (proves the verb used the private temp directory). */
  let seen: number;
  const observe = () => { seen = Math.max(seen, workspaces().length); };
  beforeEach(async () => {
    sb = await createSandbox();
    // A private temp directory, so leftover workspaces are visible and other processes' are not (the shared one holds the
    // live workspaces of every other jest worker and zave run on the machine). Setting process.env.TMPDIR would not do:
    // jest gives each test file a copy of process.env, which os.tmpdir() does not read.
    const tmp = fs.mkdtempSync(path.join(sb.dir, 'tmp-'));
    // The core module itself (the `import * as os` namespace reads through to it on every call, in the verb too).
    jest.spyOn(jest.requireActual<typeof os>('os'), 'tmpdir').mockReturnValue(tmp);
    seen = 0;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    sb.cleanup();
  });
  const failing = () => { observe(); throw new Error('injected failure between commit and push'); };

  it('remote: failure between commit and push: remote refs unchanged, workspace removed', async () => {
    const before = sb.refs();
    await expect(registerWorkload({ gitops: sb.remote, env: sb.env, contractPath: example('ledger-internal'), repository: 'r', hooks: { afterCommit: failing } }))
      .rejects.toThrow('injected failure between commit and push');
    expect(sb.refs()).toEqual(before);
    expect(seen).toBe(1);
    expect(workspaces()).toEqual([]);
  });

  it('remote: a pre-receive hook that rejects the push: clear error, remote unchanged, workspace removed', async () => {
    const hook = path.join(sb.remote, 'hooks', 'pre-receive');
    fs.writeFileSync(hook, '#!/bin/sh\necho "policy: pushes are frozen" >&2\nexit 1\n', { mode: 0o755 });
    const before = sb.refs();
    const e = await registerWorkload({ gitops: sb.remote, env: sb.env, contractPath: example('ledger-internal'), repository: 'r', onProgress: observe }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LifecycleError);
    expect((e as LifecycleError).code).toBe('push-failed');
    expect((e as LifecycleError).message).toContain('policy: pushes are frozen');
    expect(sb.refs()).toEqual(before);
    expect(seen).toBe(1);
    expect(workspaces()).toEqual([]);
  });

  it('remote: a failing pull-request API restores the branch it pushed and removes the workspace', async () => {
    const broken: IPullRequestClient = { ensurePullRequest: async () => { throw new Error('HTTP 502 from the API'); } };
    const before = sb.refs();
    await expect(registerWorkload({ gitops: sb.remote, env: sb.env, contractPath: example('ledger-internal'), repository: 'r', pullRequests: broken, onProgress: observe }))
      .rejects.toThrow(/branch was restored: HTTP 502/);
    expect(sb.refs()).toEqual(before);
    expect(seen).toBe(1);
    expect(workspaces()).toEqual([]);
  });

  it('local checkout: failure after commit: no branch, no worktree, working tree and index untouched, lock released', async () => {
    const checkout = sb.clone('main');
    fs.writeFileSync(path.join(checkout, 'platform.yaml'), fs.readFileSync(path.join(checkout, 'platform.yaml'), 'utf8') + '# local edit\n');
    const status = sb.git(checkout, 'status', '--porcelain');
    const refs = sb.refs(checkout);
    await expect(registerWorkload({ gitops: checkout, env: sb.env, contractPath: example('ledger-internal'), repository: 'r', hooks: { afterCommit: failing } }))
      .rejects.toThrow('injected failure');
    expect(sb.refs(checkout)).toEqual(refs);
    expect(sb.git(checkout, 'status', '--porcelain')).toBe(status);
    expect(sb.git(checkout, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '))).toHaveLength(1);
    // A local verb keeps its scratch folder in the repository's private state folder (under .git/), and removes it.
    const scratch = path.join(checkout, '.git', 'zave', 'root', 'scratch');
    expect(fs.readdirSync(scratch).filter((n) => n.startsWith('zave-lifecycle-'))).toEqual([]);
    expect(workspaces()).toEqual([]);
  });

  it('local checkout: the user\'s checkout and commit hooks do not run in the temporary worktree', async () => {
    const checkout = sb.clone('main');
    const marker = path.join(sb.dir, 'hook-ran');
    for (const hook of ['post-checkout', 'pre-commit', 'post-commit']) {
      fs.writeFileSync(path.join(checkout, '.git', 'hooks', hook), `#!/bin/sh\necho ${hook} >> ${marker}\nexit 1\n`, { mode: 0o755 });
    }
    const r = await registerWorkload({ gitops: checkout, env: sb.env, contractPath: example('ledger-internal'), repository: 'r' });
    expect(r.changed).toBe(true);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('local checkout: refuses to move a branch that is checked out', async () => {
    const checkout = sb.clone('main');
    sb.git(checkout, 'checkout', '-q', '-b', 'zave/register-ledger');
    const e = await registerWorkload({ gitops: checkout, env: sb.env, contractPath: example('ledger-internal'), repository: 'r', base: 'main' }).catch((x: unknown) => x);
    expect((e as LifecycleError).code).toBe('branch-checked-out');
    expect(sb.git(checkout, 'rev-parse', 'HEAD')).toBe(sb.git(checkout, 'rev-parse', 'main'));
  });

  it('refuses to write through a committed symlink that leaves the repository', async () => {
    const work = sb.clone('main');
    const outside = path.join(sb.dir, 'outside');
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(work, 'workloads', 'ledger'));
    sb.git(work, 'add', '-A');
    sb.git(work, 'commit', '-q', '-m', 'hostile symlink');
    sb.git(work, 'push', '-q', 'origin', 'main');
    const refs = sb.refs(sb.remote);
    await expect(registerWorkload({ gitops: sb.remote, env: sb.env, contractPath: example('ledger-internal'), repository: 'r' })).rejects.toThrow(/workloads\/ledger is a symbolic link.*outside the GitOps repository/);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(sb.refs(sb.remote)).toEqual(refs);
  });
});
