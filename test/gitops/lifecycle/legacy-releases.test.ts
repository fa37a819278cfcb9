import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createSandbox, digestImage, example, Sandbox, setProcessEnv } from './sandbox';
import { ensureEmbeddedGitOps } from '../../../src/gitops/embedded';
import { promoteImage, proposeImage, registerWorkload } from '../../../src/gitops/lifecycle';
import { runSynth } from '../../../src/gitops/lifecycle/synth-adapter';

/**
 * Promotion state in the format before 0.1 (`images:`, releases that follow the registered head and
 * the running zave): a verb pins the releases of the files it edits, and of every environment when it
 * moves the head; the other files are copied as they are.
 */
describe('promotion state before 0.1: what a verb pins', () => {
  let sb: Sandbox;
  let dir: string;
  let restoreEnv: () => void;
  const ledger = fs.readFileSync(example('ledger-internal'), 'utf8');
  const legacy = (env: string, image: string) => `apiVersion: zave.dev/v1\nkind: EnvironmentState\nenvironment: ${env}\nimages:\n  ledger: ${image}\n`;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const changed = (from: string, to: string) => sb.git(dir, 'diff', '--name-only', `${from}...${to}`).split('\n').filter(Boolean);

  beforeEach(async () => {
    sb = await createSandbox();
    restoreEnv = setProcessEnv(sb.env);
    ({ dir } = await ensureEmbeddedGitOps(path.join(sb.dir, 'ops')));
    const merge = (branch: string) => sb.git(dir, 'merge', '-q', '--no-ff', '-m', `merge ${branch}`, branch);
    merge((await registerWorkload({ gitops: dir, env: sb.env, contractText: ledger, repository: dir })).branch);
    // dev and staging as a repository of zave before 0.1 has them, rendered by synth.
    fs.writeFileSync(path.join(dir, 'environments', 'dev.yaml'), legacy('dev', digestImage('ledger', '1')));
    fs.writeFileSync(path.join(dir, 'environments', 'staging.yaml'), legacy('staging', digestImage('ledger', '1')));
    await runSynth(dir, false);
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '-m', 'promotion state before 0.1');
    expect(sb.git(dir, 'show', 'main:deploy/staging/ledger.yaml')).toContain('kind: Deployment');
  });
  afterEach(() => {
    restoreEnv();
    sb.cleanup();
  });

  it('an image proposed to dev pins dev only; staging is copied as it is', async () => {
    const r = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '2'), environment: 'dev' });
    const revision = `workloads/ledger/revisions/${sha256(ledger)}.yaml`;
    expect(changed('main', r.branch)).toEqual(['deploy/dev/ledger.yaml', 'environments/dev.yaml', revision]);
    expect(r.body).toContain('This change also pins every release in dev to the contract revision');
    const dev = sb.git(dir, 'show', `${r.branch}:environments/dev.yaml`);
    expect(dev).toContain(`releases:\n  ledger:\n    contract: sha256:${sha256(ledger)}\n    image: ${digestImage('ledger', '2')}\n    platform: `);
    expect(sb.git(dir, 'show', `${r.branch}:environments/staging.yaml`)).toBe(legacy('staging', digestImage('ledger', '1')).trimEnd());
  });

  it('a promotion pins the two environments it reads and edits the second', async () => {
    const r = await promoteImage({ gitops: dir, env: sb.env, service: 'ledger', from: 'dev', to: 'staging' });
    expect(r.body).toContain('This change also pins every release in dev, staging to the contract revision');
    expect(changed('main', r.branch)).toEqual(['environments/dev.yaml', 'environments/staging.yaml', `workloads/ledger/revisions/${sha256(ledger)}.yaml`]);
    // What runs does not change: the same release, now pinned, renders the same bytes.
    expect(sb.git(dir, 'show', `${r.branch}:environments/staging.yaml`)).toContain('contract: sha256:');
  });

  it('a contract that moves the head pins every environment first; the same contract again moves nothing', async () => {
    const moved = `${ledger}size: large\n`.replace('size: medium\n', '');
    const p = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', contractText: moved, repository: dir, environment: 'dev' });
    expect(p.body).toContain('This change also pins every release in dev, staging to the contract revision');
    expect(changed('main', p.branch)).toEqual(expect.arrayContaining(['environments/dev.yaml', 'environments/staging.yaml', 'workloads/ledger/zave.yaml']));
    // staging keeps the revision it ran (the old head), pinned.
    const staging = sb.git(dir, 'show', `${p.branch}:environments/staging.yaml`);
    const dev = sb.git(dir, 'show', `${p.branch}:environments/dev.yaml`);
    const revision = (text: string) => /contract: sha256:([0-9a-f]{64})/.exec(text)![1];
    expect(sb.git(dir, 'show', `${p.branch}:workloads/ledger/revisions/${revision(staging)}.yaml`)).toBe(ledger.trimEnd());
    expect(revision(dev)).not.toBe(revision(staging));

    const update = await registerWorkload({ gitops: dir, env: sb.env, contractText: moved, repository: dir });
    expect(update.body).toContain('This change also pins every release in dev, staging');
    expect(changed('main', update.branch)).toEqual(expect.arrayContaining(['environments/dev.yaml', 'environments/staging.yaml', 'workloads/ledger/zave.yaml']));
    const same = await registerWorkload({ gitops: dir, env: sb.env, contractText: ledger, repository: dir });
    expect(same.changed).toBe(false);
  });

  it('registering a new service reads no promotion state and pins nothing', async () => {
    const r = await registerWorkload({ gitops: dir, env: sb.env, contractText: fs.readFileSync(example('email-worker')), repository: dir });
    expect(changed('main', r.branch)).toEqual(['workloads/email-worker/registration.yaml', 'workloads/email-worker/zave.yaml']);
    expect(r.body).not.toContain('pins every release');
  });
});
