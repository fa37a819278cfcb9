import * as fs from 'fs';
import * as path from 'path';
import { Runtime } from '../../src/contract/enums';
import { linkOnTheWay } from '../../src/upgrade/linked-paths';
import { upgradeTenant } from '../../src/upgrade/upgrade-tenant';
import { cleanup, gitEnv, runGit, synthService, tempDir } from '../projects/support/tenant-fixtures';

describe('linkOnTheWay', () => {
  let root: string;
  beforeEach(() => { root = tempDir('links'); });
  afterEach(() => cleanup(root));

  test('finds a linked file, a linked folder on the way, and a dangling link; regular paths and missing ones are fine', () => {
    fs.mkdirSync(path.join(root, 'repo', '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(root, 'repo', 'Dockerfile'), 'FROM scratch\n');
    const repo = path.join(root, 'repo');
    expect(linkOnTheWay(repo, ['Dockerfile', '.github/workflows/ci.yml', 'src/missing/deep.ts'])).toBeUndefined();
    fs.symlinkSync('/nonexistent/target', path.join(repo, 'README.md'));
    expect(linkOnTheWay(repo, ['Dockerfile', 'README.md'])).toEqual({ path: 'README.md', target: '/nonexistent/target' });
    fs.rmSync(path.join(repo, '.github'), { recursive: true });
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(repo, '.github'));
    expect(linkOnTheWay(repo, ['.github/workflows/ci.yml', 'Dockerfile'])).toEqual({ path: '.github', target: path.join(root, 'elsewhere') });
  });
});

describe('zave upgrade never writes through a link a tenant committed', () => {
  let root: string;
  beforeEach(() => { root = tempDir('upgrade-links'); });
  afterEach(() => cleanup(root));

  /** A tenant repository on a local bare remote, edited by `tamper` before its commit. */
  function tenant(tamper: (work: string) => void): string {
    const work = path.join(root, 'work');
    synthService({ service: 'orders', runtime: Runtime.NODE }, work);
    runGit(work, '-c', 'init.defaultBranch=main', 'init', '-q', '-b', 'main');
    tamper(work);
    runGit(work, 'add', '-A');
    runGit(work, 'commit', '-q', '-m', 'tenant');
    const remote = path.join(root, 'orders.git');
    runGit(root, 'clone', '-q', '--bare', work, remote);
    return remote;
  }

  test.each([
    ['a generated file linked to a file outside', 'Dockerfile', (outside: string) => outside],
    ['a folder of generated files linked to a folder outside', '.github', (outside: string) => path.dirname(outside)],
    ['the contract linked to a file outside', 'zave.yaml', (outside: string) => outside],
  ])('%s: the upgrade fails naming the link, and nothing outside the clone changes', async (_what, linked, target) => {
    const outside = path.join(root, 'outside', 'victim.txt');
    fs.mkdirSync(path.dirname(outside), { recursive: true });
    fs.writeFileSync(outside, 'SAFE\n');
    const remote = tenant((work) => {
      fs.rmSync(path.join(work, linked), { recursive: true, force: true });
      fs.symlinkSync(target(outside), path.join(work, linked));
    });
    for (const dryRun of [true, false]) {
      const r = await upgradeTenant({ service: 'orders', repository: remote, version: '0.0.0', dryRun, env: gitEnv() });
      expect(r.status).toBe('failed');
      expect(r.reason).toContain(`${linked} is a symbolic link (to ${target(outside)})`);
      expect(fs.readdirSync(path.dirname(outside))).toEqual(['victim.txt']);
      expect(fs.readFileSync(outside, 'utf8')).toBe('SAFE\n');
    }
    // Nothing was pushed.
    expect(runGit(root, '--git-dir', remote, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/main');
  });
});
