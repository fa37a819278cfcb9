import * as fs from 'fs';
import * as path from 'path';
import { parseCommandArgs } from '../../src/cli/command';
import { upgradeCommand } from '../../src/cli/commands/upgrade';
import { Runtime } from '../../src/contract/enums';
import { defaultPlatformYaml } from '../../src/gitops/platform/default';
import { RepositoryTaxonomy } from '../../src/taxonomy';
import { recordingIo } from '../common/buffer-io';
import { cleanup, gitEnv, runGit, synthService, tempDir } from '../projects/support/tenant-fixtures';

const VERSION = '0.0.0'; // the running zave's version (package.json)
const BRANCH = `zave/upgrade-${VERSION}`;

/** Rewrites a generated (read-only) file. */
function rewrite(file: string, edit: (text: string) => string): void {
  fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
}

/**
 * Four registered tenants on local bare remotes standing in for GitHub: orders is behind (generated
 * by zave 0.9.0: its pins and record say so), billing is current but has a hand-edited generated
 * Dockerfile, catalog is current, ghost's remote is gone.
 */
function fleet(root: string): { gitops: string; remotes: Record<string, string> } {
  const gitops = path.join(root, 'gitops');
  fs.mkdirSync(path.join(gitops, 'workloads'), { recursive: true });
  fs.writeFileSync(path.join(gitops, 'platform.yaml'), defaultPlatformYaml());
  const remotes: Record<string, string> = {};
  for (const service of ['orders', 'billing', 'catalog', 'ghost']) {
    const work = path.join(root, 'work', service);
    fs.mkdirSync(work, { recursive: true });
    synthService({ service, runtime: Runtime.NODE, ...(service === 'orders' ? { workflowsRef: 'v0.9.0' } : {}) }, work);
    if (service === 'orders') {
      rewrite(path.join(work, 'package.json'), (t) => t.replace(`"@zave/platform": "${VERSION}"`, '"@zave/platform": "0.9.0"'));
      rewrite(path.join(work, '.zave/repository.json'), (t) => t.replace(`"platformVersion": "${VERSION}"`, '"platformVersion": "0.9.0"'));
    }
    runGit(work, '-c', 'init.defaultBranch=main', 'init', '-q', '-b', 'main');
    runGit(work, 'add', '-A');
    runGit(work, 'commit', '-q', '-m', `Onboard ${service}`);
    if (service === 'billing') {
      rewrite(path.join(work, 'Dockerfile'), (t) => `${t}RUN echo hotfix\n`);
      runGit(work, 'commit', '-q', '-am', 'hotfix the Dockerfile by hand');
    }
    const remote = path.join(root, 'remotes', `${service}.git`);
    runGit(root, 'clone', '-q', '--bare', work, remote);
    remotes[service] = remote;
    fs.mkdirSync(path.join(gitops, 'workloads', service));
    fs.writeFileSync(path.join(gitops, 'workloads', service, 'registration.yaml'), `apiVersion: zave.dev/v1\nkind: Registration\nservice: ${service}\nrepository: ${remote}\n`);
  }
  fs.rmSync(remotes.ghost, { recursive: true, force: true });
  return { gitops, remotes };
}

function env(): Record<string, string | undefined> {
  const e = { ...gitEnv() };
  delete e.GITHUB_TOKEN;
  delete e.GH_TOKEN;
  return e;
}

async function upgrade(root: string, args: string[]) {
  const io = recordingIo(root, env());
  const code = await upgradeCommand.run(parseCommandArgs(upgradeCommand, args), io);
  return { code, out: io.stdout, err: io.stderr };
}

const heads = (remote: string) => runGit(remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').sort();

describe('zave upgrade', () => {
  let root: string;
  let dirs: { gitops: string; remotes: Record<string, string> };
  beforeAll(() => {
    root = tempDir('upgrade');
    dirs = fleet(root);
  });
  afterAll(() => cleanup(root));

  test('--dry-run reports what would change and pushes nothing', async () => {
    const r = await upgrade(root, ['--gitops', dirs.gitops, '--dry-run', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.results.map((x: { service: string; status: string }) => [x.service, x.status])).toEqual([
      ['billing', 'would-upgrade'], ['catalog', 'current'], ['ghost', 'failed'], ['orders', 'would-upgrade'],
    ]);
    for (const service of ['orders', 'billing', 'catalog']) expect(heads(dirs.remotes[service])).toEqual(['main']);
  }, 120_000);

  test('pushes upgrade branches to exactly the behind and the hand-edited tenant, names the restored file, reports the unreachable one', async () => {
    const r = await upgrade(root, ['--gitops', dirs.gitops]);
    if (process.env.ZAVE_SHOW_UPGRADE) process.stdout.write(`${r.err}${r.out}`);
    expect(r.code).toBe(1);
    expect(heads(dirs.remotes.orders)).toEqual(['main', BRANCH]);
    expect(heads(dirs.remotes.billing)).toEqual(['main', BRANCH]);
    expect(heads(dirs.remotes.catalog)).toEqual(['main']);

    // The table: one row per registered tenant, the restored file named, the failure with its reason.
    expect(r.out).toMatch(/^billing +upgraded +0\.0\.0 +\d+ +Dockerfile +/m);
    expect(r.out).toMatch(/^catalog +current +0\.0\.0 +0 +- +-$/m);
    expect(r.out).toMatch(/^ghost +FAILED +- +0 +- +cannot clone .*ghost\.git/m);
    expect(r.out).toMatch(/^orders +upgraded +0\.9\.0 +\d+ +- +/m);
    expect(r.out).toContain('4 repositories: 2 upgraded, 1 current, 1 failed');
    expect(r.err.split('\n').filter((l) => /^\[\d\/4\]/.test(l))).toHaveLength(4);

    // The pull-request text (commit body) names the restored file; the branch is a clean regeneration.
    const billing = path.join(root, 'check-billing');
    runGit(root, 'clone', '-q', '-b', BRANCH, dirs.remotes.billing, billing);
    const message = runGit(billing, 'log', '-1', '--format=%B');
    expect(message).toContain('Restored generated files');
    expect(message).toContain('- Dockerfile');
    expect(message).toContain('Zave-Verb: upgrade');
    expect(fs.readFileSync(path.join(billing, 'Dockerfile'), 'utf8')).not.toContain('hotfix');
    expect(RepositoryTaxonomy.verify(billing)).toMatchObject({ edited: [], deleted: [] });

    const orders = path.join(root, 'check-orders');
    runGit(root, 'clone', '-q', '-b', BRANCH, dirs.remotes.orders, orders);
    expect(JSON.parse(fs.readFileSync(path.join(orders, 'package.json'), 'utf8')).devDependencies['@zave/platform']).toBe(VERSION);
    expect(fs.readFileSync(path.join(orders, '.github/workflows/ci.yml'), 'utf8')).toContain(`@v${VERSION}`);
    expect(fs.readFileSync(path.join(orders, '.github/workflows/ci.yml'), 'utf8')).not.toContain('v0.9.0');
    expect(RepositoryTaxonomy.read(orders)?.platformVersion).toBe(VERSION);
    expect(runGit(orders, 'log', '-1', '--format=%B')).not.toContain('Restored generated files');
  }, 180_000);
});
