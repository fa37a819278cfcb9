import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { synthesize } from '../../src/gitops/synth/synthesize';
import { ONBOARDING_STEPS, onboardService } from '../../src/projects/onboarding';
import { RepositoryTaxonomy } from '../../src/taxonomy';
import { recordingIo } from '../common/buffer-io';
import { cleanup, gitEnv, listFiles, runGit, tempDir } from '../projects/support/tenant-fixtures';

function testIo(cwd: string): CliIo & { stdout: string; stderr: string } {
  return recordingIo(cwd, gitEnv());
}

/** A GitOps checkout's observable state: every ref with its commit, HEAD, and every working-tree file's bytes. */
function gitopsState(dir: string): unknown {
  return { refs: runGit(dir, 'for-each-ref', '--format=%(refname) %(objectname)'), head: runGit(dir, 'symbolic-ref', 'HEAD'), files: snapshot(dir) };
}

/** Every file of a directory (outside .git) with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (p === '.git') continue;
      if (e.isDirectory()) walk(p);
      else out[p] = fs.readFileSync(path.join(dir, p)).toString('base64');
    }
  };
  walk('');
  return out;
}

describe('zave init', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = tempDir('init');
  });
  afterEach(() => cleanup(tmp));

  test('end to end: payments-api repository with a first commit, registered on a branch of the embedded GitOps repo, synth --check clean there', async () => {
    const io = testIo(tmp);
    const code = await run(['init', 'http-service', '--name', 'payments-api', '--runtime', 'node', '--database', 'postgres',
      '--gitops', path.join(tmp, 'gitops'), '--dir', path.join(tmp, 'payments-api')], io);
    expect([code, io.stderr]).toEqual([0, expect.stringContaining('[5/5] register: branch zave/register-payments-api')]);
    for (const step of ONBOARDING_STEPS) expect(io.stderr).toContain(`] ${step}: `);

    const repo = path.join(tmp, 'payments-api');
    expect(listFiles(repo)).toEqual([
      '.dockerignore', '.gitattributes', '.github/workflows/ci.yml', '.gitignore', '.projen/files.json', '.projen/tasks.json', '.projenrc.js',
      '.zave/repository.json', 'Dockerfile', 'README.md', 'cdk8s.yaml', 'cdk8s/main.js', 'package.json', 'src/metrics.js', 'src/server.js',
      'test/server.test.js', 'zave.yaml',
    ]);
    expect(runGit(repo, 'log', '--format=%s', 'main')).toBe('Onboard payments-api with zave init');
    expect(runGit(repo, 'status', '--porcelain')).toBe('');
    expect(runGit(repo, 'ls-files').split('\n')).toHaveLength(17);
    expect(fs.readFileSync(path.join(repo, 'zave.yaml'), 'utf8')).toMatch(/^service: payments-api\nruntime: node\nstrategy: http-service\nexposure: internal-http\ndatabase: postgres\n$/m);
    expect(RepositoryTaxonomy.read(repo)).toMatchObject({ kind: 'service', service: 'payments-api', onboardedBy: 'zave init', strategy: 'http-service' });
    expect(RepositoryTaxonomy.verify(repo)).toMatchObject({ edited: [], deleted: [] });
    const npmTest = spawnSync('npm', ['test', '--silent'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect([npmTest.status, npmTest.stdout]).toEqual([0, expect.stringMatching(/# pass 1\n# fail 0/)]);
    expect(runGit(repo, 'status', '--porcelain')).toBe('');

    const gitops = path.join(tmp, 'gitops');
    expect(runGit(gitops, 'branch', '--format=%(refname:short)').split('\n').sort()).toEqual(['main', 'zave/register-payments-api']);
    expect(runGit(gitops, 'status', '--porcelain')).toBe('');
    const message = runGit(gitops, 'log', '-1', '--format=%B', 'zave/register-payments-api');
    expect(message).toContain('Zave-Verb: register');
    expect(message).toContain('Zave-Service: payments-api');
    expect(runGit(gitops, 'show', 'zave/register-payments-api:workloads/payments-api/zave.yaml')).toBe(fs.readFileSync(path.join(repo, 'zave.yaml'), 'utf8').trimEnd());
    expect(runGit(gitops, 'show', 'zave/register-payments-api:workloads/payments-api/registration.yaml')).toContain(`repository: ${repo}`);
    runGit(gitops, 'checkout', '-q', 'zave/register-payments-api');
    const check = await synthesize({ repoDir: gitops, check: true, workers: 0 });
    expect([check.ok, check.differences]).toEqual([true, []]);
  });

  test('--format json describes what was created', async () => {
    const io = testIo(tmp);
    const code = await run(['init', 'worker', '--name', 'email-worker', '--runtime', 'python', '--gitops', 'gitops', '--format', 'json'], io);
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout);
    expect(out).toMatchObject({ ok: true, service: 'email-worker', strategy: 'worker', runtime: 'python', directory: path.join(tmp, 'email-worker'), gitops: { created: true, branch: 'zave/register-email-worker' } });
    expect(out.scaffoldFiles).toEqual(['app/__init__.py', 'app/main.py', 'app/metrics.py', 'package.json', 'requirements.txt', 'tests/__init__.py', 'tests/test_main.py', 'zave.yaml']);
    expect(fs.readFileSync(path.join(tmp, 'email-worker', 'zave.yaml'), 'utf8')).toContain('strategy: worker\n');
  });

  test('usage errors (exit 2): missing --name without a terminal, a bad flag value with a suggestion, a bad name', async () => {
    let io = testIo(tmp);
    expect(await run(['init', 'http-service'], io)).toBe(2);
    expect(io.stderr).toContain('zave init: missing --name (the service name, a DNS label such as payments-api)');
    io = testIo(tmp);
    expect(await run(['init', '--name', 'a1', '--runtime', 'nodejs'], io)).toBe(2);
    expect(io.stderr).toContain('--runtime must be one of: node, python, go, java, container (got "nodejs"); did you mean node?');
    io = testIo(tmp);
    expect(await run(['init', 'cron-job', '--name', 'a1'], io)).toBe(2);
    expect(io.stderr).toMatch(/<strategy> must be one of: http-service, worker, scheduled-job \(got "cron-job"\)/);
    io = testIo(tmp);
    expect(await run(['init', '--name', 'Payments_API'], io)).toBe(2);
    expect(io.stderr).toMatch(/--name: .*Payments_API/);
    io = testIo(tmp);
    expect(await run(['init', 'worker', '--name', 'w1', '--exposure', 'public-http'], io)).toBe(2);
    expect(io.stderr).toContain('--exposure: a worker receives no traffic, but exposure is public-http');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  test('refuses a non-empty target directory and touches nothing', async () => {
    fs.mkdirSync(path.join(tmp, 'payments-api'));
    fs.writeFileSync(path.join(tmp, 'payments-api', 'notes.txt'), 'mine\n');
    const io = testIo(tmp);
    expect(await run(['init', '--name', 'payments-api'], io)).toBe(1);
    expect(io.stderr).toContain('payments-api is not empty (1 entry); pass --dir with a new or empty directory');
    expect(fs.readdirSync(tmp)).toEqual(['payments-api']);
    expect(fs.readdirSync(path.join(tmp, 'payments-api'))).toEqual(['notes.txt']);
  });

  test('a failing GitOps step leaves nothing behind: the new repository is removed, the GitOps path untouched', async () => {
    fs.writeFileSync(path.join(tmp, 'gitops'), 'not a repository\n');
    const io = testIo(tmp);
    expect(await run(['init', 'http-service', '--name', 'payments-api', '--gitops', 'gitops'], io)).toBe(1);
    expect(io.stderr).toContain('[3/5] commit: first commit');
    expect(io.stderr).toContain('is not a directory');
    expect(io.stderr).toContain('Nothing was created');
    expect(fs.readdirSync(tmp)).toEqual(['gitops']);
    expect(fs.readFileSync(path.join(tmp, 'gitops'), 'utf8')).toBe('not a repository\n');
  });

  test.each(ONBOARDING_STEPS.map((s) => [s]))('a failure right after step "%s" leaves no directory and an existing GitOps repository exactly as it was', async (step) => {
    const gitops = path.join(tmp, 'gitops');
    expect(await run(['init', 'worker', '--name', 'first', '--gitops', gitops, '--dir', path.join(tmp, 'first')], testIo(tmp))).toBe(0);
    const before = gitopsState(gitops);
    const target = path.join(tmp, 'second');
    fs.mkdirSync(target);
    await expect(onboardService({ options: { service: 'second' }, dir: target, gitops, env: gitEnv(), failAfter: step })).rejects.toThrow(`injected failure after step ${step}`);
    expect(fs.readdirSync(target)).toEqual([]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['first', 'gitops', 'second']);
    expect(gitopsState(gitops)).toEqual(before);
    expect(runGit(gitops, 'branch', '--format=%(refname:short)').split('\n').sort()).toEqual(['main', 'zave/register-first']);
    expect(runGit(gitops, 'worktree', 'list').split('\n')).toHaveLength(1);
  });

  test('a GitOps repository created by a run that then fails is removed again', async () => {
    const gitops = path.join(tmp, 'gitops');
    await expect(onboardService({ options: { service: 'third' }, dir: path.join(tmp, 'third'), gitops, env: gitEnv(), failAfter: 'register' })).rejects.toThrow(/injected/);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  test('a second service joins an existing GitOps repository; a name another repository owns is refused and rolled back', async () => {
    const gitops = path.join(tmp, 'gitops');
    expect(await run(['init', '--name', 'payments-api', '--gitops', gitops], testIo(tmp))).toBe(0);
    const io = testIo(tmp);
    expect(await run(['init', 'scheduled-job', '--name', 'nightly-report', '--runtime', 'java', '--size', 'large', '--gitops', gitops], io)).toBe(0);
    expect(io.stderr).toContain(`[4/5] gitops: GitOps repository ${gitops}`);
    expect(fs.readFileSync(path.join(tmp, 'nightly-report', 'zave.yaml'), 'utf8')).toContain('schedule: 0 3 * * *\nsize: large\n');
    expect(runGit(gitops, 'branch', '--format=%(refname:short)').split('\n').sort()).toEqual(['main', 'zave/register-nightly-report', 'zave/register-payments-api']);

    // Make payments-api registered on main, then onboard another repository under the same name.
    runGit(gitops, 'merge', '-q', '--ff-only', 'zave/register-payments-api');
    const before = gitopsState(gitops);
    const clash = testIo(tmp);
    expect(await run(['init', '--name', 'payments-api', '--gitops', gitops, '--dir', path.join(tmp, 'payments-api-2')], clash)).toBe(1);
    expect(clash.stderr).toMatch(/service "payments-api" is already registered by .*payments-api/);
    expect(fs.existsSync(path.join(tmp, 'payments-api-2'))).toBe(false);
    expect(gitopsState(gitops)).toEqual(before);
  });

  test('a remote GitOps repository (bare, by file:// URL) gets the registration branch pushed', async () => {
    const seed = path.join(tmp, 'seed');
    expect(await run(['init', '--name', 'seed-api', '--gitops', seed, '--dir', path.join(tmp, 'seed-api')], testIo(tmp))).toBe(0);
    const bare = path.join(tmp, 'gitops.git');
    runGit(tmp, 'clone', '-q', '--bare', seed, bare);
    const io = testIo(tmp);
    // A remote GitOps repository needs the tenant's remote URL (what it registers as the owner).
    const remote = (name: string) => {
      runGit(tmp, 'init', '-q', '--bare', path.join(tmp, 'remotes', `${name}.git`));
      return path.join(tmp, 'remotes', `${name}.git`);
    };
    expect(await run(['init', 'worker', '--name', 'email-worker', '--gitops', `file://${bare}`, '--format', 'json', '--remote', remote('email-worker')], io)).toBe(0);
    expect(JSON.parse(io.stdout).gitops).toMatchObject({ location: `file://${bare}`, created: false, branch: 'zave/register-email-worker', pushed: true });
    expect(runGit(bare, 'log', '-1', '--format=%B', 'zave/register-email-worker')).toContain('Zave-Service: email-worker');
    // A bare repository given as a path is a remote too.
    expect(await run(['init', 'worker', '--name', 'audit-worker', '--gitops', bare, '--remote', remote('audit-worker')], testIo(tmp))).toBe(0);
    expect(runGit(bare, 'branch', '--list', 'zave/register-audit-worker')).toContain('zave/register-audit-worker');
  });

  test('--remote URL: main is pushed to the empty remote and the URL is registered as the owner', async () => {
    const remote = path.join(tmp, 'remotes', 'payments-api.git');
    runGit(tmp, 'init', '-q', '--bare', remote);
    const io = testIo(tmp);
    const code = await run(['init', '--name', 'payments-api', '--gitops', path.join(tmp, 'gitops'), '--dir', path.join(tmp, 'payments-api'), '--remote', remote], io);
    expect([code, io.stderr]).toEqual([0, expect.stringContaining(`pushed to ${remote}`)]);
    expect(runGit(remote, 'rev-parse', 'main')).toBe(runGit(path.join(tmp, 'payments-api'), 'rev-parse', 'HEAD'));
    const registration = runGit(path.join(tmp, 'gitops'), 'show', 'zave/register-payments-api:workloads/payments-api/registration.yaml');
    expect(registration).toContain(`repository: ${remote}`);
  });

  test('a tenant without a remote is refused with a hint when the GitOps repository is remote; a non-empty remote too', async () => {
    const gitopsRemote = path.join(tmp, 'gitops.git');
    runGit(tmp, 'init', '-q', '--bare', gitopsRemote);
    let io = testIo(tmp);
    let code = await run(['init', '--name', 'orders', '--gitops', 'https://github.com/acme/gitops.git', '--dir', path.join(tmp, 'orders')], io);
    expect([code, io.stderr]).toEqual([2, expect.stringContaining('pass --remote URL')]);
    expect(fs.existsSync(path.join(tmp, 'orders'))).toBe(false);

    const used = path.join(tmp, 'used.git');
    runGit(tmp, 'clone', '-q', '--bare', gitopsRemote, used);
    const seed = path.join(tmp, 'seed');
    runGit(tmp, '-c', 'init.defaultBranch=main', 'init', '-q', seed);
    runGit(seed, 'commit', '-q', '--allow-empty', '-m', 'first');
    runGit(seed, 'push', '-q', used, 'HEAD:refs/heads/main');
    io = testIo(tmp);
    code = await run(['init', '--name', 'orders', '--gitops', path.join(tmp, 'gitops'), '--dir', path.join(tmp, 'orders'), '--remote', used], io);
    expect([code, io.stderr]).toEqual([1, expect.stringContaining(`the remote ${used} is not empty`)]);
    expect(fs.existsSync(path.join(tmp, 'orders'))).toBe(false);
  });

  test('in GitHub Actions the owner is the workflow repository', async () => {
    const io = recordingIo(tmp, { ...gitEnv(), GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/payments-api' });
    const code = await run(['init', '--name', 'payments-api', '--gitops', path.join(tmp, 'gitops'), '--dir', path.join(tmp, 'payments-api')], io);
    expect(code).toBe(0);
    const registration = runGit(path.join(tmp, 'gitops'), 'show', 'zave/register-payments-api:workloads/payments-api/registration.yaml');
    expect(registration).toContain('repository: https://github.com/acme/payments-api.git');
  });
});
