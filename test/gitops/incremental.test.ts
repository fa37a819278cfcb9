import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanup, digestImage, exampleRepo, hashTree } from './fixture';
import { privateStateDir } from '../../src/gitops/repo/private-dir';
import { synthesize } from '../../src/gitops/synth/synthesize';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fingerprint: typeof import('../../src/gitops/synth/fingerprint') = require('../../src/gitops/synth/fingerprint');

afterEach(() => jest.restoreAllMocks());

function edit(dir: string, rel: string, from: string | RegExp, to: string): void {
  const p = path.join(dir, rel);
  const before = fs.readFileSync(p, 'utf8');
  const after = before.replace(from, to);
  expect(after).not.toEqual(before);
  fs.writeFileSync(p, after);
}

/** Synthesizes a copy of `dir` without deploy/ from scratch: the reference an incremental run must equal. */
async function fullSynthOfCopy(dir: string): Promise<Record<string, string>> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-full-'));
  fs.cpSync(dir, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'deploy'), { recursive: true, force: true });
  const result = await synthesize({ repoDir: copy, workers: 0 });
  expect(result.mode).toBe('full');
  const hashes = hashTree(copy);
  cleanup(copy);
  return hashes;
}

const CHANGES: [string, (dir: string) => void, number, number][] = [
  ['a contract', (d) => edit(d, 'workloads/ledger/zave.yaml', 'size: medium', 'size: large'), 3, 12],
  ['an image in one environment', (d) => edit(d, 'environments/prod.yaml', digestImage('payments-api'), digestImage('payments-api', 'v2')), 1, 14],
  ['an environment of platform.yaml', (d) => edit(d, 'platform.yaml', 'domain: staging.example.com', 'domain: stage.example.com'), 5, 10],
  ['the capabilities of platform.yaml', (d) => edit(d, 'platform.yaml', 'serviceMonitors: true', 'serviceMonitors: false'), 15, 0],
  ['the gitops section of platform.yaml (Argo CD objects only)', (d) => edit(d, 'platform.yaml', 'targetRevision: main', 'targetRevision: release'), 0, 15],
  ['the registrations (a new workload)', (d) => {
    fs.mkdirSync(path.join(d, 'workloads/audit'));
    fs.writeFileSync(path.join(d, 'workloads/audit/zave.yaml'), 'service: audit\nexposure: none\n');
    edit(d, 'environments/dev.yaml', 'releases:\n', 'releases:\n  audit:\n    image: ghcr.io/acme/audit:0.1.0\n');
  }, 1, 15],
];

describe('incremental synth renders only what changed and equals a full synth', () => {
  let base: string;
  beforeAll(async () => {
    base = exampleRepo();
    expect((await synthesize({ repoDir: base, workers: 0 })).ok).toBe(true);
  });
  afterAll(() => cleanup(base));

  test.each(CHANGES)('after a change to %s', async (_what, change, rendered, reused) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-inc-'));
    fs.cpSync(base, dir, { recursive: true });
    fs.cpSync(privateStateDir(base), privateStateDir(dir), { recursive: true });
    change(dir);
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result).toMatchObject({ ok: true, mode: reused === 0 ? 'full' : 'incremental', rendered, reused });
    expect(hashTree(dir)).toEqual(await fullSynthOfCopy(dir));
    expect((await synthesize({ repoDir: dir, check: true, workers: 0 })).ok).toBe(true);
    expect((await synthesize({ repoDir: dir, workers: 0 })).mode).toBe('no-op');
    cleanup(dir);
  });

  test('a new library version or build invalidates the whole cache', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-inc-'));
    fs.cpSync(base, dir, { recursive: true });
    fs.cpSync(privateStateDir(base), privateStateDir(dir), { recursive: true });
    const real = fingerprint.libraryFingerprint();
    jest.spyOn(fingerprint, 'libraryFingerprint').mockReturnValue({ version: '9.9.9', code: real.code });
    expect(await synthesize({ repoDir: dir, workers: 0 })).toMatchObject({ ok: true, mode: 'full', rendered: 15 });
    jest.spyOn(fingerprint, 'libraryFingerprint').mockReturnValue({ version: '9.9.9', code: 'another-build' });
    expect(await synthesize({ repoDir: dir, workers: 0 })).toMatchObject({ ok: true, mode: 'full', rendered: 15 });
    expect(await synthesize({ repoDir: dir, workers: 0 })).toMatchObject({ ok: true, mode: 'no-op' });
    cleanup(dir);
  });

  test('a corrupt or hand-edited cache falls back to a full render', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-inc-'));
    fs.cpSync(base, dir, { recursive: true });
    fs.cpSync(privateStateDir(base), privateStateDir(dir), { recursive: true });
    fs.appendFileSync(path.join(privateStateDir(dir), 'synth-cache.json'), ' ');
    expect(await synthesize({ repoDir: dir, workers: 0 })).toMatchObject({ ok: true, mode: 'full' });
    expect(hashTree(dir)).toEqual(hashTree(base));
    cleanup(dir);
  });

  test('worker threads produce byte-identical output', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-workers-'));
    fs.cpSync(base, dir, { recursive: true });
    fs.cpSync(privateStateDir(base), privateStateDir(dir), { recursive: true });
    const result = await synthesize({
      repoDir: dir,
      force: true,
      workers: 2,
      tsWorker: true,
      workerScript: path.join(__dirname, '..', '..', 'src', 'gitops', 'synth', 'render-worker.ts'),
    });
    expect(result).toMatchObject({ ok: true, mode: 'full', rendered: 15 });
    expect(hashTree(dir)).toEqual(hashTree(base));
    cleanup(dir);
  });
});
