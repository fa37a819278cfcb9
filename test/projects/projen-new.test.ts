import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanup, listFiles, tempDir } from './support/tenant-fixtures';
import { RepositoryTaxonomy } from '../../src/taxonomy';

const ROOT = path.join(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function run(cwd: string, command: string, args: string[], timeout = 240_000) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NODE_OPTIONS: '', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1', CI: '1' } });
}

function sh(cwd: string, command: string, args: string[], timeout = 240_000): string {
  const r = run(cwd, command, args, timeout);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A new empty project folder with the projen version this library is built against. */
function projectDir(tmp: string, name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  // projen new would otherwise install projen@latest; pin the version this library is built against.
  sh(dir, 'npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--no-package-lock', 'projen@0.103.25']);
  return dir;
}

/**
 * The real client path: the library is compiled by jsii (when lib/ or .jsii is older than src/),
 * packed, and a tenant repository is created with `projen new --from <tarball> zave-service`.
 * Uses the npm registry (projen and the peer dependencies); nothing else from the network.
 */
describe('npx projen new --from the packed library', () => {
  let tmp: string;
  let tgz: string;
  let spec: string;
  beforeAll(() => {
    tmp = tempDir('projen-new');
    const jsii = path.join(ROOT, '.jsii');
    if (!fs.existsSync(jsii) || fs.statSync(jsii).mtimeMs < newestSource(path.join(ROOT, 'src'))) {
      sh(ROOT, process.execPath, [require.resolve('jsii/bin/jsii', { paths: [ROOT] }), '--silence-warnings=reserved-word']);
    }
    const packed = JSON.parse(sh(ROOT, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp])) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tgz = path.join(tmp, packed[0].filename);
    spec = `@zave/platform@file:${tgz}`;
    expect(packed[0].files.map((f) => f.path)).toEqual(expect.arrayContaining([
      '.jsii', 'lib/index.js', 'lib/projects/service/zave-service-project.js', 'bin/zave', 'schemas/zave.dev/v1.json', 'examples/custom-strategy/main.ts',
    ]));
  }, 600_000);
  afterAll(() => cleanup(tmp));

  test('zave-service creates the tenant tree, whose own test, preview and regeneration work', () => {
    const app = projectDir(tmp, 'payments-api');
    sh(app, 'npx', ['projen', 'new', '--from', spec, 'zave-service', '--service', 'payments-api', '--runtime', 'node', '--exposure', 'public-http', '--database', 'postgres', '--no-git']);

    expect(listFiles(app)).toEqual([
      '.dockerignore', '.gitattributes', '.github/workflows/ci.yml', '.gitignore', '.projen/files.json', '.projen/tasks.json', '.projenrc.js',
      '.zave/repository.json', 'Dockerfile', 'README.md', 'cdk8s.yaml', 'cdk8s/main.js', 'package.json', 'src/metrics.js', 'src/server.js',
      'test/server.test.js', 'zave.yaml',
    ]);
    expect(fs.readFileSync(path.join(app, 'zave.yaml'), 'utf8')).toMatch(/^service: payments-api\nruntime: node\nexposure: public-http\ndatabase: postgres\n$/m);
    expect(RepositoryTaxonomy.read(app)).toMatchObject({ kind: 'service', service: 'payments-api', strategy: 'http-service', onboardedBy: 'projen new' });
    expect(RepositoryTaxonomy.verify(app)).toMatchObject({ edited: [], deleted: [] });
    const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@zave/platform']).toMatch(/^file:/); // npm records the --from spec (relative)
    expect(path.resolve(app, pkg.devDependencies['@zave/platform'].slice('file:'.length))).toBe(tgz);
    expect(pkg.scripts.test).toBe('node --test');

    // The skeleton's own test, the cdk8s preview through the installed library, and regeneration from zave.yaml.
    expect(sh(app, 'npm', ['test', '--silent'])).toMatch(/# pass 1\n# fail 0/);
    sh(app, 'node', ['cdk8s/main.js']);
    expect(fs.readdirSync(path.join(app, 'dist', 'cdk8s')).sort()).toEqual(['dev.k8s.yaml', 'prod.k8s.yaml', 'staging.k8s.yaml']);
    fs.appendFileSync(path.join(app, 'zave.yaml'), 'size: medium\n');
    sh(app, 'npx', ['projen']);
    expect(fs.readFileSync(path.join(app, 'README.md'), 'utf8')).toContain('**size** medium');
    expect(RepositoryTaxonomy.verify(app)).toMatchObject({ edited: [], deleted: [] });
    expect(RepositoryTaxonomy.read(app)?.onboardedBy).toBe('projen new');
  }, 600_000);

  test('zave-gitops: npx projen regenerates, and the first zave synth --check passes', () => {
    const repo = projectDir(tmp, 'gitops');
    sh(repo, 'npx', ['projen', 'new', '--from', spec, 'zave-gitops', '--domain', 'acme.io', '--no-git']);
    expect(fs.readFileSync(path.join(repo, '.projenrc.js'), 'utf8')).toContain('domain: "acme.io"');
    expect(fs.existsSync(path.join(repo, 'deploy', 'bootstrap'))).toBe(true);
    sh(repo, 'npx', ['projen']);
    expect(sh(repo, 'npx', ['zave', 'synth', '--check'])).toBeDefined();
    expect(fs.readFileSync(path.join(repo, 'platform.yaml'), 'utf8')).toContain('domain: acme.io');
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).dependencies['@zave/platform']).toMatch(/^file:/);
  }, 600_000);

  test('zave-platform-workflows: npx projen regenerates the same files, the record verifies', () => {
    const repo = projectDir(tmp, 'platform-workflows');
    sh(repo, 'npx', ['projen', 'new', '--from', spec, 'zave-platform-workflows', '--gitops-repository', 'acme/gitops', '--no-git']);
    const before = fs.readFileSync(path.join(repo, '.github/workflows/propose.yml'), 'utf8');
    sh(repo, 'npx', ['projen']);
    expect(fs.readFileSync(path.join(repo, '.github/workflows/propose.yml'), 'utf8')).toBe(before);
    expect(before).toContain('default: acme/gitops');
    expect(RepositoryTaxonomy.verify(repo)).toMatchObject({ problems: [], edited: [], deleted: [] });
  }, 600_000);

  test('input errors of a project type end cleanly: one error line, exit 1, no stack trace', () => {
    const repo = projectDir(tmp, 'errors');
    for (const [args, message] of [
      [[], 'error: a service name is needed to create zave.yaml: pass --service <name>'],
      [['--service', 'Bad_Name'], 'error: the options do not make a valid contract'],
    ] as Array<[string[], string]>) {
      const r = run(repo, 'npx', ['projen', 'new', '--from', spec, 'zave-service', ...args, '--no-git']);
      expect([args, r.status]).toEqual([args, 1]);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
      fs.rmSync(path.join(repo, 'zave.yaml'), { force: true });
    }
  }, 600_000);
});
