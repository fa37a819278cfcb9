import { createHash, createHmac } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanup, digestImage, exampleRepo, hashTree } from './fixture';
import { privateStateDir } from '../../src/gitops/repo/private-dir';
import { environmentStateYaml } from '../../src/gitops/state/environment-state';
import { CACHE_FORMAT, MAX_PRIVATE_FILE_BYTES, readCacheFile, writeCache } from '../../src/gitops/synth/cache';
import { NoopOutcome, observe, replayableNoop, writeNoopSnapshot, NOOP_SNAPSHOT_FORMAT } from '../../src/gitops/synth/noop-snapshot';
import { synthesize } from '../../src/gitops/synth/synthesize';

// Every fs.readFileSync of the code under test goes through this spy (the fs module's own property cannot be redefined).
jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  return { ...actual, readFileSync: jest.fn(actual.readFileSync) };
});

/*
 * The no-op synth neither reads nor hashes an input file (contract, contract revision, environment
 * file) or a rendered file whose stat signature is unchanged since its bytes last hashed right. These
 * tests make every file look settled (the clock is moved 10 s ahead, so no file is in the racy window
 * and signatures are recorded), then change files in ways that keep size and mtime, and check that
 * synth reads them again and renders exactly what a full synth renders.
 */

const realNow = Date.now.bind(Date);

beforeEach(() => {
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 10_000);
});
afterEach(() => {
  jest.restoreAllMocks();
  (fs.readFileSync as jest.Mock).mockClear();
});

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

/** A synthesized example repository whose files are all past the racy window (signatures recorded). */
async function settledRepo(prepare?: (dir: string) => void): Promise<string> {
  const dir = exampleRepo();
  dirs.push(dir);
  prepare?.(dir);
  wholeSecondTimes(dir, 'workloads');
  wholeSecondTimes(dir, 'environments');
  wholeSecondTimes(dir, 'platform.yaml');
  expect((await synthesize({ repoDir: dir, workers: 0 })).ok).toBe(true);
  wholeSecondTimes(dir, 'deploy');
  // The first run recorded no signature for files it just wrote; this one hashes them and records them.
  expect((await synthesize({ repoDir: dir, workers: 0 })).mode).toBe('no-op');
  return dir;
}

/** Sets every file's times below `rel` to a whole second, so that editInPlace can put an mtime back exactly. */
function wholeSecondTimes(dir: string, rel: string): void {
  const t = Math.floor(realNow() / 1000) - 100;
  if (fs.lstatSync(path.join(dir, rel)).isFile()) return fs.utimesSync(path.join(dir, rel), t, t);
  for (const name of fs.readdirSync(path.join(dir, rel), { recursive: true }) as string[]) {
    const p = path.join(dir, rel, name);
    if (fs.lstatSync(p).isFile()) fs.utimesSync(p, t, t);
  }
}

/** Lets the file-system clock tick, so a write now gets another ctime than the writes before. */
function tick(): void {
  const until = realNow() + 20;
  while (realNow() < until) { /* wait */ }
}

/** Replaces `from` by `to` (same length) in the file and puts its mtime back: only the ctime tells. */
function editInPlace(dir: string, rel: string, from: string | RegExp, to: string): void {
  const p = path.join(dir, rel);
  const before = fs.lstatSync(p);
  const text = fs.readFileSync(p, 'utf8');
  const after = text.replace(from, to);
  expect(after).not.toBe(text);
  expect(Buffer.byteLength(after)).toBe(before.size);
  tick();
  fs.writeFileSync(p, after);
  fs.utimesSync(p, before.atime, before.mtime);
  const now = fs.lstatSync(p);
  expect(now.size).toBe(before.size);
  expect(now.mtimeMs).toBe(before.mtimeMs);
  expect(now.ctimeMs).not.toBe(before.ctimeMs);
}

