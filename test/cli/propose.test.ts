import { run } from '../../src/cli/main';
import { bufferIo, createSandbox, digestImage, example, Sandbox } from '../gitops/lifecycle/sandbox';

describe('zave propose', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
    expect(await run(['register', '--contract', example('payments-api'), '--gitops', sb.remote], bufferIo({ ...sb.env, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/tenant' }, sb.dir))).toBe(0);
    expect(await sb.merge('zave/register-payments-api')).toBe(true);
  });
  afterAll(() => sb.cleanup());

  it('proposes an image in the first environment by default', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['propose', '--service', 'payments-api', '--image', 'ghcr.io/acme/payments-api:1.2.0', '--gitops', sb.remote, '--format', 'json'], io)).toBe(0);
    const r = JSON.parse(io.stdout) as { branch: string; environment: string; changed: boolean; commitMessage: string };
    expect(r).toMatchObject({ branch: 'zave/propose-payments-api-dev', environment: 'dev', changed: true });
    expect(r.commitMessage).toContain('Zave-Image: ghcr.io/acme/payments-api:1.2.0');
  });

  it('--dry-run prints the files and the pull-request text and writes nothing', async () => {
    const before = sb.refs(sb.remote);
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['propose', '--service', 'payments-api', '--image', 'ghcr.io/acme/payments-api:9.9.9', '--gitops', sb.remote, '--dry-run'], io)).toBe(0);
    expect(io.stdout).toContain('dry run: nothing was written. The change would touch:');
    expect(io.stdout).toContain('  write  environments/dev.yaml');
    expect(io.stdout).toContain('  write  deploy/dev/payments-api.yaml');
    expect(io.stdout).toContain('Pull-request title: Deploy payments-api 9.9.9 to dev');
    expect(io.stdout).toMatch(/added `Deployment payments-api\/payments-api`/);
    expect(sb.refs(sb.remote)).toEqual(before);
  });

  it('a tag outside dev exits 1 with the digest example', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['propose', '--service', 'payments-api', '--image', 'ghcr.io/acme/payments-api:1.2.0', '--env', 'prod', '--gitops', sb.remote], io)).toBe(1);
    expect(io.stderr).toContain('error [digest-required]');
    expect(io.stderr).toContain('@sha256:0123456789abcdef');
  });

  it('a malformed reference exits 1 before touching git', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['propose', '--service', 'payments-api', '--image', 'ghcr.io/acme/api@sha256:xyz', '--gitops', sb.remote], io)).toBe(1);
    expect(io.stderr).toContain('error [invalid-image-reference]');
    expect(io.stderr).not.toContain('fetching');
  });

  it('accepts a digest in staging', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['propose', '--service', 'payments-api', '--image', digestImage('payments-api', 'f'), '--env', 'staging', '--gitops', sb.remote], io)).toBe(0);
    expect(io.stdout).toContain('branch zave/propose-payments-api-staging');
  });

  it('missing --service or --image is a usage error', async () => {
    expect(await run(['propose', '--image', 'x:1'], bufferIo(sb.env, sb.dir))).toBe(2);
    expect(await run(['propose', '--service', 'x'], bufferIo(sb.env, sb.dir))).toBe(2);
  });
});
