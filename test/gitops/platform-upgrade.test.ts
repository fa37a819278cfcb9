import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { digestImage, EXAMPLES_DIR } from './fixture';
import { defaultPlatformYaml } from '../../src/gitops/platform/default';
import { environmentStateYaml, Release } from '../../src/gitops/state/environment-state';
import { tenantFileName } from '../../src/gitops/synth/env-files';

const ROOT = path.join(__dirname, '..', '..');
const X = '1.0.0';
const Y = '1.1.0';
const SERVICES = ['ledger', 'payments-api'];
const ENVS = ['dev', 'staging', 'prod'];

/** Fails clearly when lib/ (what the packed versions are made of) is missing or older than src/. */
function assertLibCurrent(): void {
  const stale: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, 'src', rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) {walk(r);} else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const js = path.join(ROOT, 'lib', r.replace(/\.ts$/, '.js'));
        if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(path.join(ROOT, 'src', r)).mtimeMs) stale.push(r);
      }
    }
  };
  walk('');
  if (stale.length > 0) {
    throw new Error(`lib/ is missing or older than src/ (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}): `
      + 'these tests pack the compiled library as two zave versions; run "npx projen compile" first (the CI build compiles before jest runs)');
  }
}

/**
 * Packs the compiled library as @zave/platform@`version` (lib/, bin/, package.json with that version) into
 * a tarball, like `npm pack`; `patch` edits the staged lib/ first, so a version can render visibly differently.
 */
function pack(tmp: string, version: string, patch?: (lib: string) => void): string {
  const stage = path.join(tmp, `stage-${version}`, 'package');
  fs.mkdirSync(stage, { recursive: true });
  fs.cpSync(path.join(ROOT, 'lib'), path.join(stage, 'lib'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'bin'), path.join(stage, 'bin'), { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ ...pkg, version }, null, 2));
  patch?.(path.join(stage, 'lib'));
  const tgz = path.join(tmp, `zave-platform-${version}.tgz`);
  sh(tmp, 'tar', ['-czf', tgz, '-C', path.dirname(stage), 'package']);
  return tgz;
}

/** "Installs" a tarball offline: extracted into <registry>/<version>/package, dependencies from the host's node_modules. */
function install(tgz: string, registry: string, version: string): void {
  const dir = path.join(registry, version);
  fs.mkdirSync(dir, { recursive: true });
  sh(dir, 'tar', ['-xzf', tgz]);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'package', 'node_modules'), 'dir');
}