/** Repository-relative paths read with fs.readFileSync while `run` runs. */
async function readsDuring(dir: string, run: () => Promise<unknown>): Promise<string[]> {
  const root = fs.realpathSync(dir);
  const spy = fs.readFileSync as jest.Mock;
  spy.mockClear();
  await run();
  return spy.mock.calls.map((c) => c[0]).filter((p): p is string => typeof p === 'string' && p.startsWith(`${root}/`)).map((p) => p.slice(root.length + 1));
}

/** deploy/ of a full synth of a copy of `dir` (its deploy/ and cache left out): what an incremental run must equal. */
async function fullSynthOfCopy(dir: string): Promise<Record<string, string>> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-input-full-'));
  dirs.push(copy);
  fs.cpSync(dir, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'deploy'), { recursive: true, force: true });
  expect((await synthesize({ repoDir: copy, workers: 0 })).mode).toBe('full');
  return hashTree(copy);
}

async function expectCurrent(dir: string): Promise<void> {
  expect(hashTree(dir)).toEqual(await fullSynthOfCopy(dir));
  expect((await synthesize({ repoDir: dir, check: true, workers: 0 })).ok).toBe(true);
}

describe('a no-op synth trusts unchanged stat signatures only', () => {
  test('a settled repository is checked without reading platform.yaml, a contract, an environment file or a workload\'s rendered file', async () => {
    const dir = await settledRepo();
    let mode: string | undefined;
    const reads = await readsDuring(dir, async () => { mode = (await synthesize({ repoDir: dir, workers: 0 })).mode; });
    expect(mode).toBe('no-op');
    expect(reads.filter((r) => r.startsWith('workloads/') || r.startsWith('environments/') || r === 'platform.yaml')).toEqual([]);
    expect(reads.filter((r) => /^deploy\/(dev|staging|prod)\/[^/]+\.yaml$/.test(r) && !r.endsWith('/kustomization.yaml'))).toEqual([]);
    expect(reads.filter((r) => /^deploy\/applications\/[^/]+\/application-/.test(r))).toEqual([]);
  });

  test('a contract edited in place (same size, mtime put back) is read again and its workload re-rendered', async () => {
    const dir = await settledRepo();
    editInPlace(dir, 'workloads/ledger/zave.yaml', 'size: medium', 'size: large ');
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result).toMatchObject({ ok: true, mode: 'incremental', rendered: 3 });
    expect(result.written).toEqual(expect.arrayContaining(['deploy/dev/ledger.yaml', 'deploy/staging/ledger.yaml', 'deploy/prod/ledger.yaml']));
    await expectCurrent(dir);
  });

  test('an environment file edited in place (same size, mtime put back) is read again', async () => {
    const dir = await settledRepo();
    editInPlace(dir, 'environments/prod.yaml', digestImage('payments-api'), digestImage('payments-api', 'v2'));
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result).toMatchObject({ ok: true, mode: 'incremental', rendered: 1, written: ['deploy/prod/payments-api.yaml'] });
    await expectCurrent(dir);
  });

  test('platform.yaml edited in place (same size, mtime put back) is read again', async () => {
    const dir = await settledRepo();
    editInPlace(dir, 'platform.yaml', 'domain: staging.example.com', 'domain: stagxng.example.com');
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result).toMatchObject({ ok: true, mode: 'incremental', rendered: 5 });
    await expectCurrent(dir);
  });

  test('a contract revision edited in place (same size, mtime put back) is read again and refused', async () => {
    const old = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'contracts', 'ledger-internal.yaml'), 'utf8').replace('size: medium', 'size: small');
    const sha = createHash('sha256').update(old).digest('hex');
    const revision = `workloads/ledger/revisions/${sha}.yaml`;
    const dir = await settledRepo((d) => {
      fs.mkdirSync(path.join(d, 'workloads/ledger/revisions'));
      fs.writeFileSync(path.join(d, revision), old);
      const services = fs.readdirSync(path.join(d, 'workloads')).sort();
      const releases: Record<string, { image: string; contract?: string }> = {};
      for (const s of services) releases[s] = { image: digestImage(s), ...(s === 'ledger' ? { contract: `sha256:${sha}` } : {}) };
      fs.writeFileSync(path.join(d, 'environments/prod.yaml'), environmentStateYaml('prod', releases));
    });
    expect(fs.readFileSync(path.join(dir, 'deploy/prod/ledger.yaml'), 'utf8')).not.toBe(fs.readFileSync(path.join(dir, 'deploy/dev/ledger.yaml'), 'utf8'));
    const before = hashTree(dir);
    editInPlace(dir, revision, 'size: small', 'size: large');
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.code)).toContain('contract-revision-missing');
    expect(result.issues.find((i) => i.code === 'contract-revision-missing')!.message).toMatch(/holds other bytes/);
    expect(hashTree(dir)).toEqual(before);
  });

  test('a contract replaced by a folder, or by a link to identical bytes, is refused', async () => {
    const dir = await settledRepo();
    const file = path.join(dir, 'workloads/ledger/zave.yaml');
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    fs.mkdirSync(file);
    const asFolder = await synthesize({ repoDir: dir, workers: 0 });
    expect(asFolder.ok).toBe(false);
    expect(asFolder.issues.map((i) => i.file)).toContain('workloads/ledger/zave.yaml');
    fs.rmdirSync(file);
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), bytes);
    fs.symlinkSync(path.join(dir, 'ledger.yaml'), file);
    const asLink = await synthesize({ repoDir: dir, workers: 0 });
    expect(asLink.ok).toBe(false);
    expect(asLink.issues).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'workloads/ledger/zave.yaml', code: 'unsafe-path' })]));
  });

  test('a workload folder replaced by a link to a copy of itself is refused', async () => {
    const dir = await settledRepo();
    const copy = path.join(dir, 'ledger-copy');
    fs.cpSync(path.join(dir, 'workloads/ledger'), copy, { recursive: true });
    fs.rmSync(path.join(dir, 'workloads/ledger'), { recursive: true });
    fs.symlinkSync(copy, path.join(dir, 'workloads/ledger'));
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'workloads/ledger', code: 'unsafe-path' })]));
  });

  test('a rendered file edited in place (same size, mtime put back) is written again', async () => {
    const dir = await settledRepo();
    editInPlace(dir, 'deploy/dev/ledger.yaml', 'runAsNonRoot: true', 'runAsNonRoot: ttue');
    editInPlace(dir, 'deploy/applications/prod/application-ledger.prod.yaml', 'prune: true', 'prune: ttue');
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.ok).toBe(true);
    expect(result.written).toEqual(['deploy/applications/prod/application-ledger.prod.yaml', 'deploy/dev/ledger.yaml']);
    await expectCurrent(dir);
  });

  test('a rendered file replaced by a folder is put back', async () => {
    const dir = await settledRepo();
    const file = path.join(dir, 'deploy/staging/ledger.namespace.yaml');
    fs.rmSync(file);
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'extra.yaml'), 'kind: ConfigMap\n');
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.ok).toBe(true);
    expect(fs.lstatSync(file).isFile()).toBe(true);
    await expectCurrent(dir);
  });

  test('an edited cache (a contract\'s remembered sha and signature) is ignored as a whole', async () => {
    const dir = await settledRepo();
    const rel = 'workloads/ledger/zave.yaml';
    editInPlace(dir, rel, 'size: medium', 'size: large ');
    const cacheFile = path.join(privateStateDir(dir), 'synth-cache.json');
    // After the HMAC and header lines, one line per section, `<key JSON> TAB <value JSON>`.
    const lines = fs.readFileSync(cacheFile, 'latin1').split('\n');
    const key = JSON.stringify(['inputs']);
    const at = lines.findIndex((l) => l.startsWith(`${key}\t`));
    const inputs = JSON.parse(lines[at].slice(key.length + 1));
    const [sha] = (inputs[rel] as string).split(' ');
    const st = fs.lstatSync(path.join(dir, rel), { bigint: true });
    // Claims the edited file still holds the old bytes: its current signature with the old sha.
    inputs[rel] = `${sha} ${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
    lines[at] = `${key}\t${JSON.stringify(inputs)}`;
    fs.writeFileSync(cacheFile, lines.join('\n'), 'latin1');
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result).toMatchObject({ ok: true, mode: 'full' });
    await expectCurrent(dir);
  });

  test('a cache of an older format is ignored (that is the migration)', async () => {
    const dir = await settledRepo();
    const cache = readCacheFile(fs.realpathSync(dir))!;
    expect(cache.format).toBe(CACHE_FORMAT);
    writeCache(fs.realpathSync(dir), { ...cache, format: CACHE_FORMAT - 1 });
    fs.rmSync(path.join(privateStateDir(dir), 'synth-noop.json')); // an older zave wrote no snapshot
    expect(readCacheFile(fs.realpathSync(dir))).toBeUndefined();
    expect(await synthesize({ repoDir: dir, workers: 0 })).toMatchObject({ ok: true, mode: 'full', written: [] });
    expect((await synthesize({ repoDir: dir, workers: 0 })).mode).toBe('no-op');
  });
});

describe('the library build is hashed again whenever one of its files changed', () => {
  type Fingerprint = typeof import('../../src/gitops/synth/fingerprint');
  const fresh = (): Fingerprint => {
    let mod: Fingerprint | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require('../../src/gitops/synth/fingerprint');
    });
    return mod!;
  };

  test('a remembered code hash is taken only with the same stat digest', () => {
    const full = fresh().libraryFingerprint();
    expect(full.build).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh().libraryFingerprint({ code: 'remembered', build: full.build })).toMatchObject({ code: 'remembered', build: full.build });
    expect(fresh().libraryFingerprint({ code: 'remembered', build: 'f'.repeat(64) })).toEqual(full);
    expect(fresh().libraryFingerprint({ code: 'remembered' })).toEqual(full);
  });

  test('a file changed within the racy window gives no stat digest, so no remembered hash is taken', () => {
    jest.spyOn(Date, 'now').mockImplementation(() => 0);
    const racy = fresh().libraryFingerprint({ code: 'remembered', build: 'f'.repeat(64) });
    expect(racy.build).toBeUndefined();
    expect(racy.code).not.toBe('remembered');
  });
});

describe('the no-op snapshot answers only while every folder and file it names is unchanged', () => {
  const snapshotFile = (dir: string) => path.join(privateStateDir(dir), 'synth-noop.json');
  const cacheFile = (dir: string) => path.join(privateStateDir(dir), 'synth-cache.json');

  test('a settled no-op is answered from the snapshot (the cache is not read) and reports what the slow path reported', async () => {
    const dir = await settledRepo();
    // One environment without an image for a workload: a note the replayed outcome must carry too.
    const staging = path.join(dir, 'environments/staging.yaml');
    const text = fs.readFileSync(staging, 'utf8');
    const without = text.replace(/\n  ledger:\n    image: [^\n]+\n/, '\n');
    expect(without).not.toBe(text);
    fs.writeFileSync(staging, without);
    const slow = await synthesize({ repoDir: dir, workers: 0 });
    expect(slow.ok).toBe(true);
    wholeSecondTimes(dir, 'environments');
    wholeSecondTimes(dir, 'deploy');
    fs.utimesSync(path.join(dir, 'deploy'), 1_000_000, 1_000_000); // folders too: no signature is racy
    const recorded = await synthesize({ repoDir: dir, workers: 0 });
    expect(recorded.mode).toBe('no-op');
    expect(fs.existsSync(snapshotFile(dir))).toBe(true);
    let fast: Awaited<ReturnType<typeof synthesize>> | undefined;
    const reads = await readsDuring(dir, async () => { fast = await synthesize({ repoDir: dir, workers: 0 }); });
    expect(reads).toEqual([]);
    expect((fs.readFileSync as jest.Mock).mock.calls.map((c) => c[0])).not.toContain(cacheFile(dir));
    expect(fast).toEqual(recorded);
    expect(fast!.notes.join('\n')).toMatch(/staging: 1 registered workload has no image/);
  });

  test.each<[string, (dir: string) => void, RegExp | string]>([
    ['a stray file in workloads/', (d) => fs.writeFileSync(path.join(d, 'workloads/notes.txt'), 'x\n'), 'unexpected-entry'],
    ['a stray file in environments/', (d) => fs.writeFileSync(path.join(d, 'environments/notes.txt'), 'x\n'), 'unexpected-entry'],
    ['an extra file in deploy/dev/', (d) => fs.writeFileSync(path.join(d, 'deploy/dev/extra.yaml'), 'kind: ConfigMap\n'), 'removed'],
    ['a file removed from deploy/applications/prod/', (d) => fs.rmSync(path.join(d, 'deploy/applications/prod/application-ledger.prod.yaml')), 'written'],
    ['a stray file at the root (.zave-tmp)', (d) => fs.mkdirSync(path.join(d, '.zave-tmp')), 'control-file-in-tree'],
    ['an edited kustomization', (d) => editInPlace(d, 'deploy/dev/kustomization.yaml', 'kind: Kustomization', 'kind: Kustomizatioo'), 'written'],
    ['an empty folder added in deploy/', (d) => fs.mkdirSync(path.join(d, 'deploy/dev/empty')), 'ok'],
  ])('%s is seen (the snapshot no longer holds)', async (_what, change, expected) => {
    const dir = await settledRepo();
    expect(fs.existsSync(snapshotFile(dir))).toBe(true);
    tick();
    change(dir);
    const result = await synthesize({ repoDir: dir, workers: 0 });
    if (expected === 'control-file-in-tree' || expected === 'unexpected-entry') {
      expect(result.ok).toBe(false);
      expect(result.issues.map((i) => i.code)).toContain(expected);
      return;
    }
    expect(result.ok).toBe(true);
    if (expected === 'removed') expect(result.removed).toEqual(['deploy/dev/extra.yaml']);
    if (expected === 'written') expect(result.written.length).toBeGreaterThan(0);
    await expectCurrent(dir);
  });

  test('an edited snapshot is ignored', async () => {
    const dir = await settledRepo();
    editInPlace(dir, 'deploy/dev/ledger.yaml', 'runAsNonRoot: true', 'runAsNonRoot: ttue');
    const text = fs.readFileSync(snapshotFile(dir), 'utf8');
    const st = fs.lstatSync(path.join(dir, 'deploy/dev/ledger.yaml'), { bigint: true });
    // Lines are `<observation> <path>`: claim the edited file's signature now.
    const forged = text.replace(/\nf \S+ deploy\/dev\/ledger\.yaml\n/, `\nf ${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino} deploy/dev/ledger.yaml\n`);
    expect(forged).not.toBe(text);
    fs.writeFileSync(snapshotFile(dir), forged);
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.written).toEqual(['deploy/dev/ledger.yaml']);
    await expectCurrent(dir);
  });

  test('a run that writes removes the snapshot; --force and --only-platform never use it', async () => {
    const dir = await settledRepo();
    expect((await synthesize({ repoDir: dir, workers: 0, force: true })).mode).toBe('full');
    expect(fs.existsSync(snapshotFile(dir))).toBe(false);
  });
});

describe('the cache answers for environment-level files as for a workload\'s files', () => {
  const snapshotFile = (dir: string) => path.join(privateStateDir(dir), 'synth-noop.json');

  test('without the no-op snapshot, a settled repository is checked from the cache without reading any file of deploy/', async () => {
    const dir = await settledRepo();
    fs.rmSync(snapshotFile(dir));
    let mode: string | undefined;
    const reads = await readsDuring(dir, async () => { mode = (await synthesize({ repoDir: dir, workers: 0 })).mode; });
    expect(mode).toBe('no-op');
    expect(reads.filter((r) => r.startsWith('deploy/'))).toEqual([]);
  });

  test.each([
    'deploy/dev/kustomization.yaml',
    'deploy/applications/staging/kustomization.yaml',
    'deploy/bootstrap/prod.yaml',
  ])('%s edited in place (same size, mtime put back) is written again', async (rel) => {
    const dir = await settledRepo();
    fs.rmSync(snapshotFile(dir)); // the cache alone must see it
    editInPlace(dir, rel, 'apiVersion: ', 'apiVersioo: ');
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result).toMatchObject({ ok: true, written: [rel] });
    await expectCurrent(dir);
  });
});

describe('the cache file is taken whole and authentic, or not at all', () => {
  const cacheFile = (dir: string) => path.join(privateStateDir(dir), 'synth-cache.json');
  const snapshotFile = (dir: string) => path.join(privateStateDir(dir), 'synth-noop.json');
  /** Writes `body` as the cache file with a valid HMAC (what only zave, holding the key, can do). */
  const authenticWrite = (dir: string, body: string) => {
    const key = fs.readFileSync(path.join(privateStateDir(dir), 'synth-cache.key'));
    fs.writeFileSync(cacheFile(dir), `${createHmac('sha256', key).update(body).digest('hex')}\n${body}`);
  };

  test('a cache cut short is ignored', async () => {
    const dir = await settledRepo();
    fs.rmSync(snapshotFile(dir));
    const bytes = fs.readFileSync(cacheFile(dir));
    fs.writeFileSync(cacheFile(dir), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await synthesize({ repoDir: dir, workers: 0 })).toMatchObject({ ok: true, mode: 'full', written: [] });
    await expectCurrent(dir);
  });

  test('a cache larger than the cap is not read at all', async () => {
    const dir = await settledRepo();
    fs.rmSync(snapshotFile(dir));
    fs.truncateSync(cacheFile(dir), MAX_PRIVATE_FILE_BYTES + 1); // sparse: no disk used
    const reads = await readsDuring(dir, async () => {
      expect(await synthesize({ repoDir: dir, workers: 0 })).toMatchObject({ ok: true, mode: 'full', written: [] });
    });
    expect(reads).not.toContain(path.relative(fs.realpathSync(dir), cacheFile(dir)));
    expect((fs.readFileSync as jest.Mock).mock.calls.map((c) => c[0])).not.toContain(cacheFile(dir));
    expect(fs.statSync(cacheFile(dir)).size).toBeLessThan(MAX_PRIVATE_FILE_BYTES);
  });

  test.each<[string, (lines: string[]) => string[]]>([
    ['a section of an unknown kind', (lines) => [...lines, `${JSON.stringify(['extra'])}\t{}`]],
    ['a section twice', (lines) => [...lines, lines[lines.length - 1]]],
    ['a section without its inputs', (lines) => lines.filter((l) => !l.startsWith(JSON.stringify(['inputs'])))],
    ['a pairs section that is not text', (lines) => lines.map((l) => (l.startsWith(JSON.stringify(['pairs', 'dev'])) ? `${JSON.stringify(['pairs', 'dev'])}\t{}` : l))],
    ['a line without a key', (lines) => [...lines, 'no tab here']],
  ])('an authentic cache with %s is ignored as a whole', async (_what, edit) => {
    const dir = await settledRepo();
    const root = fs.realpathSync(dir);
    expect(readCacheFile(root)).toBeDefined();
    const text = fs.readFileSync(cacheFile(dir), 'latin1');
    const lines = text.slice(text.indexOf('\n') + 1).split('\n');
    authenticWrite(dir, lines.join('\n'));
    expect(readCacheFile(root)).toBeDefined(); // the same body, signed again: still taken
    authenticWrite(dir, edit(lines).join('\n'));
    expect(readCacheFile(root)).toBeUndefined();
  });

  test('an environment state is stored once (no images map) and comes back exactly', async () => {
    const dir = await settledRepo();
    const text = fs.readFileSync(cacheFile(dir), 'latin1');
    const line = text.split('\n').find((l) => l.startsWith('["environment","staging",'))!;
    const stored = JSON.parse(line.slice(line.indexOf('\t') + 1));
    expect(stored.images).toBeUndefined();
    expect(Object.keys(stored.releases)).toContain('ledger');
    // A synth that takes staging's state from the cache renders what a full synth renders.
    fs.rmSync(snapshotFile(dir));
    editInPlace(dir, 'workloads/ledger/zave.yaml', 'size: medium', 'size: large ');
    expect(await synthesize({ repoDir: dir, workers: 0 })).toMatchObject({ ok: true, mode: 'incremental' });
    await expectCurrent(dir);
  });
});

describe('the no-op snapshot file', () => {
  const snapshotFile = (dir: string) => path.join(privateStateDir(dir), 'synth-noop.json');

  test('a snapshot cut short is ignored, though every path it still names holds', async () => {
    const dir = await settledRepo();
    editInPlace(dir, 'deploy/dev/ledger.yaml', 'runAsNonRoot: true', 'runAsNonRoot: ttue');
    const text = fs.readFileSync(snapshotFile(dir), 'utf8');
    // Only the lines before the edited file's: each of them still holds; the HMAC no longer does.
    const cut = text.slice(0, text.indexOf(' deploy/dev/ledger.yaml\n'));
    fs.writeFileSync(snapshotFile(dir), cut.slice(0, cut.lastIndexOf('\n')));
    const result = await synthesize({ repoDir: dir, workers: 0 });
    expect(result.written).toEqual(['deploy/dev/ledger.yaml']);
    await expectCurrent(dir);
  });

  test('paths with newlines, quotes, spaces or non-ASCII characters are recorded and checked', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-snapshot-paths-'));
    dirs.push(dir);
    const root = fs.realpathSync(dir);
    const names = ['plain.yaml', 'with space.yaml', 'new\nline.yaml', '"quoted".yaml', 'caf\u00e9.yaml', ''];
    for (const name of names.filter(Boolean)) fs.writeFileSync(path.join(root, name), 'x\n');
    const paths: Record<string, string> = {};
    for (const name of names) paths[name] = observe(name === '' ? root : path.join(root, name))!;
    paths['absent.yaml'] = '-';
    expect(Object.values(paths).every((v) => v !== undefined)).toBe(true);
    const outcome: NoopOutcome = { notes: ['n\u00f6te'], unchanged: 1, reused: 0, summary: 's' };
    writeNoopSnapshot(root, { format: NOOP_SNAPSHOT_FORMAT, library: 'l', code: 'c', paths, outcome });
    const bytes = fs.readFileSync(snapshotFile(root));
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const builds: string[] = [];
    expect(replayableNoop(root, (library, code) => { builds.push(`${library}/${code}`); return true; })).toEqual(outcome);
    expect(builds).toEqual(['l/c']);
    expect(replayableNoop(root, () => false)).toBeUndefined();
    tick();
    fs.writeFileSync(path.join(root, 'new\nline.yaml'), 'y\n');
    expect(replayableNoop(root, () => true)).toBeUndefined();
  });

  test('a snapshot naming a path outside the repository is refused, though authentic and though that path holds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-snapshot-escape-'));
    dirs.push(dir);
    const root = path.join(fs.realpathSync(dir), 'repo');
    fs.mkdirSync(path.join(root, 'deploy'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'outside.yaml'), 'x\n');
    tick();
    const seen = observe(path.join(dir, 'outside.yaml'))!;
    expect(seen).toMatch(/^f /);
    const outcome: NoopOutcome = { notes: [], unchanged: 0, reused: 0, summary: 's' };
    writeNoopSnapshot(root, { format: NOOP_SNAPSHOT_FORMAT, library: 'l', code: 'c', paths: { deploy: observe(path.join(root, 'deploy'))! }, outcome });
    expect(replayableNoop(root, () => true)).toEqual(outcome);
    for (const rel of ['../outside.yaml', 'deploy/../../outside.yaml', `${dir}/outside.yaml`]) {
      writeNoopSnapshot(root, { format: NOOP_SNAPSHOT_FORMAT, library: 'l', code: 'c', paths: { [rel]: seen }, outcome });
      expect(replayableNoop(root, () => true)).toBeUndefined();
    }
  });
});
