import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanup, exampleRepo, hashTree } from './fixture';
import { run } from '../../src/cli/main';
import { ensureEmbeddedGitOps, resolveGitOpsDir } from '../../src/gitops/embedded';
import { synthesize } from '../../src/gitops/synth/synthesize';
import { bufferIo } from '../common/buffer-io';

// git here never reads the host's configuration (no ~/.gitconfig, no /etc/gitconfig): an explicit identity
// and nothing else, so a developer's hooks path, signing or default branch cannot change the outcome.
const GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
const savedEnv = { ...process.env };
beforeAll(() => Object.assign(process.env, GIT_ENV));
afterAll(() => {
  for (const k of Object.keys(GIT_ENV)) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe('zave synth', () => {
  test('renders, reports a no-op, checks, and fails --check with a readable summary after a hand edit', async () => {
    const dir = exampleRepo();
    let io = bufferIo(os.tmpdir());
    expect(await run(['synth', '--repo', dir], io)).toBe(0);
    const files = Object.keys(hashTree(dir)).length;
    expect(io.stdout()).toBe(`rendered 15 workloads: ${files} files written, 0 removed\n`);
    expect(io.stderr()).toContain('rendering 15/15 workloads');

    io = bufferIo(os.tmpdir());
    expect(await run(['synth', '--repo', dir], io)).toBe(0);
    expect(io.stdout()).toBe(`deploy/ is up to date (${files} files; 15 workloads unchanged since the last run, 0 rendered)\n`);

    io = bufferIo(os.tmpdir());
    expect(await run(['synth', '--repo', dir, '--check'], io)).toBe(0);
    expect(io.stdout()).toBe(`deploy/ is up to date (${files} files checked)\n`);

    fs.appendFileSync(path.join(dir, 'deploy/dev/kustomization.yaml'), '  - extra.yaml\n');
    io = bufferIo(os.tmpdir());
    expect(await run(['synth', '--gitops', dir, '--check'], io)).toBe(1);
    expect(io.stderr()).toContain([
      'deploy/ is stale: 1 file differs from what zave synth renders',
      '  changed (hand-edited or stale): 1',
      '    deploy/dev/kustomization.yaml',
      'Run "zave synth" and commit the result.',
    ].join('\n'));
    cleanup(dir);
  });

  test('reports every input problem with file:line:column and exits 1 without writing', async () => {
    const dir = exampleRepo();
    fs.writeFileSync(path.join(dir, 'workloads/ledger/zave.yaml'), 'service: ledger\nsize: larg\n');
    const io = bufferIo(os.tmpdir(), { ZAVE_GITOPS: dir });
    expect(await run(['synth'], io)).toBe(1);
    expect(io.stderr()).toContain('workloads/ledger/zave.yaml:2:7 size:');
    expect(io.stderr()).toContain('did you mean large');
    expect(fs.existsSync(path.join(dir, 'deploy'))).toBe(false);
    cleanup(dir);
  });

  test('--format json prints the whole result', async () => {
    const dir = exampleRepo();
    const io = bufferIo(os.tmpdir());
    expect(await run(['synth', '--repo', dir, '--format', 'json'], io)).toBe(0);
    const result = JSON.parse(io.stdout());
    expect(result).toMatchObject({ ok: true, mode: 'full', rendered: 15, issues: [] });
    expect(result.written).toContain('deploy/bootstrap/prod.yaml');
    cleanup(dir);
  });

  test('usage errors exit 2', async () => {
    let io = bufferIo(os.tmpdir());
    expect(await run(['synth', 'somewhere'], io)).toBe(2);
    expect(io.stderr()).toContain('use --repo DIR');
    io = bufferIo(os.tmpdir());
    expect(await run(['synth', '--chekc'], io)).toBe(2);
    io = bufferIo(os.tmpdir());
    expect(await run(['synth', '--format', 'xml'], io)).toBe(2);
  });

  test('a --repo that does not exist is an error, not a silent creation; --check never creates', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-missing-'));
    const missing = path.join(parent, 'does-not-exist'); // inside a fresh folder: no other run can create it
    let io = bufferIo(os.tmpdir());
    expect(await run(['synth', '--repo', missing], io)).toBe(1);
    expect(io.stderr()).toContain(`no GitOps repository at ${missing} (from --repo)`);
    io = bufferIo(os.tmpdir(), { ZAVE_GITOPS: missing });
    expect(await run(['synth', '--check'], io)).toBe(1);
    expect(io.stderr()).toContain(`no GitOps repository at ${missing} (from ZAVE_GITOPS)`);
    expect(fs.existsSync(missing)).toBe(false);
    cleanup(parent);
  });

  test('ZAVE_GITOPS naming a directory that does not exist yet creates the repository there', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-env-'));
    const target = path.join(parent, 'platform-state');
    const io = bufferIo(os.tmpdir(), { ZAVE_GITOPS: target });
    expect(await run(['synth'], io)).toBe(0);
    expect(fs.existsSync(path.join(target, 'platform.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(target, '.git'))).toBe(true);
    cleanup(parent);
  });
});

describe('embedded GitOps repository', () => {
  test('resolution order: flag, ZAVE_GITOPS, ./gitops', () => {
    expect(resolveGitOpsDir('x', { ZAVE_GITOPS: '/y' }, '/w')).toEqual({ dir: '/w/x', source: 'flag' });
    expect(resolveGitOpsDir(undefined, { ZAVE_GITOPS: '/y' }, '/w')).toEqual({ dir: '/y', source: 'env' });
    expect(resolveGitOpsDir(undefined, {}, '/w')).toEqual({ dir: '/w/gitops', source: 'default' });
    const repo = exampleRepo();
    expect(resolveGitOpsDir(undefined, {}, repo)).toEqual({ dir: repo, source: 'cwd' });
    cleanup(repo);
  });

  test('zave synth with nothing configured creates ./gitops: a git repository on main whose deploy/ is current', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-cwd-'));
    const io = bufferIo(cwd);
    expect(await run(['synth'], io)).toBe(0);
    const dir = path.join(cwd, 'gitops');
    expect(io.stderr()).toContain(`created a local GitOps repository at ${dir}`);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } }).trim();
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git('status', '--porcelain')).toBe('');
    expect(git('ls-files').split('\n')).toEqual([
      '.github/workflows/gitops.yml', '.gitignore', '.zave/repository.json', 'README.md',
      'deploy/applications/dev/appproject-zave-dev.yaml', 'deploy/applications/dev/kustomization.yaml',
      'deploy/applications/prod/appproject-zave-prod.yaml', 'deploy/applications/prod/kustomization.yaml',
      'deploy/applications/staging/appproject-zave-staging.yaml', 'deploy/applications/staging/kustomization.yaml',
      'deploy/bootstrap/dev.yaml', 'deploy/bootstrap/prod.yaml', 'deploy/bootstrap/staging.yaml',
      'deploy/dev/kustomization.yaml', 'deploy/prod/kustomization.yaml', 'deploy/staging/kustomization.yaml',
      'environments/dev.yaml', 'environments/prod.yaml', 'environments/staging.yaml', 'platform.yaml', 'workloads/.gitkeep',
    ]);
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.zave/repository.json'), 'utf8'));
    expect(record).toMatchObject({ apiVersion: 'zave.dev/v1', kind: 'gitops', onboardedBy: 'zave (embedded default)' });
    expect(record.generatedFiles.map((f: { path: string }) => f.path)).toEqual(['.github/workflows/gitops.yml', '.gitignore', 'README.md']);
    expect((await synthesize({ repoDir: dir, check: true, workers: 0 })).ok).toBe(true);
    // What the generated CI workflow runs, from the repository root.
    const ci = bufferIo(dir);
    expect(await run(['synth', '--check'], ci)).toBe(0);
    expect(fs.existsSync(path.join(dir, 'gitops'))).toBe(false);
    const before = hashTree(dir, '.');
    expect(await ensureEmbeddedGitOps(dir)).toEqual({ dir, created: false });
    expect(hashTree(dir, '.')).toEqual(before);
    cleanup(cwd);
  });

  test('refuses to turn a non-empty directory into a GitOps repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-busy-'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(ensureEmbeddedGitOps(dir)).rejects.toThrow('is not a GitOps repository');
    cleanup(dir);
  });
});
