import * as fs from 'fs';
import * as path from 'path';
import { Runtime } from '../../src/contract/enums';
import { upgradeTenant } from '../../src/upgrade/upgrade-tenant';
import { cleanup, gitEnv, runGit, synthService, tempDir } from '../projects/support/tenant-fixtures';

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
