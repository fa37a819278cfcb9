import * as fs from 'fs';
import * as path from 'path';
import { cleanup, digestImage, exampleRepo, hashTree } from './fixture';
import { DEPLOY_HEADER } from '../../src/gitops/synth/manifest-file';
import { synthesize } from '../../src/gitops/synth/synthesize';

// The real module objects: spies on them are seen by the code under test.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof import('fs') = require('fs');

const SERVICES = ['email-worker', 'ledger', 'legacy-gateway', 'nightly-report', 'payments-api'];
const ENVS = ['dev', 'staging', 'prod'];

let baseline: { dir: string; hashes: Record<string, string> };

beforeAll(async () => {
  const dir = exampleRepo();
  const result = await synthesize({ repoDir: dir, workers: 0 });
  expect(result.issues).toEqual([]);
  baseline = { dir, hashes: hashTree(dir) };
});

afterAll(() => cleanup(baseline.dir));

afterEach(() => jest.restoreAllMocks());

describe('synth of the five example contracts in dev, staging and prod', () => {
  test('writes one multi-document file per workload, a kustomization per environment, Argo CD objects and nothing outside deploy/', () => {
    const files = Object.keys(baseline.hashes);
    for (const env of ENVS) {
      expect(files).toContain(`deploy/${env}/kustomization.yaml`);
      expect(files).toContain(`deploy/bootstrap/${env}.yaml`);
      expect(files).toContain(`deploy/applications/${env}/kustomization.yaml`);
      expect(files).toContain(`deploy/applications/${env}/appproject-zave-${env}.yaml`);
      for (const s of SERVICES) {
        expect(files).toContain(`deploy/${env}/${s}.yaml`);
        expect(files).toContain(`deploy/${env}/${s}.namespace.yaml`);
        expect(files).toContain(`deploy/applications/${env}/application-${s}.${env}.yaml`);
      }
    }
    expect(files.length).toBe(ENVS.length * (4 + 3 * SERVICES.length));
    for (const f of files.filter((p) => p.endsWith('.yaml'))) {
      expect(fs.readFileSync(path.join(baseline.dir, f), 'utf8')).toMatch(new RegExp(`^${DEPLOY_HEADER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n---\n`));
    }
    // Every object of a manifest file is preceded by a comment naming it, in the fixed kind order.
    const manifest = fs.readFileSync(path.join(baseline.dir, 'deploy/prod/payments-api.yaml'), 'utf8');
    const named = [...manifest.matchAll(/^---\n# (\S+) (\S+)\napiVersion: \S+\nkind: (\S+)\n/gm)];
    expect(named.length).toBe(manifest.split('\n---\n').length - 1);
    for (const m of named) expect(m[1]).toBe(m[3]);
    const kinds = named.map((m) => m[1]);
    expect(kinds).not.toContain('Namespace');
    expect(kinds.indexOf('ServiceAccount')).toBe(0);
    expect(kinds.indexOf('Deployment')).toBeGreaterThan(kinds.lastIndexOf('NetworkPolicy'));
    expect(kinds.indexOf('Ingress')).toBeGreaterThan(kinds.indexOf('Deployment'));
    expect(fs.readdirSync(baseline.dir).sort()).toEqual(['deploy', 'environments', 'platform.yaml', 'workloads']);
  });

  test('a second synth is a no-op and a forced full synth is byte-identical', async () => {
    const again = await synthesize({ repoDir: baseline.dir, workers: 0 });
    expect(again).toMatchObject({ ok: true, mode: 'no-op', rendered: 0, reused: 15, written: [] });
    expect(hashTree(baseline.dir)).toEqual(baseline.hashes);
    const forced = await synthesize({ repoDir: baseline.dir, force: true, workers: 0 });
    expect(forced).toMatchObject({ ok: true, mode: 'full', rendered: 15, removed: [] });
    expect(hashTree(baseline.dir)).toEqual(baseline.hashes);
    expect(fs.readdirSync(baseline.dir).sort()).toEqual(['deploy', 'environments', 'platform.yaml', 'workloads']);
    expect((await synthesize({ repoDir: baseline.dir, check: true, workers: 0 })).ok).toBe(true);
  });

  test('is byte-identical whatever the readdir order, time zone and locale', async () => {
    const dir = exampleRepo();
    const realReaddir = nodeFs.readdirSync;
    jest.spyOn(nodeFs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      const list = (realReaddir as (p: fs.PathLike, o?: unknown) => string[])(p, o);
      return [...list].reverse();
    }) as typeof fs.readdirSync);
    const saved = { TZ: process.env.TZ, LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
    process.env.TZ = 'Pacific/Chatham';
    process.env.LANG = process.env.LC_ALL = 'tr_TR.UTF-8';
    try {
      const result = await synthesize({ repoDir: dir, workers: 0 });
      expect(result.ok).toBe(true);
    } finally {
      Object.assign(process.env, saved);
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      jest.restoreAllMocks();
    }
    expect(hashTree(dir)).toEqual(baseline.hashes);
    cleanup(dir);
  });

  test('a registered workload without an image renders nothing in that environment and says so', async () => {
    const dir = exampleRepo();
    const stagingFile = path.join(dir, 'environments', 'staging.yaml');
    fs.writeFileSync(stagingFile, fs.readFileSync(stagingFile, 'utf8').replace(/^ {2}ledger:\n {4}image: .*\n/m, ''));
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.ok).toBe(true);
    expect(result.notes).toEqual(['staging: 1 registered workload has no image in environments/staging.yaml and renders nothing there: ledger']);
    expect(fs.existsSync(path.join(dir, 'deploy/staging/ledger.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'deploy/applications/staging/application-staging-ledger.yaml'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'deploy/staging/kustomization.yaml'), 'utf8')).not.toContain('ledger');
    expect(fs.existsSync(path.join(dir, 'deploy/prod/ledger.yaml'))).toBe(true);
    cleanup(dir);
  });
});

describe('no orphans', () => {
  test('removing a workload and an environment leaves nothing behind and equals a fresh synth', async () => {
    const dir = exampleRepo();
    expect((await synthesize({ repoDir: dir, workers: 0 })).ok).toBe(true);
    fs.rmSync(path.join(dir, 'workloads', 'ledger'), { recursive: true });
    for (const env of ENVS) {
      const f = path.join(dir, 'environments', `${env}.yaml`);
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^ {2}ledger:\n {4}image: .*\n/m, ''));
    }
    const platform = path.join(dir, 'platform.yaml');
    fs.writeFileSync(platform, fs.readFileSync(platform, 'utf8').replace(/ {2}- name: staging\n(?: {4}.*\n)+/, ''));
    fs.rmSync(path.join(dir, 'environments', 'staging.yaml'));
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result).toMatchObject({ ok: true, mode: 'incremental' });
    const files = Object.keys(hashTree(dir));
    expect(files.filter((f) => f.includes('ledger') || f.includes('staging'))).toEqual([]);
    expect(result.removed.filter((f) => !f.includes('/applications/'))).toEqual(expect.arrayContaining(['deploy/bootstrap/staging.yaml', 'deploy/dev/ledger.yaml', 'deploy/prod/ledger.yaml']));

    const fresh = path.join(dir, '..', `${path.basename(dir)}-fresh`);
    fs.cpSync(dir, fresh, { recursive: true });
    fs.rmSync(path.join(fresh, 'deploy'), { recursive: true });
    expect((await synthesize({ repoDir: fresh, workers: 0 })).mode).toBe('full');
    expect(hashTree(dir)).toEqual(hashTree(fresh));
    cleanup(dir);
    cleanup(fresh);
  });
});

