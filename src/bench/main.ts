import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BENCH_USAGE, BenchOptions, parseBenchArgs } from './args';
import { kubectlAvailable, writeKustomizeTree } from './baselines/kustomize';
import { ChildResult, ChildScenario } from './child';
import { ENGINE_LABEL, loadState } from './engine';
import { syntheticFleet } from './fleet';
import { floorFigure, GitFloor, gitFloor, zaveBranchTips } from './git-floor';
import { changeOneContract, writeGitOpsState } from './gitops-state';
import { LIFECYCLE_SCENARIOS, prepareLifecycle, timeVerb, verbEnvironment } from './lifecycle';
import { ProfileSummary, profileText, summarizeProfile } from './profile';
import { BenchResults, gitCommit, machineFacts, writeResults } from './results';
import { Measurement, median } from './stats';
import { commitAll, headlessOpenMs } from './status-page';
import { measurementTable, targetTable } from './table';
import { evaluateTargets } from './targets';

/*
 * `npm run bench`: generates synthetic GitOps states, measures every scenario in fresh child
 * processes, prints a table (stdout) and writes bench/results.json. Progress goes to stderr.
 */

const CHILD = path.join(__dirname, 'child.js');
const NAIVE_CHILD = path.join(__dirname, 'naive-child.js');
const log = (msg: string): void => { process.stderr.write(`[bench] ${msg}\n`); };
/** Bytes for people: kB below a megabyte, else MB with two decimals. */
const size = (bytes: number): string => (bytes < 1e6 ? `${Math.round(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(2)} MB`);