function replaceIn(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}: the patch of the older version needs updating`);
  fs.writeFileSync(file, text.split(from).join(to));
}

function sh(cwd: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { cwd, env: env ?? process.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** sha256 of every file below deploy/<env> and its Argo CD files: the bytes an environment runs. */
function envHash(repo: string, env: string): string {
  const h = createHash('sha256');
  for (const dir of [`deploy/${env}`, `deploy/applications/${env}`]) {
    for (const name of fs.readdirSync(path.join(repo, dir)).sort()) h.update(name).update('\0').update(fs.readFileSync(path.join(repo, dir, name))).update('\0');
  }
  return h.digest('hex');
}

// Issue 12 item 4: a platform upgrade travels through the environments like a release. The tests
// stand in for the registry with two packed versions of this library: X renders a marker into every
// object comment and tenant AppProject, so each file shows which version rendered it.
describe('staged platform upgrades: X → Y across dev, staging, prod', () => {
  let tmp: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let runner: string;

  /** Runs zave `version` (the packed one) in the GitOps repository. */
  function zave(version: string, args: string[], extra: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [path.join(tmp, 'registry', version, 'package', 'bin', 'zave'), ...args], { cwd: repo, env: { ...env, ...extra }, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const git = (...args: string[]) => sh(repo, 'git', args, env).trim();
  const read = (rel: string) => fs.readFileSync(path.join(repo, rel), 'utf8');
  /** Lands a verb's branch on main, as merging its pull request does. */
  function land(branch: string): void {
    git('merge', '-q', '--ff-only', branch);
    git('branch', '-q', '-D', branch);
  }

  beforeAll(() => {
    assertLibCurrent();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zave-platform-')));
    const registry = path.join(tmp, 'registry');
    install(pack(tmp, X, (lib) => {
      replaceIn(path.join(lib, 'gitops/synth/manifest-file.js'), 'return `# ${obj.kind} ', `return \`# (zave ${X}) \${obj.kind} `);
      replaceIn(path.join(lib, 'gitops/synth/argo.js'), 'its own namespace only, rendered by zave`', `its own namespace only, rendered by zave ${X}\``);
    }), registry, X);
    install(pack(tmp, Y), registry, Y);
    runner = `${process.execPath} ${registry}/{version}/package/bin/zave`;
    const gitconfig = path.join(tmp, 'gitconfig');
    fs.writeFileSync(gitconfig, '[init]\n\tdefaultBranch = main\n');
    env = {
      PATH: process.env.PATH,
      HOME: tmp,
      NODE_OPTIONS: '',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: gitconfig,
      GIT_AUTHOR_NAME: 'Zave Test',
      GIT_AUTHOR_EMAIL: 'test@zave.dev',
      GIT_COMMITTER_NAME: 'Zave Test',
      GIT_COMMITTER_EMAIL: 'test@zave.dev',
      ZAVE_PLATFORM_RUNNER: runner,
    };
    repo = path.join(tmp, 'gitops');
    env.ZAVE_GITOPS = repo;

    // A GitOps repository whose every release is pinned to X, rendered and committed by X.
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'platform.yaml'), defaultPlatformYaml({ environments: ENVS }));
    const revisions: Record<string, string> = {};
    for (const file of ['ledger-internal.yaml', 'payments-api.yaml']) {
      const bytes = fs.readFileSync(path.join(EXAMPLES_DIR, file));
      const service = /^service:\s*(\S+)/m.exec(bytes.toString())![1];
      const hex = createHash('sha256').update(bytes).digest('hex');
      fs.mkdirSync(path.join(repo, 'workloads', service, 'revisions'), { recursive: true });
      fs.writeFileSync(path.join(repo, 'workloads', service, 'zave.yaml'), bytes);
      fs.writeFileSync(path.join(repo, 'workloads', service, 'revisions', `${hex}.yaml`), bytes);
      revisions[service] = `sha256:${hex}`;
    }
    fs.mkdirSync(path.join(repo, 'environments'));
    ENVS.forEach((e) => {
      const releases: Record<string, Release> = {};
      for (const s of SERVICES) releases[s] = { image: digestImage(s), contract: revisions[s], platform: X };
      fs.writeFileSync(path.join(repo, 'environments', `${e}.yaml`), environmentStateYaml(e, releases));
    });
    git('init', '-q');
    expect(zave(X, ['synth']).status).toBe(0);
    git('add', '-A');
    git('commit', '-q', '-m', 'GitOps repository rendered by zave 1.0.0');
  }, 120_000);
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a pull request cannot slip a hand edit into a held environment, and an X that cannot run fails the check', () => {
    const file = 'deploy/prod/payments-api.yaml';
    const edited = read(file).replace('runAsNonRoot: true', 'runAsNonRoot: false');
    expect(edited).not.toBe(read(file));
    const tamper = (stateEdit?: (text: string) => string) => {
      fs.writeFileSync(path.join(repo, file), edited);
      if (stateEdit) fs.writeFileSync(path.join(repo, 'environments/prod.yaml'), stateEdit(read('environments/prod.yaml')));
      const r = zave(Y, ['synth', '--check']);
      git('checkout', '-q', '--', '.');
      return r;
    };
    // The hand edit alone: X renders something else.
    const plain = tamper();
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(new RegExp(`changed \\(hand-edited or stale\\): 1\\n    ${file}`));
    // With the release re-pinned to Y: Y renders it, and it differs too.
    expect(tamper((t) => t.replace(/(payments-api:\n(?: {4}.*\n)*? {4}platform: )1\.0\.0/, `$1${Y}`)).stderr).toContain(`    ${file}`);
    // With the recorded contract hash edited: that revision does not exist.
    const hash = tamper((t) => t.replace(/(payments-api:\n {4}contract: sha256:)[0-9a-f]{64}/, `$1${'0'.repeat(64)}`));
    expect([hash.status, hash.stderr]).toEqual([1, expect.stringContaining('contract-revision-missing')]);
    // With the release pinned to a version nobody can install.
    const nowhere = tamper((t) => t.replace(/(payments-api:\n(?: {4}.*\n)*? {4}platform: )1\.0\.0/, '$19.9.9'));
    expect([nowhere.status, nowhere.stderr]).toEqual([1, expect.stringContaining('cannot run zave 9.9.9 to check what is pinned to it (prod (payments-api))')]);
    expect(git('status', '--porcelain')).toBe('');

    // X itself cannot be run here: --check says so, names the environments and the way out, and fails.
    const missing = zave(Y, ['synth', '--check'], { ZAVE_PLATFORM_RUNNER: `${process.execPath} ${path.join(tmp, 'nowhere')}/{version}/bin/zave` });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`cannot run zave ${X} to check what is pinned to it (dev (ledger, payments-api); staging (ledger, payments-api); prod (ledger, payments-api))`);
    expect(missing.stderr).toContain('or upgrade those environments to this zave, one at a time: zave propose --platform --env dev');
    expect(missing.stderr).toContain('deploy/ could not be checked completely');

    // A held file that is gone cannot be rendered by Y: synth refuses and writes nothing.
    fs.rmSync(path.join(repo, file));
    const gone = zave(Y, ['synth']);
    expect([gone.status, gone.stderr]).toEqual([1, expect.stringContaining(`${file} is missing, and its release in environments/prod.yaml is pinned to zave ${X}`)]);
    git('checkout', '-q', '--', '.');
  }, 120_000);

  it('Y holds what X rendered, checks it by running X, and upgrades one environment at a time', () => {
    expect(read('deploy/prod/ledger.yaml')).toContain(`# (zave ${X}) Deployment ledger/ledger`);
    expect(read(`deploy/applications/prod/${tenantFileName('prod', 'ledger')}`)).toContain(`rendered by zave ${X}`);
    const before = Object.fromEntries(ENVS.map((e) => [e, envHash(repo, e)]));

    // CI now runs Y: synth keeps every byte X rendered and says why.
    const synth = zave(Y, ['synth']);
    expect(synth.status).toBe(0);
    expect(synth.stderr).toContain(`note: held at zave ${X} (this is zave ${Y}): dev (ledger, payments-api); staging (ledger, payments-api); prod (ledger, payments-api) keep their committed files`);
    expect(synth.stderr).toContain('zave propose --platform --env dev');
    expect(git('status', '--porcelain')).toBe('');
    // --check runs X for the held releases (through ZAVE_PLATFORM_RUNNER) and Y for the rest.
    const checked = zave(Y, ['synth', '--check']);
    expect([checked.status, checked.stderr]).toEqual([0, expect.stringContaining(`zave ${X} checked the 6 release(s) pinned to it: 0 file(s) differ`)]);

    // Staging cannot be upgraded before dev.
    const early = zave(Y, ['propose', '--platform', '--env', 'staging']);
    expect(early.status).toBe(1);
    expect(early.stderr).toContain(`dev does not run zave ${Y} yet (ledger, payments-api); upgrade dev first: zave propose --platform --env dev`);

    // Upgrade dev: one commit re-pins and re-renders every dev release; staging and prod keep their bytes.
    const up = zave(Y, ['propose', '--platform', '--env', 'dev', '--format', 'json']);
    expect(up.status).toBe(0);
    const result = JSON.parse(up.stdout) as { branch: string; title: string; body: string; changes: Array<{ environment: string }> };
    expect(result.branch).toBe('zave/platform-dev');
    expect(result.title).toBe(`Upgrade dev to zave ${Y}`);
    expect(result.body).toContain(`platform ${X} → ${Y} (2 services)`);
    expect(result.changes.map((c) => c.environment)).toEqual(['dev']);
    land('zave/platform-dev');
    expect(read('environments/dev.yaml').match(/platform: .*/g)).toEqual([`platform: ${Y}`, `platform: ${Y}`]);
    expect(read('deploy/dev/ledger.yaml')).not.toContain(`(zave ${X})`);
    expect(read(`deploy/applications/dev/${tenantFileName('dev', 'ledger')}`)).not.toContain(`rendered by zave ${X}`);
    expect(envHash(repo, 'dev')).not.toBe(before.dev);
    expect(envHash(repo, 'staging')).toBe(before.staging);
    expect(envHash(repo, 'prod')).toBe(before.prod);
    expect(zave(Y, ['synth']).stderr).toContain(`held at zave ${X} (this is zave ${Y}): staging (ledger, payments-api); prod (ledger, payments-api)`);
    expect(git('status', '--porcelain')).toBe('');

    // --only-platform X is what Y asks X to do: X checks the releases pinned to X, and nothing else.
    fs.appendFileSync(path.join(repo, 'deploy/dev/ledger.yaml'), '# hand edit\n');
    const onlyX = zave(X, ['synth', '--check', '--only-platform', X]);
    expect([onlyX.status, onlyX.stdout]).toEqual([0, expect.stringMatching(/^deploy\/ is up to date \(12 files checked\)/)]);
    git('checkout', '-q', '--', '.');
    fs.appendFileSync(path.join(repo, 'deploy/staging/ledger.yaml'), '# hand edit\n');
    const caught = zave(X, ['synth', '--check', '--only-platform', X]);
    expect([caught.status, caught.stderr]).toEqual([1, expect.stringContaining('    deploy/staging/ledger.yaml')]);
    git('checkout', '-q', '--', '.');
    expect(zave(Y, ['synth', '--check', '--only-platform', X]).status).toBe(2);

    // promote carries Y onward, one service at a time: staging runs both versions for a while.
    const promoted = zave(Y, ['promote', 'ledger', '--from', 'dev', '--to', 'staging']);
    expect(promoted.status).toBe(0);
    land('zave/promote-ledger-staging');
    expect(read('environments/staging.yaml')).toMatch(new RegExp(`ledger:\\n(    .*\\n)*    platform: ${Y.replace(/\./g, '\\.')}`));
    expect(read('deploy/staging/ledger.yaml')).not.toContain(`(zave ${X})`);
    expect(read('deploy/staging/payments-api.yaml')).toContain(`(zave ${X})`);
    expect(envHash(repo, 'prod')).toBe(before.prod);
    const mixed = zave(Y, ['synth', '--check']);
    expect([mixed.status, mixed.stderr]).toEqual([0, expect.stringContaining(`zave ${X} checked the 3 release(s) pinned to it: 0 file(s) differ`)]);

    // Y cannot render a release pinned to X: promoting one is refused, naming both versions and the fix.
    const refused = zave(Y, ['promote', 'payments-api', '--from', 'staging', '--to', 'prod']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`payments-api's release in staging is pinned to zave ${X}, and this is zave ${Y}`);
    expect(refused.stderr).toContain(`npx --yes --package @zave/platform@${X} zave promote payments-api --from staging --to prod`);

    // A new release records the version that renders it, and says so.
    const release = zave(Y, ['propose', '--service', 'payments-api', '--env', 'prod', '--image', digestImage('payments-api', 'b'), '--dry-run', '--format', 'json']);
    expect(release.status).toBe(0);
    expect((JSON.parse(release.stdout) as { body: string }).body).toContain(`platform ${X} → ${Y}`);

    // The rest of staging, then prod.
    for (const e of ['staging', 'prod']) {
      expect(zave(Y, ['propose', '--platform', '--env', e]).status).toBe(0);
      land(`zave/platform-${e}`);
    }
    expect(fs.readdirSync(path.join(repo, 'environments')).map((f) => read(`environments/${f}`)).join('')).not.toContain(`platform: ${X}`);
    // Nothing is held any more: --check no longer needs X at all.
    const done = zave(Y, ['synth', '--check'], { ZAVE_PLATFORM_RUNNER: path.join(tmp, 'nowhere', '{version}') });
    expect(done.status).toBe(0);
    expect(done.stderr).not.toContain('zave 1.0.0');
  }, 120_000);
});
