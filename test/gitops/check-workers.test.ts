import * as fs from 'fs';
import * as path from 'path';
import { addSyntheticWorkloads, cleanup, exampleRepo } from './fixture';
import { synthesize } from '../../src/gitops/synth/synthesize';

const workerOptions = {
  workers: 1,
  tsWorker: true,
  workerScript: path.join(__dirname, '..', '..', 'src', 'gitops', 'synth', 'render-worker.ts'),
} as const;

describe('synth --check on worker threads finds exactly what it finds in one thread', () => {
  let dir: string;
  beforeAll(async () => {
    dir = exampleRepo();
    // Enough workloads that the environment-level compare yields to the event loop several times while the worker renders.
    addSyntheticWorkloads(dir, 120);
    expect((await synthesize({ repoDir: dir, workers: 0 })).ok).toBe(true);
  }, 60_000);
  afterAll(() => cleanup(dir));

  test('an up-to-date deploy/ passes, then hand edits, a missing, an extra and a changed Argo CD file are all reported', async () => {
    const clean = await synthesize({ repoDir: dir, check: true, ...workerOptions });
    expect(clean).toMatchObject({ ok: true, mode: 'check', differences: [] });
    expect(clean.rendered).toBe(360);

    const deploy = path.join(dir, 'deploy');
    fs.appendFileSync(path.join(deploy, 'dev', 'svc-0003.yaml'), '# hand edit\n');
    fs.rmSync(path.join(deploy, 'prod', 'svc-0100.namespace.yaml'));
    fs.writeFileSync(path.join(deploy, 'staging', 'stray.yaml'), 'kind: ConfigMap\n');
    const argo = path.join(deploy, 'applications', 'prod', 'application-svc-0119.prod.yaml');
    fs.writeFileSync(argo, fs.readFileSync(argo, 'utf8').replace('prune: true', 'prune: false'));

    const inWorkers = await synthesize({ repoDir: dir, check: true, ...workerOptions });
    const inProcess = await synthesize({ repoDir: dir, check: true, workers: 0 });
    expect(inWorkers.differences).toEqual([
      { path: 'deploy/applications/prod/application-svc-0119.prod.yaml', change: 'changed' },
      { path: 'deploy/dev/svc-0003.yaml', change: 'changed' },
      { path: 'deploy/prod/svc-0100.namespace.yaml', change: 'missing' },
      { path: 'deploy/staging/stray.yaml', change: 'extra' },
    ]);
    expect(inProcess).toEqual(inWorkers);
    expect(inWorkers.ok).toBe(false);
  }, 60_000);
});
