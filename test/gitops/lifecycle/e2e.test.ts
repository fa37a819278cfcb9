import * as fs from 'fs';
import { bufferIo, createSandbox, digestImage, example, RecordingPullRequests, Sandbox } from './sandbox';
import { run } from '../../../src/cli/main';
import { deregisterWorkload, LifecycleResult, promoteImage, proposeImage, registerWorkload } from '../../../src/gitops/lifecycle';

// Issue 5 "Done when": from a clean clone, register two workloads, propose an image for one in dev,
// promote it to staging with a digest, deregister the other. After each step synth --check passes on the
// branch and after merging, and the branch / commit / pull-request text is asserted.
describe('lifecycle end to end against a bare remote', () => {
  let sb: Sandbox;
  const prs = new RecordingPullRequests();
  const tenant = 'https://github.com/acme/payments-api.git';
  beforeAll(async () => { sb = await createSandbox(); });
  afterAll(() => sb.cleanup());

  async function landed(result: LifecycleResult): Promise<void> {
    expect(result.changed).toBe(true);
    expect(result.pushed).toBe(true);
    expect(sb.refs()[`refs/heads/${result.branch}`]).toBe(result.commit);
    // The branch's deploy/ is current, and the commit is one commit on top of main.
    const branchClone = sb.clone(result.branch);
    const io = bufferIo(sb.env, branchClone);
    expect(await run(['synth', '--check', '--repo', branchClone], io)).toBe(0); // the real `zave synth --check`
    expect(await sb.synthCheck(branchClone)).toEqual([]);
    expect(sb.git(branchClone, 'rev-parse', 'HEAD^')).toBe(sb.refs()['refs/heads/main']);
    expect(sb.git(branchClone, 'log', '-1', '--format=%B')).toBe(result.commitMessage!.trim());
    expect(await sb.merge(result.branch)).toBe(true);
    expect(await sb.synthCheck(sb.clone('main'))).toEqual([]);
  }

  it('register, propose, promote, deregister', async () => {
    const common = { gitops: sb.remote, env: sb.env, pullRequests: prs };

    const reg1 = await registerWorkload({ ...common, contractPath: example('payments-api'), repository: tenant });
    expect(reg1.branch).toBe('zave/register-payments-api');
    expect(reg1.title).toBe('Register payments-api');
    expect(reg1.commitMessage).toContain('Zave-Verb: register\nZave-Service: payments-api\n');
    expect(reg1.body).toContain('owned by https://github.com/acme/payments-api.git');
    expect(sb.show(reg1.branch, 'workloads/payments-api/zave.yaml')).toBe(fs.readFileSync(example('payments-api'), 'utf8'));
    expect(sb.show(reg1.branch, 'workloads/payments-api/registration.yaml')).toBe(
      '---\napiVersion: zave.dev/v1\nkind: Registration\nrepository: https://github.com/acme/payments-api.git\nservice: payments-api\n');
    expect(prs.requests[0]).toEqual({ head: 'zave/register-payments-api', base: 'main', title: 'Register payments-api', body: reg1.body });
    await landed(reg1);

    const reg2 = await registerWorkload({ ...common, contractPath: example('ledger-internal'), repository: 'https://github.com/acme/ledger.git' });
    expect(reg2.branch).toBe('zave/register-ledger');
    await landed(reg2);

    // Re-registering the same contract is a no-op: no commit, no branch update, no pull request.
    const before = sb.refs();
    const again = await registerWorkload({ ...common, contractPath: example('payments-api'), repository: tenant });
    expect(again.changed).toBe(false);
    expect(again.summary).toMatch(/already registered with this exact contract/);
    expect(sb.refs()).toEqual(before);
    expect(prs.requests).toHaveLength(2);

    const ledgerDev = await proposeImage({ ...common, service: 'ledger', image: 'ghcr.io/acme/ledger:2.0.0' });
    await landed(ledgerDev);

    const dev = await proposeImage({ ...common, service: 'payments-api', image: digestImage('payments-api', 'a') });
    expect(dev.branch).toBe('zave/propose-payments-api-dev');
    expect(dev.environment).toBe('dev');
    expect(dev.images).toEqual([{ environment: 'dev', to: digestImage('payments-api', 'a') }]);
    expect(dev.changes.map((c) => c.environment)).toEqual(['dev']);
    expect(dev.changes[0].added.length).toBeGreaterThan(0);
    expect(dev.commitMessage).toContain(`Zave-Verb: propose\nZave-Service: payments-api\nZave-Environment: dev\nZave-Image: ${digestImage('payments-api', 'a')}\n`);
    expect(dev.body).toContain(`| dev | _none_ | \`${digestImage('payments-api', 'a')}\` |`);
    // Each service's release: the exact image, the contract revision it runs, and the platform version.
    const devState = sb.show(dev.branch, 'environments/dev.yaml')!;
    expect(devState).toMatch(/^---\n# Promotion state, written by zave verbs/);
    expect(devState).toContain('releases:\n  ledger:\n    contract: sha256:');
    expect(devState).toContain('    image: ghcr.io/acme/ledger:2.0.0\n');
    expect(devState).toMatch(new RegExp(`  payments-api:\\n    contract: sha256:[0-9a-f]{64}\\n    image: ${digestImage('payments-api', 'a').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n    platform: \\d+\\.\\d+\\.\\d+\\n`));
    await landed(dev);

    const staging = await promoteImage({ ...common, service: 'payments-api', from: 'dev', to: 'staging' });
    expect(staging.branch).toBe('zave/promote-payments-api-staging');
    expect(staging.title).toBe('Promote payments-api sha256:aaaaaaaaaaaa from dev to staging');
    expect(staging.images).toEqual([{ environment: 'staging', to: digestImage('payments-api', 'a') }]);
    expect(staging.changes.map((c) => c.environment)).toEqual(['staging']);
    expect(staging.commitMessage).toContain('Zave-Verb: promote\nZave-Service: payments-api\nZave-Environment: staging\n');
    expect(sb.show(staging.branch, 'environments/staging.yaml')).toContain('  payments-api:\n    contract: sha256:');
    expect(sb.show(staging.branch, 'environments/staging.yaml')).toContain(`    image: ${digestImage('payments-api', 'a')}\n`);
    await landed(staging);

    const gone = await deregisterWorkload({ ...common, service: 'ledger' });
    expect(gone.branch).toBe('zave/deregister-ledger');
    expect(gone.images).toEqual([{ environment: 'dev', from: 'ghcr.io/acme/ledger:2.0.0' }]);
    expect(gone.changes).toHaveLength(1);
    expect(gone.changes[0].removed.length).toBeGreaterThan(0);
    expect(gone.body).toContain('removed `');
    expect(sb.show(gone.branch, 'workloads/ledger/zave.yaml')).toBeUndefined();
    // Its release goes; its data is retained (recorded in Git), so only its Namespace stays rendered.
    expect(sb.show(gone.branch, 'environments/dev.yaml')).not.toContain('  ledger:\n    contract');
    expect(sb.show(gone.branch, 'environments/dev.yaml')).toContain('retained:\n  ledger:\n    database: false\n');
    await landed(gone);
    const main = sb.clone('main');
    expect(sb.git(main, 'ls-files', 'deploy').split('\n').filter((f) => f.includes('ledger'))).toEqual(['deploy/dev/ledger.namespace.yaml']);

    expect(prs.requests.map((r) => r.head)).toEqual([
      'zave/register-payments-api', 'zave/register-ledger', 'zave/propose-ledger-dev', 'zave/propose-payments-api-dev',
      'zave/promote-payments-api-staging', 'zave/deregister-ledger',
    ]);
    // The pull-request text of the promotion: sections in order, every rendered change listed, trailers last.
    const body = staging.body!;
    const sections = ['## Promote payments-api', '### Image', '| staging | _none_ |', '### What changes in the clusters', '**staging**:', '### How to review', 'zave synth --check', '<sub>Proposed by zave.'];
    const positions = sections.map((s) => body.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const ref of staging.changes[0].added) expect(body).toContain(`- added \`${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}\``);
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamps
  });
});
