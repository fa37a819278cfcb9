import { run } from '../../src/cli/main';
import { bufferIo, createSandbox, example, Sandbox } from '../gitops/lifecycle/sandbox';

describe('zave deregister', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
    expect(await run(['register', '--contract', example('email-worker'), '--gitops', sb.remote], bufferIo({ ...sb.env, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/tenant' }, sb.dir))).toBe(0);
    expect(await sb.merge('zave/register-email-worker')).toBe(true);
    expect(await run(['propose', '--service', 'email-worker', '--image', 'ghcr.io/acme/email-worker:3', '--gitops', sb.remote], bufferIo(sb.env, sb.dir))).toBe(0);
    expect(await sb.merge('zave/propose-email-worker-dev')).toBe(true);
  });
  afterAll(() => sb.cleanup());

  it('removes the workload and lists the objects merging deletes', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['deregister', 'email-worker', '--gitops', sb.remote, '--format', 'json'], io)).toBe(0);
    const r = JSON.parse(io.stdout) as { branch: string; body: string; changes: Array<{ environment: string; removed: unknown[] }> };
    expect(r.branch).toBe('zave/deregister-email-worker');
    expect(r.changes.map((c) => c.environment)).toEqual(['dev']);
    expect(r.changes[0].removed.length).toBeGreaterThan(0);
    expect(r.body).toContain('| dev | `ghcr.io/acme/email-worker:3` | _none_ |');
    expect(sb.show(r.branch, 'workloads/email-worker/zave.yaml')).toBeUndefined();
    expect(await sb.synthCheck(sb.clone(r.branch))).toEqual([]);
  });

  it('a service that is not registered is a no-op (exit 0)', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['deregister', 'ghost', '--gitops', sb.remote], io)).toBe(0);
    expect(io.stdout).toBe('unchanged: ghost is not registered; nothing to remove\n');
  });

  it('a path as the service name is refused (exit 1); no service is a usage error (exit 2)', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['deregister', '../x', '--gitops', sb.remote], io)).toBe(1);
    expect(io.stderr).toContain('error [invalid-service-name]');
    expect(await run(['deregister'], bufferIo(sb.env, sb.dir))).toBe(2);
  });
});
