import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanup, digestImage, exampleRepo, hashTree } from './fixture';
import { privateStateDir } from '../../src/gitops/repo/private-dir';
import { synthesize } from '../../src/gitops/synth/synthesize';
import { recoverStaging, SimulatedCrash } from '../../src/gitops/synth/transaction';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs: typeof import('fs') = require('fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const render: typeof import('../../src/strategies/render') = require('../../src/strategies/render');

afterEach(() => jest.restoreAllMocks());

/** A synthesized example repository with pending changes to two workloads (so an incremental run has work). */
async function repoWithPendingChanges(): Promise<{ dir: string; before: Record<string, string> }> {
  const dir = exampleRepo();
  expect((await synthesize({ repoDir: dir, workers: 0 })).ok).toBe(true);
  const before = hashTree(dir);
  fs.appendFileSync(path.join(dir, 'workloads/ledger/zave.yaml'), 'database: postgres\n');
  const dev = path.join(dir, 'environments/dev.yaml');
  fs.writeFileSync(dev, fs.readFileSync(dev, 'utf8').replace('ledger:1.0.0', 'ledger:1.0.1'));
  const prod = path.join(dir, 'environments/prod.yaml');
  fs.writeFileSync(prod, fs.readFileSync(prod, 'utf8').replace(digestImage('payments-api'), digestImage('payments-api', 'v2')));
  return { dir, before };
}

function expectUntouched(dir: string, before: Record<string, string>): void {
  expect(hashTree(dir)).toEqual(before);
  expect(fs.existsSync(path.join(privateStateDir(dir), 'txn'))).toBe(false);
  expect(fs.existsSync(path.join(privateStateDir(dir), 'synth.lock'))).toBe(false);
  expect(fs.readdirSync(dir).sort()).toEqual(['deploy', 'environments', 'platform.yaml', 'workloads']);
}

describe.each([['incremental', false], ['full', true]])('a failure during a %s synth leaves the previous deploy/ intact', (_mode, force) => {
  test('a strategy that throws for one workload: every failure reported, nothing written', async () => {
    const { dir, before } = await repoWithPendingChanges();
    // synth renders through renderWorkloadJson (the strategy's objects as cdk8s writes them).
    const real = render.renderWorkloadJson;
    jest.spyOn(render, 'renderWorkloadJson').mockImplementation((w, env, image) => {
      if (w.service === 'ledger') throw new Error('boom: cannot render ledger');
      return real(w, env, image);
    });
    const result = await synthesize({ repoDir: dir, force, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.file])).toEqual([
      ['render-failed', 'workloads/ledger/zave.yaml'], ['render-failed', 'workloads/ledger/zave.yaml'], ['render-failed', 'workloads/ledger/zave.yaml'],
    ]);
    expect(result.issues[0].message).toMatch(/rendering ledger for (dev|staging|prod) failed: boom/);
    expectUntouched(dir, before);
    cleanup(dir);
  });

  test('a write that fails (disk full) mid-staging', async () => {
    const { dir, before } = await repoWithPendingChanges();
    const real = nodeFs.writeFileSync;
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, o?: fs.WriteFileOptions) => {
      if (String(file).includes(`${path.sep}txn${path.sep}new${path.sep}`) && String(file).includes('payments-api')) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return real(file, data, o);
    }) as typeof fs.writeFileSync);
    const result = await synthesize({ repoDir: dir, force, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: 'write-failed', hint: 'free disk space and run zave synth again' });
    expectUntouched(dir, before);
    cleanup(dir);
  });

  test('a rename that fails in the middle of the swap is rolled back', async () => {
    const { dir, before } = await repoWithPendingChanges();
    const real = nodeFs.renameSync;
    let calls = 0;
    jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (!String(from).endsWith('.tmp') && ++calls === 2) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      return real(from, to);
    });
    const result = await synthesize({ repoDir: dir, force, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues[0].code).toBe('write-failed');
    jest.restoreAllMocks();
    expectUntouched(dir, before);
    cleanup(dir);
  });

  test('a process killed mid-swap: the next run restores the previous deploy/ and then synthesizes', async () => {
    const { dir, before } = await repoWithPendingChanges();
    await expect(synthesize({
      repoDir: dir,
      force,
      workers: 0,
      interrupt: (n) => { if (n === 2) throw new SimulatedCrash('killed'); },
    })).rejects.toThrow('killed');
    expect(fs.existsSync(path.join(privateStateDir(dir), 'txn/journal.json'))).toBe(true);
    expect(hashTree(dir)).not.toEqual(before);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-killed-'));
    fs.cpSync(dir, copy, { recursive: true });
    fs.cpSync(privateStateDir(dir), privateStateDir(copy), { recursive: true });
    expect(recoverStaging(copy)).toBe('rolled-back');
    expect(hashTree(copy)).toEqual(before);
    expect(fs.existsSync(path.join(privateStateDir(copy), 'txn'))).toBe(false);

    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.ok).toBe(true);
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-fresh-'));
    fs.cpSync(dir, fresh, { recursive: true });
    fs.rmSync(path.join(fresh, 'deploy'), { recursive: true });
    await synthesize({ repoDir: fresh, workers: 0 });
    expect(hashTree(dir)).toEqual(hashTree(fresh));
    for (const d of [dir, copy, fresh]) cleanup(d);
  });
});