describe('--check compares the actual bytes', () => {
  test('detects a hand edit, a missing file and an extra file even when the cache says current', async () => {
    const dir = exampleRepo();
    await synthesize({ repoDir: dir, workers: 0 });
    const edited = 'deploy/prod/payments-api.yaml';
    fs.appendFileSync(path.join(dir, edited), '# tweak\n');
    fs.rmSync(path.join(dir, 'deploy/bootstrap/dev.yaml'));
    fs.writeFileSync(path.join(dir, 'deploy/dev/configmap-extra.yaml'), 'kind: ConfigMap\n');
    const result = await synthesize({ repoDir: dir, check: true, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.differences).toEqual([
      { path: 'deploy/bootstrap/dev.yaml', change: 'missing' },
      { path: 'deploy/dev/configmap-extra.yaml', change: 'extra' },
      { path: edited, change: 'changed' },
    ]);
    expect(result.summary).toContain('changed (hand-edited or stale): 1');
    expect(result.summary).toContain(`    ${edited}`);
    // A normal synth repairs everything: the cache never hides a file whose bytes differ.
    await synthesize({ repoDir: dir, workers: 0 });
    expect((await synthesize({ repoDir: dir, check: true, workers: 0 })).ok).toBe(true);
    expect(hashTree(dir)).toEqual(baseline.hashes);
    cleanup(dir);
  });

  test('an incremental synth repairs a deleted workload file and removes an added one', async () => {
    const dir = exampleRepo();
    await synthesize({ repoDir: dir, workers: 0 });
    fs.rmSync(path.join(dir, 'deploy/dev/ledger.yaml'));
    fs.mkdirSync(path.join(dir, 'deploy/prod/ledger'));
    fs.writeFileSync(path.join(dir, 'deploy/prod/ledger/extra.yaml'), 'x: 1\n');
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result).toMatchObject({ ok: true, mode: 'incremental', rendered: 1, written: ['deploy/dev/ledger.yaml'], removed: ['deploy/prod/ledger/extra.yaml'] });
    expect(hashTree(dir)).toEqual(baseline.hashes);
    cleanup(dir);
  });
});

describe('images', () => {
  test('stale images in staging are reported as located errors and nothing is written', async () => {
    const dir = exampleRepo();
    fs.writeFileSync(path.join(dir, 'environments', 'staging.yaml'),
      `apiVersion: zave.dev/v1\nkind: EnvironmentState\nenvironment: staging\nimages:\n  ledger: ghcr.io/acme/ledger:1.0.0\n  payments-api: ${digestImage('payments-api')}\n`);
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.file, i.line, i.column])).toEqual([['image-not-pinned', 'environments/staging.yaml', 5, 11]]);
    expect(fs.existsSync(path.join(dir, 'deploy'))).toBe(false);
    cleanup(dir);
  });
});
