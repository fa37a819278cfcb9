import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanup, exampleRepo, hashTree } from './fixture';
import { privateStateDir } from '../../src/gitops/repo/private-dir';
import { synthesize } from '../../src/gitops/synth/synthesize';
import { recoverStaging, SimulatedCrash } from '../../src/gitops/synth/transaction';

/** Every file below `dir` with its bytes, to prove that nothing outside the repository changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(path.join(dir, r));
      if (st.isDirectory()) visit(r);
      else out[r] = st.isFile() ? fs.readFileSync(path.join(dir, r), 'utf8') : 'special';
    }
  };
  visit('');
  return out;
}

describe('nothing in the tree steers zave, and synth then check always agree', () => {
  let sandbox: string;
  let repo: string;
  let outside: string;
  beforeEach(async () => {
    sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-trust-'));
    repo = exampleRepo();
    const target = path.join(sandbox, 'repo');
    fs.renameSync(repo, target);
    repo = target;
    execFileSync('git', ['init', '-q', repo], { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    outside = path.join(sandbox, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'keep me\n');
    expect((await synthesize({ repoDir: repo, workers: 0 })).ok).toBe(true);
  });
  afterEach(() => cleanup(sandbox));

  const check = () => synthesize({ repoDir: repo, check: true, workers: 0 });

  test('the journal, staging and cache live under .git/, never in the tree', () => {
    const state = privateStateDir(repo);
    expect(state.startsWith(path.join(fs.realpathSync(repo), '.git', 'zave'))).toBe(true);
    expect(fs.existsSync(path.join(state, 'synth-cache.json'))).toBe(true);
    expect(fs.readdirSync(repo).sort()).toEqual(['.git', 'deploy', 'environments', 'platform.yaml', 'workloads']);
  });

  test('a journal naming paths outside deploy/ is refused before anything is touched', async () => {
    const txn = path.join(privateStateDir(repo), 'txn');
    fs.mkdirSync(path.join(txn, 'new'), { recursive: true });
    fs.writeFileSync(path.join(txn, 'journal.json'), JSON.stringify({ units: [{ path: '../outside/precious.txt', hadOld: true }, { path: 'deploy/../../outside', hadOld: false }], createdDirs: ['../outside/new'] }));
    const before = snapshot(sandbox);
    const result = await synthesize({ repoDir: repo, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues[0].message).toMatch(/names a path outside deploy\/.*refusing to recover/);
    expect(snapshot(outside)).toEqual({ 'precious.txt': 'keep me\n' });
    expect(snapshot(sandbox)).toEqual(before);
    expect(() => recoverStaging(repo)).toThrow(/outside deploy/);
  });

  test('a committed lock or staging folder of an older zave is reported by name, not obeyed', async () => {
    fs.writeFileSync(path.join(repo, '.zave-tmp.lock'), `${process.pid}\n`);
    fs.mkdirSync(path.join(repo, '.zave-tmp', 'txn'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.zave-tmp', 'txn', 'journal.json'), JSON.stringify({ units: [{ path: '../outside', hadOld: true }], createdDirs: [] }));
    const result = await synthesize({ repoDir: repo, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.file])).toEqual([['control-file-in-tree', '.zave-tmp'], ['control-file-in-tree', '.zave-tmp.lock']]);
    expect(snapshot(outside)).toEqual({ 'precious.txt': 'keep me\n' });
  });

  test('a hand edit of the same length is found by --check and undone by synth', async () => {
    const file = path.join(repo, 'deploy', 'prod', 'payments-api.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const edited = text.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true ');
    expect(edited.length).toBe(text.length);
    expect(edited).not.toBe(text);
    fs.writeFileSync(file, edited);
    const stale = await check();
    expect(stale.ok).toBe(false);
    expect(stale.differences).toEqual([{ path: 'deploy/prod/payments-api.yaml', change: 'changed' }]);
    const fixed = await synthesize({ repoDir: repo, workers: 0 });
    expect(fixed.written).toEqual(['deploy/prod/payments-api.yaml']);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect((await check()).ok).toBe(true);
  });

  test('a forged cache entry cannot make synth keep a hand-edited file', async () => {
    const file = path.join(repo, 'deploy', 'dev', 'ledger.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('runAsNonRoot: true', 'privileged: true'));
    const cacheFile = path.join(privateStateDir(repo), 'synth-cache.json');
    // After the HMAC and header lines, one line per section, `<key JSON> TAB <value JSON>`; dev's pairs are
    // lines `<service> <input> <manifestSha> <manifestStat> <namespaceSha> <namespaceStat>`: claim the
    // edited bytes as the manifest's, with no signature (the HMAC line is kept as it was).
    const lines = fs.readFileSync(cacheFile, 'latin1').split('\n');
    const key = JSON.stringify(['pairs', 'dev']);
    const at = lines.findIndex((l) => l.startsWith(`${key}\t`));
    const pairs = (JSON.parse(lines[at].slice(key.length + 1)) as string).split('\n').map((line) => {
      const [service, input, , , namespaceSha, namespaceStat] = line.split(' ');
      return service !== 'ledger' ? line : `${service} ${input} ${createHash('sha256').update(fs.readFileSync(file)).digest('base64url')} - ${namespaceSha} ${namespaceStat}`;
    });
    lines[at] = `${key}\t${JSON.stringify(pairs.join('\n'))}`;
    fs.writeFileSync(cacheFile, lines.join('\n'), 'latin1');
    const result = await synthesize({ repoDir: repo, workers: 0 });
    expect(result.ok).toBe(true);
    expect(result.written).toContain('deploy/dev/ledger.yaml');
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/privileged: true/);
    expect((await check()).ok).toBe(true);
  });

  test('a file replaced by a folder is put back', async () => {
    const file = path.join(repo, 'deploy', 'staging', 'ledger.yaml');
    fs.rmSync(file);
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'extra.yaml'), 'kind: ConfigMap\n');
    expect((await check()).ok).toBe(false);
    expect((await synthesize({ repoDir: repo, workers: 0 })).ok).toBe(true);
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect((await check()).ok).toBe(true);
  });

  test('a FIFO where synth writes is refused with a clear error, and --check does not hang on it', async () => {
    const fifo = path.join(repo, 'deploy', 'dev', 'ledger.yaml');
    fs.rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    const result = await synthesize({ repoDir: repo, workers: 0 });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: 'unsafe-path', file: 'deploy/dev/ledger.yaml' });
    expect(result.issues[0].message).toMatch(/named pipe \(FIFO\)/);
    const checked = await check();
    expect(checked.ok).toBe(false);
    expect(checked.issues[0].message).toMatch(/named pipe/);
  });

  test('a crash after the last rename, before the commit marker, is rolled back before the next plan', async () => {
    // The change adds files in a folder the swap creates (deploy/prod) and replaces one (ledger in dev):
    // the rollback must remove what it added, the folders it created, and restore what it replaced.
    const dev = path.join(repo, 'environments', 'dev.yaml');
    fs.writeFileSync(dev, fs.readFileSync(dev, 'utf8').replace('ghcr.io/acme/ledger:1.0.0', 'ghcr.io/acme/ledger:1.0.1'));
    fs.rmSync(path.join(repo, 'deploy', 'prod'), { recursive: true });
    const mid = hashTree(repo);
    const twin = path.join(sandbox, 'twin');
    execFileSync('cp', ['-a', repo, twin]);
    let total = 0;
    expect((await synthesize({ repoDir: twin, workers: 0, interrupt: (n) => { total = n; } })).ok).toBe(true);
    expect(total).toBeGreaterThan(2);
    await expect(synthesize({ repoDir: repo, workers: 0, interrupt: (n) => { if (n === total) throw new SimulatedCrash('killed after the last rename'); } })).rejects.toThrow(SimulatedCrash);
    expect(fs.existsSync(path.join(repo, 'deploy', 'prod'))).toBe(true);
    expect(hashTree(repo)).not.toEqual(mid);
    expect(recoverStaging(repo)).toBe('rolled-back');
    expect(hashTree(repo)).toEqual(mid);
    expect(fs.existsSync(path.join(repo, 'deploy', 'prod'))).toBe(false);
    expect(snapshot(outside)).toEqual({ 'precious.txt': 'keep me\n' });
    const next = await synthesize({ repoDir: repo, workers: 0 });
    expect(next.ok).toBe(true);
    expect((await check()).ok).toBe(true);
  });

  test('the next synth recovers a crashed one by itself, before it plans', async () => {
    fs.rmSync(path.join(repo, 'deploy', 'prod'), { recursive: true });
    await expect(synthesize({ repoDir: repo, workers: 0, interrupt: (n) => { if (n === 2) throw new SimulatedCrash('killed'); } })).rejects.toThrow(SimulatedCrash);
    const result = await synthesize({ repoDir: repo, workers: 0 });
    expect(result.ok).toBe(true);
    expect(result.notes.join('\n')).toMatch(/interrupted zave synth was rolled back first/);
    expect((await check()).ok).toBe(true);
  });
});
