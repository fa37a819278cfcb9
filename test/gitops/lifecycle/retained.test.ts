import * as fs from 'fs';
import * as path from 'path';
import { bufferIo, createSandbox, digestImage, example, RecordingPullRequests, Sandbox } from './sandbox';
import { run } from '../../../src/cli/main';
import { deleteRetainedData, deregisterWorkload, LifecycleResult, promoteImage, proposeImage, registerWorkload } from '../../../src/gitops/lifecycle';
import { runSynth } from '../../../src/gitops/lifecycle/synth-adapter';

// Issue 13, item 3: retirement is two-phase. Deregistration removes the workload and records the data it
// leaves (Namespace, database Cluster, volumes) in Git; only a second, explicit change deletes it.
describe('attack: deregistration deleting data (two-phase retirement)', () => {
  let sb: Sandbox;
  const prs = new RecordingPullRequests();
  const owner = 'https://github.com/acme/email-worker.git';
  const common = () => ({ gitops: sb.remote, env: sb.env, pullRequests: prs });
  const deployFiles = (ref: string) => sb.git(sb.remote, 'ls-tree', '-r', '--name-only', ref, 'deploy').split('\n').filter((f) => f.includes('email-worker'));

  /** The verb's commit equals what `zave synth` renders from it (byte for byte), then it is merged. */
  async function sameAsSynthThenMerge(result: LifecycleResult): Promise<void> {
    expect(result.changed).toBe(true);
    const clone = sb.clone(result.branch);
    expect(await run(['synth', '--check', '--repo', clone], bufferIo(sb.env, clone))).toBe(0);
    await runSynth(clone, false);
    expect(sb.git(clone, 'status', '--porcelain')).toBe('');
    expect(await sb.merge(result.branch)).toBe(true);
  }

  beforeAll(async () => {
    sb = await createSandbox();
    await sameAsSynthThenMerge(await registerWorkload({ ...common(), contractPath: example('email-worker'), repository: owner }));
    await sameAsSynthThenMerge(await proposeImage({ ...common(), service: 'email-worker', image: digestImage('email-worker', 'a') }));
    await sameAsSynthThenMerge(await promoteImage({ ...common(), service: 'email-worker', from: 'dev', to: 'staging' }));
  });
  afterAll(() => sb.cleanup());

  it('--delete-data is refused while the service is registered (still-registered, exit 1); nothing is written', async () => {
    const before = sb.refs();
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['deregister', 'email-worker', '--delete-data', '--gitops', sb.remote], io)).toBe(1);
    expect(io.stderr).toContain('error [still-registered] service "email-worker" is registered (workloads/email-worker/zave.yaml)');
    expect(io.stderr).toContain('Deregister it first (zave deregister email-worker)');
    expect(sb.refs()).toEqual(before);
    expect(await run(['deregister', 'email-worker', '--env', 'dev', '--gitops', sb.remote], bufferIo(sb.env, sb.dir))).toBe(2); // --env needs --delete-data
  });

  it('deregister records the retained data per environment and keeps only the Namespace rendered (verb output = zave synth output)', async () => {
    const gone = await deregisterWorkload({ ...common(), service: 'email-worker' });
    expect(gone.branch).toBe('zave/deregister-email-worker');
    expect(sb.show(gone.branch, 'environments/dev.yaml')).toContain('retained:\n  email-worker:\n    database: true\n');
    expect(sb.show(gone.branch, 'environments/staging.yaml')).toContain('retained:\n  email-worker:\n    database: true\n');
    expect(sb.show(gone.branch, 'environments/prod.yaml')).not.toContain('email-worker'); // it never ran there
    expect(sb.show(gone.branch, 'environments/dev.yaml')).not.toContain('releases:\n  email-worker');
    // The Deployment and the Cluster go with the workload file; the Namespace file stays, marked retained.
    expect(deployFiles(gone.branch)).toEqual(['deploy/dev/email-worker.namespace.yaml', 'deploy/staging/email-worker.namespace.yaml']);
    const ns = sb.show(gone.branch, 'deploy/staging/email-worker.namespace.yaml')!;
    expect(ns).toContain('zave.dev/retained: "true"');
    expect(ns).toContain('argocd.argoproj.io/sync-options: Prune=confirm,Delete=false');
    const staging = gone.changes.find((c) => c.environment === 'staging')!;
    expect(staging.removed.map((r) => `${r.kind} ${r.name}`)).toEqual(expect.arrayContaining(['Deployment email-worker', 'Cluster email-worker-db', 'Application email-worker.staging']));
    expect(staging.removed.map((r) => r.kind)).not.toContain('Namespace');
    expect(staging.changed.map((r) => `${r.kind} ${r.name}`)).toEqual(['Namespace email-worker']);
    // The PR says what is retained, where, and how to delete it.
    expect(gone.body).toContain('Retained (not deleted), per environment: dev (cluster dev): `Cluster email-worker/email-worker-db`, `Namespace email-worker`, `PersistentVolumeClaim email-worker/email-worker-db-1`; staging (cluster staging):');
    expect(gone.body).toContain('`zave deregister email-worker --delete-data`');
    expect(gone.body).toContain('Delete=false keeps them and their data in the cluster');
    await sameAsSynthThenMerge(gone);
  });

  it('zave status lists the retained data per environment (json, table and the fleet page)', async () => {
    const main = sb.clone('main');
    const json = bufferIo(sb.env, main);
    await run(['status', '--gitops', main, '--format', 'json'], json);
    const report = JSON.parse(json.stdout) as { retained: Array<{ environment: string; cluster: string; workloads: Array<{ service: string; objects: string[] }> }> };
    expect(report.retained.map((e) => [e.environment, e.workloads.map((w) => w.service)])).toEqual([['dev', ['email-worker']], ['staging', ['email-worker']]]);
    expect(report.retained[1].workloads[0].objects).toEqual(['Cluster email-worker/email-worker-db', 'Namespace email-worker', 'PersistentVolumeClaim email-worker/email-worker-db-1', 'PersistentVolumeClaim email-worker/email-worker-db-2']);
    const table = bufferIo(sb.env, main);
    await run(['status', '--gitops', main], table);
    expect(table.stdout).toContain('Retained data in staging (cluster staging):\n  email-worker  Cluster email-worker/email-worker-db, Namespace email-worker, PersistentVolumeClaim email-worker/email-worker-db-1, PersistentVolumeClaim email-worker/email-worker-db-2\n');
    expect(table.stdout).toContain('zave deregister <service> --delete-data');
    const page = path.join(sb.dir, 'retained-page.html');
    // Exit 1 as for the json report: without --repos, criteria 2 and 4 are unmeasured.
    expect(await run(['status', '--gitops', main, '--format', 'html', '--output', page], bufferIo(sb.env, main))).toBe(1);
    const html = fs.readFileSync(page, 'utf8');
    expect(html).toContain('<h2 id="h-retained">Retained data (2)</h2>');
    expect(html).toContain('<tr data-env="staging" data-service="email-worker"><td>staging</td><td>staging</td><th scope="row">email-worker</th><td><code>Cluster email-worker/email-worker-db</code>, <code>Namespace email-worker</code>, <code>PersistentVolumeClaim email-worker/email-worker-db-1</code>, <code>PersistentVolumeClaim email-worker/email-worker-db-2</code></td></tr>');
    expect(html).toContain('<a href="#retained">Retained data</a>');
  });

  it('registering again keeps the Namespace rendered; a release takes the retained data back in its own commit', async () => {
    const again = await registerWorkload({ ...common(), contractPath: example('email-worker'), repository: owner });
    expect(sb.show(again.branch, 'environments/dev.yaml')).toContain('retained:\n  email-worker:');
    expect(again.changes).toEqual([]); // no rendered object changes: the Namespace never leaves Git
    await sameAsSynthThenMerge(again);
    const dev = await proposeImage({ ...common(), service: 'email-worker', image: digestImage('email-worker', 'b') });
    expect(sb.show(dev.branch, 'environments/dev.yaml')).not.toContain('retained:');
    expect(sb.show(dev.branch, 'environments/staging.yaml')).toContain('retained:\n  email-worker:'); // not released there yet
    expect(dev.changes[0].added.map((r) => r.kind)).toContain('Cluster');
    await sameAsSynthThenMerge(dev);
    await sameAsSynthThenMerge(await deregisterWorkload({ ...common(), service: 'email-worker' }));
    expect(sb.show('main', 'environments/dev.yaml')).toContain('retained:\n  email-worker:\n    database: true\n');
  });

  it('--dry-run of --delete-data writes nothing and shows the change', async () => {
    const before = sb.refs();
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['deregister', 'email-worker', '--delete-data', '--dry-run', '--gitops', sb.remote], io)).toBe(0);
    expect(io.stdout).toContain('dry run: nothing was written');
    expect(io.stdout).toContain('  remove deploy/dev/email-worker.namespace.yaml\n');
    expect(io.stdout).toContain('  remove deploy/staging/email-worker.namespace.yaml\n');
    expect(sb.refs()).toEqual(before);
    expect(prs.requests.map((r) => r.head)).not.toContain('zave/delete-data-email-worker');
  });

  it('--delete-data --env staging removes only that entry, on its own branch; the PR names what goes and that Argo CD asks first', async () => {
    const r = await deleteRetainedData({ ...common(), service: 'email-worker', environments: ['staging'] });
    expect(r.branch).toBe('zave/delete-data-email-worker-staging');
    expect(r.title).toBe('Delete the retained data of email-worker in staging');
    expect(r.commitMessage).toContain('Zave-Verb: delete-data\nZave-Service: email-worker\n');
    expect(sb.show(r.branch, 'environments/staging.yaml')).not.toContain('email-worker');
    expect(sb.show(r.branch, 'environments/dev.yaml')).toContain('retained:\n  email-worker:');
    expect(deployFiles(r.branch)).toEqual(['deploy/dev/email-worker.namespace.yaml']);
    expect(r.changes).toEqual([{ environment: 'staging', added: [], changed: [], removed: [expect.objectContaining({ kind: 'Namespace', name: 'email-worker' })] }]);
    expect(r.body).toContain('Take a backup first. Deleted per environment: staging (cluster staging): `Cluster email-worker/email-worker-db`, `Namespace email-worker`, `PersistentVolumeClaim email-worker/email-worker-db-1`, `PersistentVolumeClaim email-worker/email-worker-db-2`');
    expect(r.body).toContain('Argo CD asks for prune confirmation (Prune=confirm) in `zave.staging.namespaces` before it deletes the Namespace');
    expect(prs.requests[prs.requests.length - 1].head).toBe('zave/delete-data-email-worker-staging');
    await sameAsSynthThenMerge(r);
  });

  it('--delete-data (every environment) removes the rest; then nothing is retained and a second run is a no-op (exit 0)', async () => {
    const r = await deleteRetainedData({ ...common(), service: 'email-worker' });
    expect(r.branch).toBe('zave/delete-data-email-worker');
    expect(r.changes.map((c) => c.environment)).toEqual(['dev']);
    await sameAsSynthThenMerge(r);
    expect(deployFiles('main')).toEqual([]);
    const main = sb.clone('main');
    for (const env of ['dev', 'staging', 'prod']) expect(fs.readFileSync(path.join(main, 'environments', `${env}.yaml`), 'utf8')).not.toContain('email-worker');
    const io = bufferIo(sb.env, sb.dir);
    expect(await run(['deregister', 'email-worker', '--delete-data', '--gitops', sb.remote], io)).toBe(0);
    expect(io.stdout).toBe('unchanged: email-worker retains no data; nothing to delete\n');
    const unknownEnv = bufferIo(sb.env, sb.dir);
    expect(await run(['deregister', 'email-worker', '--delete-data', '--env', 'qa', '--gitops', sb.remote], unknownEnv)).toBe(1);
    expect(unknownEnv.stderr).toContain('error [unknown-environment] unknown environment "qa"');
  });
});
