import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseBenchArgs } from '../../src/bench/args';
import { floorWrite } from '../../src/bench/baselines/floor';
import { kustomizeRender, writeKustomizeTree } from '../../src/bench/baselines/kustomize';
import { naiveSynth, objectsBeyondL2 } from '../../src/bench/baselines/naive-cdk8s';
import { engineCheck, engineSynth, loadState, renderObjects } from '../../src/bench/engine';
import { contractText, imageRef, syntheticFleet } from '../../src/bench/fleet';
import { floorFigure, gitFloor, zaveBranchTips } from '../../src/bench/git-floor';
import { changeOneContract, writeGitOpsState } from '../../src/bench/gitops-state';
import { LIFECYCLE_SCENARIOS } from '../../src/bench/lifecycle';
import { areaOf } from '../../src/bench/profile';
import { writeResults } from '../../src/bench/results';
import { Measurement, median } from '../../src/bench/stats';
import { measurementTable, targetTable } from '../../src/bench/table';
import { evaluateTargets } from '../../src/bench/targets';
import { parseContract } from '../../src/contract/parse';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-bench-test-')); });
afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

describe('synthetic fleet', () => {
  test('is deterministic and has the requested mix', () => {
    const fleet = syntheticFleet(20);
    expect(syntheticFleet(20)).toEqual(fleet);
    expect(fleet.map((w) => w.service).slice(0, 2)).toEqual(['svc-0001', 'svc-0002']);
    const count = (f: (w: typeof fleet[0]) => boolean) => fleet.filter(f).length;
    expect(count((w) => w.exposure === 'public-http')).toBe(5);
    expect(count((w) => w.exposure === 'internal-http')).toBe(5);
    expect(count((w) => w.strategy === 'worker')).toBe(6);
    expect(count((w) => w.strategy === 'scheduled-job')).toBe(4);
    expect(count((w) => w.database === 'postgres')).toBe(6);
    expect(new Set(fleet.map((w) => w.runtime)).size).toBe(5);
  });

  test('every generated contract is valid and resolves to the intended strategy', () => {
    for (const w of syntheticFleet(30)) {
      const { contract, issues } = parseContract(contractText(w), `${w.service}/zave.yaml`);
      expect(issues).toEqual([]);
      expect(contract?.service).toBe(w.service);
    }
  });

  test('images are tags in dev and digest-pinned elsewhere', () => {
    expect(imageRef('svc-0001', 'dev')).toMatch(/^registry\.example\.com\/team\/svc-0001:dev-[0-9a-f]{7}$/);
    expect(imageRef('svc-0001', 'prod')).toMatch(/@sha256:[0-9a-f]{64}$/);
  });
});

