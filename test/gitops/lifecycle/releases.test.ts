import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createSandbox, digestImage, example, RecordingPullRequests, Sandbox } from './sandbox';
import { LifecycleResult, promoteImage, proposeImage, registerWorkload, rollbackRelease } from '../../../src/gitops/lifecycle';
import { FleetStatus, StatusFormat } from '../../../src/status';

/** sha256 of every file below deploy/<env> of a checkout: the bytes an environment runs. */
function envHash(dir: string, env: string): string {
  const h = createHash('sha256');
  const root = path.join(dir, 'deploy', env);
  for (const name of fs.readdirSync(root).sort()) h.update(name).update('\0').update(fs.readFileSync(path.join(root, name))).update('\0');
  return h.digest('hex');
}

// Issue 12 "Done when": a contract change travels through the environments as a release, pinned,
// reviewable and reversible, and zave status passes all four criteria at every step.
describe('releases: every change that alters what runs travels through the environments', () => {
  let sb: Sandbox;
  const prs = new RecordingPullRequests();
  const tenant = 'https://github.com/acme/payments-api.git';
  beforeAll(async () => { sb = await createSandbox(); });
  afterAll(() => sb.cleanup());

  async function land(r: LifecycleResult): Promise<string> {
    expect(r.changed).toBe(true);
    expect(await sb.merge(r.branch)).toBe(true);
    const main = sb.clone('main');
    expect(await sb.synthCheck(main)).toEqual([]);
    const status = await FleetStatus.measure({ gitopsDir: main });
    expect(status.criteria.filter((c) => c.id === 'gitops-authority').map((c) => [c.status, c.offenders])).toEqual([['pass', []]]);
    // None of the four criteria fails at any step (those that need tenant repositories are unmeasured here).
    expect(status.criteria.filter((c) => c.status === 'fail').map((c) => [c.id, c.offenders])).toEqual([]);
    expect(status.criteria).toHaveLength(4);
    return main;
  }

  it('register → image to dev → promote to staging and prod → contract to dev only → promote → rollback', async () => {
    const common = { gitops: sb.remote, env: sb.env, pullRequests: prs };
    const base = fs.readFileSync(example('payments-api'), 'utf8').replace(/^database: .*\n/m, '');
    const withoutDb = `${base}database: none\n`;
    await land(await registerWorkload({ ...common, contractText: withoutDb, repository: tenant }));
    await land(await proposeImage({ ...common, service: 'payments-api', image: 'ghcr.io/acme/payments-api:1.0.0' }));
    await land(await proposeImage({ ...common, service: 'payments-api', image: digestImage('payments-api', 'a'), environment: 'dev' }));
    await land(await promoteImage({ ...common, service: 'payments-api', from: 'dev', to: 'staging' }));
    let main = await land(await promoteImage({ ...common, service: 'payments-api', from: 'staging', to: 'prod' }));
    const staged = fs.readFileSync(path.join(main, 'environments/staging.yaml'), 'utf8');
    const revision1 = /contract: (sha256:[0-9a-f]{64})/.exec(staged)![1];
    expect(staged).toMatch(/platform: \d+\.\d+\.\d+/);
    expect(sb.show('main', `workloads/payments-api/revisions/${revision1.slice(7)}.yaml`)).toBe(withoutDb);
    const before = { staging: envHash(main, 'staging'), prod: envHash(main, 'prod') };
    expect(fs.readFileSync(path.join(main, 'deploy/staging/payments-api.yaml'), 'utf8')).not.toContain('kind: Cluster');

    // The tenant adds a database: until its CI proposes it, zave status shows the drift.
    const withDb = `${base}database: postgres\n`;
    const tenantDir = path.join(sb.dir, 'tenant-payments-api');
    fs.mkdirSync(tenantDir);
    fs.writeFileSync(path.join(tenantDir, 'zave.yaml'), withDb);
    const drifting = await FleetStatus.measure({ gitopsDir: main, repoDirs: [tenantDir] });
    const w = drifting.workloads.find((x) => x.service === 'payments-api')!;
    expect(w.contractDrift).toMatch(/^tenant-payments-api\/zave.yaml \(sha256:[0-9a-f]{12}\) differs from the registered head workloads\/payments-api\/zave.yaml/);
    expect(w.releases.map((r) => [r.environment, r.contract, r.platform])).toEqual([['dev', revision1, expect.any(String)], ['prod', revision1, expect.any(String)], ['staging', revision1, expect.any(String)]]);

    // The contract is proposed to dev, and only dev changes.
    const proposal = await proposeImage({ ...common, service: 'payments-api', contractText: withDb, repository: tenant, environment: 'dev' });
    expect(proposal.title).toMatch(/^Deploy payments-api contract [0-9a-f]{12} to dev$/);
    expect(proposal.body).toContain('### Contract');
    expect(proposal.body).toContain('- database: none → postgres');
    expect(proposal.body!.indexOf('### Contract')).toBeLessThan(proposal.body!.indexOf('### What changes in the clusters'));
    expect(proposal.changes.map((c) => c.environment)).toEqual(['dev']);
    expect(proposal.changes[0].added.map((o) => o.kind)).toContain('Cluster');
    process.stdout.write(`\n--- contract proposal PR text ---\n${proposal.body}\n`);
    main = await land(proposal);
    expect(envHash(main, 'staging')).toBe(before.staging);
    expect(envHash(main, 'prod')).toBe(before.prod);
    expect(fs.readFileSync(path.join(main, 'deploy/dev/payments-api.yaml'), 'utf8')).toContain('kind: Cluster');
    expect(sb.show('main', 'workloads/payments-api/zave.yaml')).toBe(withDb);
    const after = await FleetStatus.measure({ gitopsDir: main, repoDirs: [tenantDir] });
    expect(after.workloads.find((x) => x.service === 'payments-api')!.contractDrift).toBeUndefined();
    expect(FleetStatus.render(after, StatusFormat.TABLE)).toMatch(/contract revisions: payments-api runs dev [0-9a-f]{12} @\S+, prod [0-9a-f]{12} @\S+, staging [0-9a-f]{12}/);

    // A contract from another repository is refused.
    await expect(proposeImage({ ...common, service: 'payments-api', contractText: withDb.replace('size: ', 'size: ') + '', repository: 'https://github.com/mallory/x.git', environment: 'dev' }))
      .rejects.toThrow(/owned by https:\/\/github.com\/acme\/payments-api.git/);

    // Promotion carries the whole release: staging gets the Cluster.
    const promoted = await promoteImage({ ...common, service: 'payments-api', from: 'dev', to: 'staging' });
    expect(promoted.body).toContain('- database: none → postgres');
    main = await land(promoted);
    expect(fs.readFileSync(path.join(main, 'deploy/staging/payments-api.yaml'), 'utf8')).toContain('kind: Cluster');
    expect(envHash(main, 'prod')).toBe(before.prod);

    // Rollback: staging returns byte for byte to the release before the contract change.
    const rollback = await rollbackRelease({ ...common, service: 'payments-api', environment: 'staging' });
    expect(rollback.branch).toBe('zave/rollback-payments-api-staging');
    expect(rollback.body).toContain('- database: postgres → none');
    process.stdout.write(`\n--- rollback PR text ---\n${rollback.body}\n`);
    main = await land(rollback);
    expect(envHash(main, 'staging')).toBe(before.staging);
    expect(envHash(main, 'prod')).toBe(before.prod);

    // A `git revert` of the rollback's merge is a Git change with provenance: status still passes criterion 3.
    const work = sb.clone('main');
    sb.git(work, 'revert', '--no-edit', '-m', '1', 'HEAD');
    sb.git(work, 'push', '-q', 'origin', 'main');
    const reverted = sb.clone('main');
    expect(fs.readFileSync(path.join(reverted, 'deploy/staging/payments-api.yaml'), 'utf8')).toContain('kind: Cluster');
    const status = await FleetStatus.measure({ gitopsDir: reverted });
    expect(status.criteria.find((c) => c.id === 'gitops-authority')).toMatchObject({ status: 'pass', offenders: [] });
  });
});
