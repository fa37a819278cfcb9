import { run } from '../../src/cli/main';
import { bufferIo, createSandbox, digestImage, example, Sandbox } from '../gitops/lifecycle/sandbox';

describe('zave promote', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
    expect(await run(['register', '--contract', example('ledger-internal'), '--gitops', sb.remote], bufferIo({ ...sb.env, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/tenant' }, sb.dir))).toBe(0);
    expect(await sb.merge('zave/register-ledger')).toBe(true);
    expect(await run(['propose', '--service', 'ledger', '--image', digestImage('ledger', '1'), '--gitops', sb.remote], bufferIo(sb.env, sb.dir))).toBe(0);
    expect(await sb.merge('zave/propose-ledger-dev')).toBe(true);
  });
  afterAll(() => sb.cleanup());

  it('copies the exact reference to the next environment (--to inferred from --from)', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['promote', 'ledger', '--from', 'dev', '--gitops', sb.remote], io)).toBe(0);
    expect(io.stdout).toContain('Promote ledger sha256:111111111111 from dev to staging');
    expect(sb.show('zave/promote-ledger-staging', 'environments/staging.yaml')).toContain('  ledger:\n    contract: sha256:');
    expect(sb.show('zave/promote-ledger-staging', 'environments/staging.yaml')).toContain(`    image: ${digestImage('ledger', '1')}\n`);
  });

  it('skipping an environment exits 1 and names the one skipped', async () => {
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['promote', 'ledger', '--from', 'dev', '--to', 'prod', '--gitops', sb.remote], io)).toBe(1);
    expect(io.stderr).toContain('error [skipped-environment] promoting dev -> prod skips staging');
  });

  it('usage errors: no service, no direction, two services', async () => {
    expect(await run(['promote', '--from', 'dev'], bufferIo(sb.env, sb.dir))).toBe(2);
    expect(await run(['promote', 'ledger'], bufferIo(sb.env, sb.dir))).toBe(2);
    expect(await run(['promote', 'a', 'b', '--to', 'staging'], bufferIo(sb.env, sb.dir))).toBe(2);
  });
});
