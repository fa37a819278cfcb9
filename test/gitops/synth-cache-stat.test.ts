import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { privateStateDir } from '../../src/gitops/repo/private-dir';
import { CACHE_FORMAT, readCache, restoredState, statSignature, storedState, SynthCache, writeCache } from '../../src/gitops/synth/cache';

describe('the synth cache trusts a file by its stat signature only outside the racy window', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-stat-'));
  const file = path.join(dir, 'deploy.yaml');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a file changed within the last 2 s has no signature (it is hashed), an older one has size, mtime, ctime and inode', () => {
    fs.writeFileSync(file, 'kind: Deployment\n');
    const st = fs.lstatSync(file, { bigint: true });
    expect(statSignature(st, st.ctimeNs + 1_000_000_000n)).toBeUndefined();
    expect(statSignature(st, st.ctimeNs + 3_000_000_000n)).toBe(`${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`);
  });

  test('an edit of the same size with the old mtime restored still changes the signature (ctime cannot be set back)', () => {
    fs.writeFileSync(file, 'kind: Deployment\n');
    const before = fs.lstatSync(file, { bigint: true });
    const later = before.ctimeNs + 10_000_000_000n;
    const signature = statSignature(before, later);
    // Same length, different bytes, mtime put back as it was.
    const busyWait = Date.now() + 20;
    while (Date.now() < busyWait) { /* let the clock tick */ }
    fs.writeFileSync(file, 'kind: DaemonSets\n');
    fs.utimesSync(file, new Date(Number(before.atimeMs)), new Date(Number(before.mtimeMs)));
    const after = fs.lstatSync(file, { bigint: true });
    expect(after.size).toBe(before.size);
    expect(statSignature(after, later)).not.toBe(signature);
  });
});

describe('writeCache leaves the file alone only when it already says exactly this', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-cache-write-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const base: SynthCache = {
    format: CACHE_FORMAT,
    library: '1.0.0',
    code: 'c0de',
    pairs: { dev: 'a i1 o1 1:2:3:4 o2 -\nb i3 o4 - o5 -' },
    applications: { dev: { input: 'i2', files: 'a o3 5:6:7:8\nb o6 -' } },
    environmentFiles: { dev: { input: 'i3', files: 'deploy/dev/kustomization.yaml o7 9:10:11:12' } },
    inputs: { 'workloads/a/zave.yaml': 's1 5:6:7:8' },
    parsed: { contracts: {}, environments: {} },
  };
  const cacheFile = () => path.join(privateStateDir(root), 'synth-cache.json');

  test('an equal cache is not rewritten; a changed entry is written and read back', () => {
    writeCache(root, base);
    const read = readCache(root, '1.0.0', 'c0de')!;
    expect(read).toEqual(base);
    const before = fs.readFileSync(cacheFile(), 'utf8');
    fs.writeFileSync(cacheFile(), before); // same bytes, new inode times: a rewrite would replace the file (rename)
    const ino = fs.statSync(cacheFile()).ino;
    writeCache(root, { ...read, pairs: { ...read.pairs } });
    expect(fs.statSync(cacheFile()).ino).toBe(ino);
    const changed = { ...read, pairs: { dev: 'a i1 o1 - o2 -' } };
    writeCache(root, changed);
    expect(fs.statSync(cacheFile()).ino).not.toBe(ino);
    expect(readCache(root, '1.0.0', 'c0de')).toEqual(changed);
  });

  test('non-ASCII text is written as escapes (an ASCII file) and read back exactly', () => {
    const odd = { service: 'caf\u00e9', note: 'emoji \u{1F680} and a lone \ud800 surrogate', quote: '"\\' } as unknown as SynthCache['parsed']['contracts'][string]['contract'];
    const cache: SynthCache = { ...base, parsed: { contracts: { odd: { sha: 's', contract: odd } }, environments: {} } };
    writeCache(root, cache);
    const bytes = fs.readFileSync(cacheFile());
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(readCache(root, '1.0.0', 'c0de')).toEqual(cache);
  });
});

describe('an environment state is stored without its images map only when the releases give it back', () => {
  const state = (images: Record<string, string>) => ({
    environment: 'dev',
    releases: { a: { image: 'r/a:1', platform: '1.0.0' }, b: { image: 'r/b:2' } },
    images,
    legacy: false,
    retained: {},
  }) as unknown as Parameters<typeof storedState>[0];

  test('the releases\' images, in their order: stored once and restored exactly (same members, same order)', () => {
    const s = state({ a: 'r/a:1', b: 'r/b:2' });
    const stored = storedState(s);
    expect(stored.images).toBeUndefined();
    const back = restoredState(JSON.parse(JSON.stringify(stored)));
    expect(back).toEqual(s);
    expect(Object.keys(back)).toEqual(Object.keys(s));
    expect(JSON.stringify(back)).toBe(JSON.stringify(s));
  });

  test.each([
    ['another image', { a: 'r/a:1', b: 'r/b:3' }],
    ['another order', { b: 'r/b:2', a: 'r/a:1' }],
    ['an image without a release', { a: 'r/a:1', b: 'r/b:2', c: 'r/c:1' }],
  ])('with %s the map is kept as it is', (_what, images) => {
    const s = state(images);
    expect(storedState(s)).toBe(s);
    expect(restoredState(storedState(s))).toBe(s);
  });
});