describe('GitOps state and stand-in engine at N=6', () => {
  test('writes the shared layout; synth then check is current; the one-contract change edits svc-0001', async () => {
    const fleet = syntheticFleet(6);
    writeGitOpsState(tmp, fleet);
    const expected = ['platform.yaml', 'environments/dev.yaml', 'environments/prod.yaml', '.zave/repository.json',
      'workloads/svc-0006/zave.yaml', 'workloads/svc-0006/registration.yaml'];
    for (const f of expected) {
      expect(fs.existsSync(path.join(tmp, f))).toBe(true);
    }
    const state = loadState(tmp);
    expect(state.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(state.workloads).toHaveLength(6);
    expect((await engineCheck(tmp)).stale).toBeGreaterThan(0);
    expect((await engineSynth(tmp, 0)).detail).toMatch(/^mode full, rendered 18,/);
    expect(fs.readdirSync(path.join(tmp, 'deploy'))).toEqual(expect.arrayContaining(['dev', 'prod', 'staging']));
    expect(await engineCheck(tmp)).toMatchObject({ stale: 0 });
    expect((await engineSynth(tmp, 0)).detail).toMatch(/^mode no-op,/);
    const before = fs.readFileSync(path.join(tmp, 'workloads/svc-0001/zave.yaml'), 'utf8');
    expect(changeOneContract(tmp, fleet, 1)).toBe('svc-0001');
    const after = fs.readFileSync(path.join(tmp, 'workloads/svc-0001/zave.yaml'), 'utf8');
    expect(after).not.toBe(before);
    expect(after.replace(/size: \w+/, '')).toBe(before.replace(/size: \w+/, ''));
    // A contract reaches an environment only through its release: the change pins dev alone, so one pair renders.
    expect((await engineSynth(tmp, 0)).detail).toMatch(/^mode incremental, rendered 1,/);
    expect(fs.existsSync(path.join(tmp, '.zave-tmp'))).toBe(false);
  });
});

describe('baselines at N=4', () => {
  test('naive cdk8s writes one file per chart per environment, with the objects beyond L2 added', () => {
    writeGitOpsState(path.join(tmp, 'repo'), syntheticFleet(4));
    const state = loadState(path.join(tmp, 'repo'));
    const rendered = renderObjects(state);
    const extras = new Map(rendered.map((r) => [`${r.environment}/${r.service}`, objectsBeyondL2(r.objects)]));
    expect(naiveSynth(state, path.join(tmp, 'naive'), extras)).toBe(12);
    expect(fs.readdirSync(path.join(tmp, 'naive')).sort()).toEqual(['dev', 'prod', 'staging']);
    expect(fs.readdirSync(path.join(tmp, 'naive', 'prod'))).toHaveLength(4);
    expect(floorWrite(path.join(tmp, 'floor'), rendered)).toBe(rendered.reduce((n, r) => n + r.objects.length, 0));
  });

  test('objectsBeyondL2 keeps what the L2 chart does not build', () => {
    const o = (kind: string, name: string) => ({ apiVersion: 'v1', kind, metadata: { name } });
    expect(objectsBeyondL2([o('Namespace', 'a'), o('Deployment', 'a'), o('NetworkPolicy', 'x'), o('NetworkPolicy', 'y'), o('ServiceMonitor', 'a')])
      .map((x) => `${x.kind}/${x.metadata.name}`)).toEqual(['Namespace/a', 'NetworkPolicy/y', 'ServiceMonitor/a']);
  });

  test('the hand-rolled kustomize overlays render with kubectl kustomize', () => {
    writeGitOpsState(path.join(tmp, 'repo'), syntheticFleet(4));
    const overlays = writeKustomizeTree(path.join(tmp, 'k'), loadState(path.join(tmp, 'repo')));
    expect(overlays).toHaveLength(12);
    expect(kustomizeRender(path.join(tmp, 'k'), path.join(tmp, 'out'))).toBeGreaterThan(12 * 3);
    const prod = fs.readFileSync(path.join(tmp, 'out', 'prod', 'svc-0001.yaml'), 'utf8');
    expect(prod).toContain('namespace: svc-0001');
    expect(prod).toMatch(/image: registry\.example\.com\/team\/svc-0001@sha256:[0-9a-f]{64}/);
  });
});

describe('report', () => {
  const m = (id: string, n: number, ms: number, rss?: number): Measurement => ({
    id, label: id, n, runs: 3, medianMs: ms, samplesMs: [ms], files: 1, ...(rss ? { peakRssMiB: rss } : {}),
  });

  test('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  test('targets are evaluated at the largest N and say met / NOT met', () => {
    const ms = [m('full', 100, 100, 90), m('full', 1000, 1200, 200), m('naive', 1000, 24000), m('floor', 1000, 800),
      m('noop', 1000, 60, 100), m('incremental', 1000, 200, 100)];
    const t = Object.fromEntries(evaluateTargets(ms).map((x) => [x.name, x]));
    expect(t['full vs naive cdk8s (speed-up)']).toMatchObject({ value: '20.0x', met: true });
    expect(t['full vs floor (cost)']).toMatchObject({ value: '1.5x', met: true });
    expect(t['scaling t(1000)/t(100)']).toMatchObject({ value: '12.00', met: false });
    expect(t['no-op synth as % of full']).toMatchObject({ value: '5.0%', met: true });
    expect(t['one-change synth as % of full']).toMatchObject({ met: false });
    expect(t['peak RSS of synth']).toMatchObject({ value: '200 MiB', met: true });
    // Sizes measured for the verbs alone (--verbs-n) do not move the synth targets off the largest synth N.
    const withVerbs = Object.fromEntries(evaluateTargets([...ms, m('verb-propose', 5000, 1400)]).map((x) => [x.name, x]));
    expect(withVerbs['full vs naive cdk8s (speed-up)']).toMatchObject({ value: '20.0x', met: true });
    expect(withVerbs['verb-propose at N=5000']).toMatchObject({ value: '1400 ms', met: true });
    const text = targetTable(evaluateTargets(ms));
    expect(text).toContain('NOT met');
    expect(measurementTable(ms).split('\n')).toHaveLength(ms.length + 2);
  });

  test('each verb\'s growth in N is reported with git\'s share of it, as information', () => {
    const floor = (ms: number) => ({ medianMs: ms, samplesMs: [ms], readBytes: 1, writtenBytes: 1 });
    const ms = [{ ...m('verb-propose', 1000, 700), gitFloor: floor(40) }, { ...m('verb-propose', 5000, 850), gitFloor: floor(65) },
      m('verb-promote', 1000, 700), m('verb-promote', 5000, 690), m('verb-register', 1000, 600)];
    const t = Object.fromEntries(evaluateTargets(ms).map((x) => [x.name, x]));
    expect(t['growth of verb-propose, N=1000 -> 5000']).toEqual({
      name: 'growth of verb-propose, N=1000 -> 5000',
      goal: 'info',
      value: '+150 ms',
      basis: '700 -> 850 ms; git floor +25 ms, zave\'s own +125 ms',
    });
    expect(t['growth of verb-promote, N=1000 -> 5000']).toMatchObject({ value: '-10 ms', basis: '700 -> 690 ms' });
    expect(t['growth of verb-promote, N=1000 -> 5000'].met).toBeUndefined();
    expect(Object.keys(t).filter((k) => k.startsWith('growth of verb-register'))).toEqual([]);
  });

  test('fleet page targets: size, open time, cost against status json', () => {
    const ms = [m('status-json', 1000, 8000), m('status-html', 1000, 9200), { ...m('page-open', 1000, 1100), pageBytes: 1_500_000 }];
    const t = Object.fromEntries(evaluateTargets(ms).map((x) => [x.name, x]));
    expect(t['fleet page size']).toMatchObject({ value: '1.50 MB', met: true });
    expect(t['fleet page open in headless Chromium']).toMatchObject({ value: '1100 ms', met: false });
    expect(t['status html vs status json (cost)']).toMatchObject({ value: '1.1x', met: true });
  });

  test('a failed N is reported as NOT met and the ratios use the largest N that ran', () => {
    const failed: Measurement = { id: 'full', label: 'full', n: 1000, runs: 0, medianMs: NaN, samplesMs: [], files: 0, failed: 'environments/prod.yaml: file is too large' };
    const ms = [m('full', 100, 100, 90), m('naive', 100, 2000), failed];
    const t = evaluateTargets(ms);
    expect(t[0]).toMatchObject({ name: 'synth completes at N=1000', met: false, basis: 'environments/prod.yaml: file is too large' });
    expect(t.find((x) => x.name.startsWith('full vs naive'))).toMatchObject({ value: '20.0x', basis: 'N=100: 2000 ms / 100 ms' });
    expect(measurementTable(ms)).toContain('FAILED');
  });

  test('results JSON round-trips', () => {
    const file = path.join(tmp, 'bench', 'results.json');
    writeResults(file, { engine: 'x', machine: { cpu: 'c', cores: 2, memoryMiB: 1, platform: 'p', node: 'v' }, argv: [], measurements: [m('full', 10, 5)], targets: [] });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).measurements[0].medianMs).toBe(5);
  });
});

