import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { bufferIo, createSandbox, example, Sandbox } from '../gitops/lifecycle/sandbox';

describe('zave register', () => {
  let sb: Sandbox;
  beforeEach(async () => { sb = await createSandbox(); });
  afterEach(() => sb.cleanup());

  it('--help documents the flags and exit codes', async () => {
    const io = bufferIo({}, sb.dir);
    expect(await run(['register', '--help'], io)).toBe(0);
    expect(io.stdout).toContain('Usage: zave register [--contract zave.yaml]');
    expect(io.stdout).toContain('--gitops DIR|URL');
    expect(io.stdout).toContain('Exit codes: 0 ok');
  });

  it('registers ./zave.yaml into $ZAVE_GITOPS: progress on stderr, result on stdout, owner from the tenant origin', async () => {
    const tenant = path.join(sb.dir, 'tenant');
    fs.mkdirSync(tenant);
    fs.copyFileSync(example('payments-api'), path.join(tenant, 'zave.yaml'));
    sb.git(tenant, 'init', '-q');
    sb.git(tenant, 'remote', 'add', 'origin', 'https://github.com/acme/payments-api.git');
    const io = bufferIo({ ...sb.env, ZAVE_GITOPS: sb.remote }, tenant);
    expect(await run(['register'], io)).toBe(0);
    expect(io.stderr).toContain(`fetching ${sb.remote}`);
    expect(io.stdout).toContain(`Register payments-api (branch zave/register-payments-api pushed to ${sb.remote})`);
    expect(io.stdout).toContain('Open a pull/merge request from zave/register-payments-api into main');
    expect(io.stdout).toContain('Pull-request title: Register payments-api\nPull-request description:\n\n## Register payments-api\n');
    expect(sb.show('zave/register-payments-api', 'workloads/payments-api/registration.yaml')).toContain('repository: https://github.com/acme/payments-api.git');

    const again = bufferIo({ ...sb.env, ZAVE_GITOPS: sb.remote }, tenant);
    expect(await run(['register', '--format', 'json'], again)).toBe(0);
    const json = JSON.parse(again.stdout) as { changed: boolean; branch: string };
    expect(json).toMatchObject({ changed: false, branch: 'zave/register-payments-api' });
  });

  it('an invalid contract exits 1 with file:line:column issues', async () => {
    fs.writeFileSync(path.join(sb.dir, 'zave.yaml'), 'service: ok-name\nexposure: publik-http\n');
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['register', '--gitops', sb.remote], io)).toBe(1);
    expect(io.stderr).toMatch(/zave\.yaml:2:11/);
    expect(io.stderr).toContain('error [invalid-contract]');
  });

  /** A tenant checkout holding the ledger contract, with `origin` set to `url` (or no remote). */
  const tenantAt = (name: string, url?: string) => {
    const dir = path.join(sb.dir, name);
    fs.mkdirSync(dir);
    fs.copyFileSync(example('ledger-internal'), path.join(dir, 'zave.yaml'));
    sb.git(dir, 'init', '-q');
    if (url) sb.git(dir, 'remote', 'add', 'origin', url);
    return dir;
  };

  it('a service owned by another repository exits 1 naming the owner', async () => {
    const first = bufferIo(sb.env, tenantAt('ledger', 'https://github.com/acme/ledger'));
    expect(await run(['register', '--gitops', sb.remote], first)).toBe(0);
    expect(await sb.merge('zave/register-ledger')).toBe(true);
    const io = bufferIo(sb.env, tenantAt('else', 'https://github.com/someone/else'));
    expect(await run(['register', '--gitops', sb.remote, '--format', 'json'], io)).toBe(1);
    const out = JSON.parse(io.stdout) as { code: string; message: string };
    expect(out.code).toBe('owned-by-another-repository');
    expect(out.message).toContain('already registered by https://github.com/acme/ledger');
  });

  it('--repository cannot claim the victim\'s service: ownership is proven by the remote, never by a flag', async () => {
    const owner = bufferIo(sb.env, tenantAt('ledger', 'https://github.com/acme/ledger'));
    expect(await run(['register', '--gitops', sb.remote], owner)).toBe(0);
    expect(await sb.merge('zave/register-ledger')).toBe(true);
    const before = sb.refs(sb.remote);
    const forged = bufferIo(sb.env, tenantAt('attacker', 'https://github.com/mallory/ledger'));
    expect(await run(['register', '--repository', 'https://github.com/acme/ledger', '--gitops', sb.remote], forged)).toBe(1);
    expect(forged.stderr).toContain('error [owner-not-proven] --repository https://github.com/acme/ledger does not match the repository this checkout belongs to (https://github.com/mallory/ledger)');
    const pathClaim = bufferIo(sb.env, tenantAt('no-remote'));
    expect(await run(['register', '--repository', path.join(sb.dir, 'ledger'), '--gitops', sb.remote], pathClaim)).toBe(1);
    expect(pathClaim.stderr).toContain('error [owner-not-proven] cannot tell which repository owns zave.yaml');
    expect(sb.refs(sb.remote)).toEqual(before);
  });

  it('with an embedded GitOps checkout the owner is proven as zave init records it: a local bare origin by its path, no origin by the checkout\'s path', async () => {
    const gitops = sb.clone('main');
    const bare = path.join(sb.dir, 'remotes', 'ledger.git');
    sb.git(sb.dir, 'init', '-q', '--bare', bare);
    const withOrigin = tenantAt('ledger', bare);
    const first = bufferIo(sb.env, withOrigin);
    expect(await run(['register', '--gitops', gitops], first)).toBe(0);
    expect(sb.git(gitops, 'show', 'zave/register-ledger:workloads/ledger/registration.yaml')).toContain(`repository: ${bare}`);
    // The same checkout again: the same owner, so nothing to change.
    const again = bufferIo(sb.env, withOrigin);
    expect(await run(['register', '--gitops', gitops, '--format', 'json'], again)).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: false });

    sb.git(gitops, 'branch', '-q', '-D', 'zave/register-ledger');
    const local = tenantAt('local-ledger');
    expect(await run(['register', '--gitops', gitops], bufferIo(sb.env, local))).toBe(0);
    expect(sb.git(gitops, 'show', 'zave/register-ledger:workloads/ledger/registration.yaml')).toContain(`repository: ${fs.realpathSync(local)}`);
    // A shared (bare) GitOps repository never records a folder: the same checkout is refused there.
    const shared = bufferIo(sb.env, local);
    expect(await run(['register', '--gitops', sb.remote], shared)).toBe(1);
    expect(shared.stderr).toContain(`error [owner-not-proven] cannot tell which repository owns zave.yaml: its checkout (${fs.realpathSync(local)}) has no origin remote`);
  });

  it('in CI the owner is GITHUB_SERVER_URL/GITHUB_REPOSITORY', async () => {
    const io = bufferIo({ ...sb.env, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/ledger' }, tenantAt('ci'));
    expect(await run(['register', '--gitops', sb.remote], io)).toBe(0);
    expect(sb.show('zave/register-ledger', 'workloads/ledger/registration.yaml')).toContain('repository: https://github.com/acme/ledger');
  });

  it('a contract that is a FIFO, a folder or oversize is refused by what it is, never read (a FIFO would block, a device never end)', async () => {
    const tenant = tenantAt('odd', 'https://github.com/acme/odd.git');
    fs.rmSync(path.join(tenant, 'zave.yaml'));
    execFileSync('mkfifo', [path.join(tenant, 'zave.yaml')]);
    fs.mkdirSync(path.join(tenant, 'dir.yaml'));
    fs.writeFileSync(path.join(tenant, 'big.yaml'), `service: odd\n# ${'x'.repeat(70 * 1024)}\n`);
    for (const [args, says] of [
      [['register'], 'zave.yaml:1:1 is not a regular file [file-not-found]'],
      [['register', '--contract', 'dir.yaml'], 'dir.yaml:1:1 is a directory, not a file [file-not-found]'],
      [['register', '--contract', 'big.yaml'], 'big.yaml:1:1 file is 71696 bytes (70.0 KiB); the limit is 65536 bytes (64 KiB) [file-too-large]'],
      [['propose', '--service', 'odd', '--image', 'ghcr.io/acme/odd:1', '--contract', 'zave.yaml'], 'zave.yaml:1:1 is not a regular file [file-not-found]'],
    ] as const) {
      const io = bufferIo(sb.env, tenant);
      expect(await run([...args, '--gitops', sb.remote], io)).toBe(1);
      expect(io.stderr).toContain(says);
      expect(io.stderr).toContain('error [invalid-contract] cannot read the contract');
    }
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['register', '--contrakt', 'x'], io)).toBe(2);
    expect(io.stderr).toContain('Run "zave register --help"');
  });
});