function runChild(scenario: ChildScenario, root: string, outDir: string, extraNodeArgs: string[] = []): ChildResult {
  const r = spawnSync(process.execPath, ['--expose-gc', ...extraNodeArgs, scenario === 'naive' ? NAIVE_CHILD : CHILD, scenario, root, outDir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) {
    let reported: string | undefined;
    try {
      reported = (JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { error?: string }).error;
    } catch {
      reported = undefined;
    }
    throw new Error(reported ?? `bench child ${scenario} failed (exit ${r.status}):\n${r.stderr}`);
  }
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildResult;
}

const LABELS: Record<string, string> = {
  'full': 'full synth',
  'full-1t': 'full synth, 1 thread (workers: 0)',
  'noop': 'no-op synth',
  'incremental': 'one-change synth',
  'check': 'synth --check (current)',
  'naive': 'baseline: naive cdk8s-plus, 1 App/env',
  'floor': 'baseline: floor (yaml.stringify + write)',
  'kustomize': 'baseline: kubectl kustomize per overlay',
  'status-json': 'zave status --format json',
  'status-html': 'zave status --format html (fleet page)',
  'page-open': 'fleet page: headless Chromium load',
  ...Object.fromEntries(LIFECYCLE_SCENARIOS.map((s) => [s.id, s.label])),
};

/** The synth mode each engine scenario must report, so a broken cache cannot pass for a fast one. */
const EXPECTED_MODE: Record<string, string> = { 'full': 'full', 'full-1t': 'full', 'noop': 'no-op', 'incremental': 'incremental', 'check': 'check' };

/**
 * Writes back what the untimed preparation left in the page cache (a removed 9,000-file tree, a copied
 * state), so the kernel's write-back of it does not land in the timed run that follows.
 */
function settleDisk(): void {
  spawnSync('sync', [], { stdio: 'ignore' });
}

class Bench {
  readonly measurements: Measurement[] = [];
  /** Highest 1-minute load average seen after a run (other work on the machine inflates timings). */
  maxLoad = os.loadavg()[0];
  private readonly tmp: string;
  constructor(private readonly opts: BenchOptions) {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-bench-'));
  }

  /** Runs `scenario` `runs` times; `before(k)` prepares run k and returns [root, outDir]. */
  measure(id: ChildScenario, n: number, runs: number, before: (k: number) => [string, string], note?: string): Measurement {
    const samples: number[] = [];
    let rss = 0;
    let files = 0;
    for (let k = 0; k < runs; k++) {
      const [root, outDir] = before(k);
      settleDisk();
      const r = runChild(id, root, outDir);
      if (id === 'check' && r.stale !== 0) throw new Error(`synth --check found ${r.stale} stale files on a current repo (N=${n})`);
      const expectedMode = EXPECTED_MODE[id];
      if (expectedMode && !r.detail?.startsWith(`mode ${expectedMode},`)) throw new Error(`${id} synth at N=${n} ran as "${r.detail}", expected mode ${expectedMode}`);
      samples.push(r.ms);
      rss = Math.max(rss, r.maxRssKiB / 1024);
      files = r.files;
      fs.rmSync(outDir, { recursive: true, force: true });
      log(`  ${id} N=${n} run ${k + 1}/${runs}: ${r.ms.toFixed(0)} ms, max RSS ${(r.maxRssKiB / 1024).toFixed(0)} MiB${r.detail ? ` (${r.detail})` : ''}, load ${os.loadavg()[0].toFixed(1)}`);
      this.maxLoad = Math.max(this.maxLoad, os.loadavg()[0]);
    }
    const m: Measurement = {
      id, label: LABELS[id], n, runs, medianMs: median(samples), samplesMs: samples, peakRssMiB: rss, files, ...(note ? { note } : {}),
    };
    this.measurements.push(m);
    return m;
  }

  async runSize(n: number): Promise<void> {
    const dir = path.join(this.tmp, `n${n}`);
    const fleet = syntheticFleet(n);
    const state = path.join(dir, 'state');
    writeGitOpsState(state, fleet);
    log(`N=${n}: generated ${fleet.length} workloads x 3 environments in ${state}`);
    const runs = this.opts.runs ?? (n <= 300 ? 5 : 3);
    if (this.opts.only === 'status-page') {
      const current = path.join(dir, 'work');
      fs.cpSync(state, current, { recursive: true });
      log(`N=${n}: synthesizing once, untimed (--only status-page)`);
      runChild('full', current, path.join(dir, 'unused'));
      await this.statusPage(n, dir, current);
      return;
    }
    const fresh = (): [string, string] => {
      const root = path.join(dir, 'full');
      fs.rmSync(root, { recursive: true, force: true });
      fs.cpSync(state, root, { recursive: true });
      return [root, path.join(dir, 'unused')];
    };
    try {
      this.measure('full', n, runs, fresh);
    } catch (e) {
      const message = (e as Error).message;
      log(`  full synth at N=${n} FAILED: ${message}`);
      this.measurements.push({ id: 'full', label: LABELS.full, n, runs: 0, medianMs: NaN, samplesMs: [], files: 0, failed: message });
      return;
    }
    const oneThreadRuns = this.opts.runs ?? (n <= 300 ? runs : 1);
    this.measure('full-1t', n, oneThreadRuns, fresh, `for comparison: no worker threads${oneThreadRuns === 1 ? ', one run' : ''}`);
    // One current repo for check, no-op and one-change runs (synthesized once, untimed).
    const work = path.join(dir, 'work');
    fs.cpSync(state, work, { recursive: true });
    runChild('full', work, path.join(dir, 'unused'));
    this.measure('check', n, runs, () => [work, path.join(dir, 'unused')]);
    await this.statusPage(n, dir, work);
    this.lifecycle(n, dir, work, fleet.map((w) => w.service).sort());
    this.measure('noop', n, runs, () => [work, path.join(dir, 'unused')]);
    this.measure('incremental', n, runs, (k) => {
      changeOneContract(work, fleet, k + 1);
      return [work, path.join(dir, 'unused')];
    });
    fs.rmSync(path.join(dir, 'full'), { recursive: true, force: true });

    const naiveRuns = this.opts.runs ?? (n <= 300 ? 3 : 1);
    this.measure('naive', n, naiveRuns, (k) => [state, path.join(dir, `naive-${k}`)], naiveRuns === 1 ? 'one run (slow)' : undefined);
    this.measure('floor', n, runs, (k) => [state, path.join(dir, `floor-${k}`)], 'objects from renderWorkload, untimed');
    this.kustomize(n, dir, state);
    fs.rmSync(work, { recursive: true, force: true });
  }

  /**
   * Lifecycle verbs on a committed, synthesized repository of N workloads: each verb is a whole
   * `zave` process (node start-up included), reading git objects and writing one commit on a branch.
   */
  lifecycle(n: number, dir: string, work: string, services: readonly string[]): void {
    const runs = this.opts.runs ?? 3;
    const repo = path.join(dir, 'lifecycle');
    fs.rmSync(repo, { recursive: true, force: true });
    fs.cpSync(work, repo, { recursive: true });
    const cwd = prepareLifecycle(repo, dir, runs);
    settleDisk();
    const zave = path.resolve(__dirname, '..', '..', 'bin', 'zave');
    for (const scenario of LIFECYCLE_SCENARIOS) {
      const samples: number[] = [];
      const floors: GitFloor[] = [];
      for (let k = 0; k < runs; k++) {
        const before = zaveBranchTips(repo, verbEnvironment());
        const ms = timeVerb(zave, cwd, scenario.args(k, repo, services));
        samples.push(ms);
        // The commit the verb made (the zave/* branch it moved): git's own share of it, timed apart.
        const moved = [...zaveBranchTips(repo, verbEnvironment())].find(([ref, tip]) => before.get(ref) !== tip);
        const floor = moved ? gitFloor(repo, moved[1], verbEnvironment()) : undefined;
        if (floor) floors.push(floor);
        log(`  ${scenario.id} N=${n} run ${k + 1}/${runs}: ${ms.toFixed(0)} ms${floor ? ` (git floor ${floor.ms.toFixed(0)} ms)` : ''}, load ${os.loadavg()[0].toFixed(1)}`);
        this.maxLoad = Math.max(this.maxLoad, os.loadavg()[0]);
      }
      const floor = floorFigure(floors);
      this.measurements.push({
        id: scenario.id,
        label: scenario.label,
        n,
        runs,
        medianMs: median(samples),
        samplesMs: samples,
        files: 0,
        note: floor ? `whole zave process; git floor ${floor.medianMs.toFixed(0)} ms (${size(floor.readBytes)} read, ${size(floor.writtenBytes)} written)` : 'whole zave process',
        ...(floor ? { gitFloor: floor } : {}),
      });
    }
    fs.rmSync(repo, { recursive: true, force: true });
  }

  /** Only the lifecycle verbs at N (for sizes where the synth baselines would take too long). */
  async lifecycleOnly(n: number): Promise<void> {
    const dir = path.join(this.tmp, `lc${n}`);
    const fleet = syntheticFleet(n);
    const work = path.join(dir, 'work');
    writeGitOpsState(work, fleet);
    log(`N=${n} (verbs only): synthesizing ${fleet.length} workloads x 3 environments once, untimed`);
    runChild('full', work, path.join(dir, 'unused'));
    this.lifecycle(n, dir, work, fleet.map((w) => w.service).sort());
    fs.rmSync(dir, { recursive: true, force: true });
  }

  /** status json vs html on the current repository (committed once, untimed), page size and headless open time. */
  async statusPage(n: number, dir: string, work: string): Promise<void> {
    commitAll(work);
    const runs = this.opts.runs ?? 3;
    const page = path.join(dir, 'fleet.html');
    this.measure('status-json', n, runs, () => [work, path.join(dir, 'unused')]);
    this.measure('status-html', n, runs, () => [work, page], 'detail: page bytes');
    runChild('status-html', work, page);
    const bytes = fs.statSync(page).size;
    const open = await headlessOpenMs(page, runs);
    if (!open) {
      log('playwright-core or /usr/bin/chromium missing: headless open time not measured');
      return;
    }
    const cpu = median(open.rendererCpuMs);
    this.measurements.push({ id: 'page-open', label: LABELS['page-open'], n, runs, medianMs: median(open.wallMs), samplesMs: open.wallMs, files: 1, pageBytes: bytes, note: `page ${(bytes / 1e6).toFixed(2)} MB (${bytes} bytes); load event + first frame; renderer main thread CPU ${cpu.toFixed(0)} ms` });
    log(`  page-open N=${n}: ${median(open.wallMs).toFixed(0)} ms (renderer CPU ${open.rendererCpuMs.map((x) => x.toFixed(0)).join(', ')} ms), page ${bytes} bytes, load ${os.loadavg()[0].toFixed(1)}`);
    fs.rmSync(path.join(work, '.git'), { recursive: true, force: true });
  }

  kustomize(n: number, dir: string, state: string): void {
    if (!kubectlAvailable()) {
      log('kubectl not found: kustomize baseline skipped');
      return;
    }
    if (n > this.opts.kustomizeMaxN) {
      const base = [...this.measurements].reverse().find((m) => m.id === 'kustomize' && !m.extrapolatedFrom);
      if (!base) {
        log(`kustomize at N=${n} skipped: above --kustomize-max-n ${this.opts.kustomizeMaxN} and no smaller N measured`);
        return;
      }
      const scale = n / base.n;
      this.measurements.push({
        id: 'kustomize',
        label: LABELS.kustomize,
        n,
        runs: 0,
        medianMs: base.medianMs * scale,
        samplesMs: [],
        files: Math.round(base.files * scale),
        extrapolatedFrom: `N=${base.n} x ${scale} (one process per overlay: linear)`,
      });
      log(`kustomize N=${n}: extrapolated from N=${base.n} (${(base.medianMs * scale / 1000).toFixed(0)} s estimated)`);
      return;
    }
    const tree = path.join(dir, 'kustomize');
    const overlays = writeKustomizeTree(tree, loadState(state));
    log(`kustomize N=${n}: ${overlays.length} overlays, one kubectl process each (1 run)`);
    this.measure('kustomize', n, 1, (k) => [tree, path.join(dir, `kustomize-out-${k}`)], 'one run (slow)');
  }

  /** CPU profiles (main thread) of a one-thread full synth and of a no-op synth at N. */
  profiles(n: number): Record<string, ProfileSummary> {
    const dir = path.join(this.tmp, `profile-${n}`);
    const root = path.join(dir, 'state');
    writeGitOpsState(root, syntheticFleet(n));
    const run = (scenario: ChildScenario, name: string): ProfileSummary => {
      const profDir = path.join(dir, `prof-${name}`);
      log(`profiling ${scenario} at N=${n}`);
      runChild(scenario, root, path.join(dir, 'unused'), ['--cpu-prof', '--cpu-prof-dir', profDir]);
      const file = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).sort()[0];
      return summarizeProfile(path.join(profDir, file), 20, 'measure');
    };
    const full = run('full-1t', 'full');
    const noop = run('noop', 'noop');
    return { 'full synth, 1 thread': full, 'no-op synth': noop };
  }

  cleanup(): void {
    if (this.opts.keep) log(`kept ${this.tmp}`);
    else fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${BENCH_USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const bench = new Bench(opts);
  try {
    log(`engine: ${ENGINE_LABEL}`);
    if (opts.only === 'verbs') {
      for (const n of [...opts.sizes, ...opts.lifecycleSizes]) await bench.lifecycleOnly(n);
    } else {
      for (const n of opts.sizes) await bench.runSize(n);
      for (const n of opts.lifecycleSizes) await bench.lifecycleOnly(n);
    }
    // Profile at the largest N where the engine ran.
    const ran = bench.measurements.filter((x) => x.id === 'full' && !x.failed).map((x) => x.n);
    const largest = ran.length ? Math.max(...ran) : undefined;
    const profiles = opts.profile && !opts.only && largest !== undefined ? bench.profiles(largest) : undefined;
    // --only: only the targets of that group (the others have no figures).
    const targets = evaluateTargets(bench.measurements).filter((t) => !opts.only || (opts.only === 'verbs' ? /^zave |^growth of zave / : /fleet page|status html/).test(t.name));
    const results: BenchResults = {
      engine: ENGINE_LABEL,
      machine: machineFacts(),
      gitCommit: gitCommit(process.cwd()),
      argv,
      maxLoadAverage: Number(bench.maxLoad.toFixed(2)),
      measurements: bench.measurements,
      targets,
      ...(profiles ? { profiles } : {}),
    };
    const m = results.machine;
    process.stdout.write(`zave synth benchmark: ${m.cores} x ${m.cpu}, node ${m.node}\nengine: ${ENGINE_LABEL}\n`);
    if (bench.maxLoad > m.cores) {
      process.stdout.write(`WARNING: the machine was busy (1-min load average up to ${bench.maxLoad.toFixed(1)} on ${m.cores} cores): timings are inflated and noisy\n`);
    }
    process.stdout.write('\n');
    process.stdout.write(`${measurementTable(bench.measurements)}\n\n${targetTable(targets)}\n`);
    for (const [what, summary] of Object.entries(profiles ?? {})) process.stdout.write(`\n${what} at N=${largest}: ${profileText(summary)}\n`);
    writeResults(opts.out, results);
    log(`wrote ${opts.out}`);
    return 0;
  } finally {
    bench.cleanup();
  }
}

// `npm run bench` does not forward arguments through the projen task; ZAVE_BENCH_ARGS does.
const envArgs = (process.env.ZAVE_BENCH_ARGS ?? '').split(/\s+/).filter((a) => a.length > 0);
if (require.main === module) {
  main([...process.argv.slice(2), ...envArgs]).then((code) => { process.exitCode = code; }, (e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exitCode = 3;
  });
}