test('a leftover staging area without journal (killed while rendering) is deleted safely', async () => {
  const { dir } = await repoWithPendingChanges();
  const state = privateStateDir(dir);
  fs.mkdirSync(path.join(state, 'txn/new/deploy/dev'), { recursive: true });
  fs.writeFileSync(path.join(state, 'txn/new/deploy/dev/half.yaml'), 'half');
  // A lock whose process is gone: a pid that exited, so it is stale whatever else runs on the machine.
  const gone = spawnSync('true').pid;
  fs.writeFileSync(path.join(state, 'synth.lock'), `${gone} 1\n`);
  const result = await synthesize({ repoDir: dir, workers: 0 });
  expect(result.ok).toBe(true);
  expect(fs.existsSync(path.join(state, 'txn'))).toBe(false);
  expect(fs.existsSync(path.join(state, 'synth.lock'))).toBe(false);
  expect(fs.existsSync(path.join(dir, 'deploy/dev/half.yaml'))).toBe(false);
  cleanup(dir);
});

describe('safe writes', () => {
  test('a symlink inside deploy/ pointing outside the repository is refused and its target untouched', async () => {
    const dir = exampleRepo();
    await synthesize({ repoDir: dir, workers: 0 });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-outside-'));
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'keep me');
    fs.rmSync(path.join(dir, 'deploy/dev/ledger.yaml'));
    fs.symlinkSync(path.join(outside, 'precious.txt'), path.join(dir, 'deploy/dev/ledger.yaml'));
    fs.appendFileSync(path.join(dir, 'workloads/ledger/zave.yaml'), 'database: postgres\n');
    for (const force of [false, true]) {
      const result = await synthesize({ repoDir: dir, force, workers: 0 });
      expect(result.ok).toBe(false);
      expect(result.issues.map((i) => [i.code, i.file])).toEqual([['unsafe-path', 'deploy/dev/ledger.yaml']]);
    }
    expect(fs.readdirSync(outside)).toEqual(['precious.txt']);
    expect(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(fs.lstatSync(path.join(dir, 'deploy/dev/ledger.yaml')).isSymbolicLink()).toBe(true);
    cleanup(dir);
    cleanup(outside);
  });

  test('a deploy/ that is a symlink is refused, and a symlinked .zave-tmp of an older zave is reported, not followed', async () => {
    const dir = exampleRepo();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-outside-'));
    fs.symlinkSync(outside, path.join(dir, 'deploy'));
    let result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.issues.map((i) => [i.code, i.file])).toEqual([['unsafe-path', 'deploy']]);
    fs.rmSync(path.join(dir, 'deploy'));
    fs.symlinkSync(outside, path.join(dir, '.zave-tmp'));
    result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.issues.map((i) => [i.code, i.file])).toEqual([['control-file-in-tree', '.zave-tmp']]);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'deploy'))).toBe(false);
    cleanup(dir);
    cleanup(outside);
  });
});