describe('git floor of a commit', () => {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' };
  const run = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env }).toString('utf8').trim();
  const size = (cwd: string, spec: string) => Number(run(cwd, 'cat-file', '-s', spec));
  const looseObjects = (cwd: string) => run(cwd, 'count-objects', '-v').split('\n').find((l) => l.startsWith('count:'));

  test('reads the objects a commit replaces and writes its new ones, outside the repository', () => {
    const repo = fs.mkdtempSync(path.join(tmp, 'floor-'));
    run(repo, 'init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(repo, 'deploy', 'dev'), { recursive: true });
    for (const s of ['a', 'b', 'c']) fs.writeFileSync(path.join(repo, 'deploy', 'dev', `${s}.yaml`), `service: ${s}\n`);
    fs.writeFileSync(path.join(repo, 'platform.yaml'), 'environments: [dev]\n');
    run(repo, 'add', '-A');
    run(repo, 'commit', '-q', '-m', 'base');
    run(repo, 'checkout', '-q', '-b', 'zave/propose-b');
    fs.writeFileSync(path.join(repo, 'deploy', 'dev', 'b.yaml'), 'service: b\nimage: b:2\n');
    run(repo, 'commit', '-q', '-am', 'propose b');
    const before = looseObjects(repo);
    expect(zaveBranchTips(repo, env)).toEqual(new Map([['refs/heads/zave/propose-b', run(repo, 'rev-parse', 'HEAD')]]));

    const scratch = fs.mkdtempSync(path.join(tmp, 'scratch-'));
    const floor = gitFloor(repo, 'HEAD', env, scratch);
    // The file, its folder, deploy/ and the root: read as the base has them, written as the commit has them.
    expect(floor.objects).toBe(4);
    const paths = ['deploy/dev/b.yaml', 'deploy/dev', 'deploy', ''];
    expect(floor.readBytes).toBe(paths.reduce((s, p) => s + size(repo, `HEAD~1:${p}`), 0));
    expect(floor.writtenBytes).toBe(paths.reduce((s, p) => s + size(repo, `HEAD:${p}`), 0));
    expect(floor.ms).toBeGreaterThan(0);
    expect(looseObjects(repo)).toBe(before);

    // A removal writes folders only, and reads the file it removes.
    run(repo, 'rm', '-q', 'deploy/dev/c.yaml');
    run(repo, 'commit', '-q', '-m', 'deregister c');
    const removal = gitFloor(repo, 'HEAD', env, scratch);
    expect(removal.objects).toBe(3);
    expect(removal.readBytes).toBe(['deploy/dev/c.yaml', 'deploy/dev', 'deploy', ''].reduce((s, p) => s + size(repo, `HEAD~1:${p}`), 0));
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  test('runs as one figure: medians, undefined without a commit', () => {
    expect(floorFigure([])).toBeUndefined();
    const runs = [{ ms: 30, readBytes: 10, writtenBytes: 9, objects: 4 }, { ms: 10, readBytes: 12, writtenBytes: 9, objects: 4 },
      { ms: 20, readBytes: 10, writtenBytes: 11, objects: 4 }];
    expect(floorFigure(runs)).toEqual({ medianMs: 20, samplesMs: [30, 10, 20], readBytes: 10, writtenBytes: 9 });
  });
});

describe('args and profile helpers', () => {
  test('flags', () => {
    expect(parseBenchArgs([]).sizes).toEqual([100, 1000]);
    expect(parseBenchArgs(['--quick']).sizes).toEqual([100]);
    expect(parseBenchArgs([]).lifecycleSizes).toEqual([5000]);
    expect(parseBenchArgs(['--quick']).lifecycleSizes).toEqual([]);
    expect(parseBenchArgs(['--n', '1000', '--verbs-n', '5000,1000,2000']).lifecycleSizes).toEqual([2000, 5000]);
    expect(parseBenchArgs(['--n', '1000', '--verbs-n', '']).lifecycleSizes).toEqual([]);
    expect(parseBenchArgs(['--verbs-n=none']).lifecycleSizes).toEqual([]);
    expect(() => parseBenchArgs(['--verbs-n', '5000,'])).toThrow('--verbs-n expects a positive integer');
    expect(parseBenchArgs(['--n', '1000,100']).sizes).toEqual([100, 1000]);
    expect(parseBenchArgs(['--n=50']).sizes).toEqual([50]);
    expect(() => parseBenchArgs(['--n', 'x'])).toThrow('--n expects a positive integer, got "x"');
    expect(() => parseBenchArgs(['--fast'])).toThrow('unknown option --fast');
    expect(parseBenchArgs(['--only', 'status-page', '--n', '1000'])).toMatchObject({ only: 'status-page', sizes: [1000], lifecycleSizes: [] });
    expect(parseBenchArgs(['--only', 'verbs', '--n', '1000'])).toMatchObject({ only: 'verbs', sizes: [1000], lifecycleSizes: [5000] });
    expect(() => parseBenchArgs(['--only', 'synth'])).toThrow('--only expects status-page or verbs, got "synth"');
  });

  test('every lifecycle scenario names a workload of the fleet, however small the fleet', () => {
    for (const fleet of [['a'], ['a', 'b', 'c'], syntheticFleet(40).map((w) => w.service)]) {
      for (const s of LIFECYCLE_SCENARIOS) {
        for (const k of [0, 1, 2]) {
          const args = s.args(k, '/g', fleet);
          const service = args.includes('--service') ? args[args.indexOf('--service') + 1] : args[1];
          if (s.id !== 'verb-register') expect(fleet).toContain(service);
          expect(args.slice(-2)).toEqual(['--gitops', '/g']);
        }
      }
    }
  });

  test('profile areas', () => {
    expect(areaOf('file:///w/node_modules/cdk8s-plus-28/lib/pod.js', 'f')).toBe('cdk8s-plus-28');
    expect(areaOf('file:///w/node_modules/@octokit/rest/x.js', 'f')).toBe('@octokit/rest');
    expect(areaOf('file:///w/lib/strategies/render.js', 'f')).toBe('zave strategies');
    expect(areaOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});
