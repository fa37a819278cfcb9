import { Measurement, TargetResult } from './stats';

function find(ms: readonly Measurement[], id: string, n: number): Measurement | undefined {
  return ms.find((m) => m.id === id && m.n === n);
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);

/** Evaluates the targets on the largest N measured (scaling uses the smallest and largest). */
export function evaluateTargets(all: readonly Measurement[]): TargetResult[] {
  const out: TargetResult[] = [];
  for (const f of all.filter((m) => m.failed)) {
    out.push({ name: `synth completes at N=${f.n}`, goal: 'runs', value: 'FAILED', met: false, basis: f.failed ?? '' });
  }
  // Ratios at the largest N where the engine ran (a failed N is reported above).
  const failedNs = new Set(all.filter((m) => m.failed).map((m) => m.n));
  const ms = all.filter((m) => !failedNs.has(m.n));
  // Sizes measured with more than the verbs (--verbs-n sizes run the verbs alone): the synth and page targets use the largest of them.
  const ns = [...new Set(ms.filter((m) => !m.id.startsWith('verb-')).map((m) => m.n))].sort((a, b) => a - b);
  if (ns.length === 0) ns.push(...new Set(ms.map((m) => m.n)));
  if (ns.length === 0) return out;
  const n = ns[ns.length - 1];
  const full = find(ms, 'full', n);
  type Check = (r: number) => boolean;
  const ratio = (name: string, goal: string, num: Measurement | undefined, den: Measurement | undefined, ok: Check, asPercent = false) => {
    if (!num || !den) {
      out.push({ name, goal, value: 'n/a', basis: `N=${n}: figure missing` });
      return;
    }
    const r = num.medianMs / den.medianMs;
    const est = num.extrapolatedFrom || den.extrapolatedFrom ? ' (extrapolated)' : '';
    out.push({ name, goal, value: (asPercent ? `${fmt(r * 100)}%` : `${fmt(r)}x`) + est, met: ok(r), basis: `N=${n}: ${fmt(num.medianMs, 0)} ms / ${fmt(den.medianMs, 0)} ms` });
  };
  ratio('full vs naive cdk8s (speed-up)', '>= 10x', find(ms, 'naive', n), full, (r) => r >= 10);
  ratio('full vs floor (cost)', '<= 2x', full, find(ms, 'floor', n), (r) => r <= 2);
  if (ns.length > 1) {
    const small = ns[0];
    const a = find(ms, 'full', small);
    if (a && full) {
      const r = full.medianMs / a.medianMs;
      const linear = n / small;
      out.push({ name: `scaling t(${n})/t(${small})`, goal: `<= ${fmt(linear * 1.1, 0)}`, value: fmt(r, 2), met: r <= linear * 1.1, basis: `full synth ${fmt(full.medianMs, 0)} ms / ${fmt(a.medianMs, 0)} ms` });
    }
  } else {
    out.push({ name: 'scaling', goal: '<= 11 (1000 vs 100)', value: 'n/a', basis: 'only one N completed' });
  }
  ratio('no-op synth as % of full', '<= 10%', find(ms, 'noop', n), full, (r) => r <= 0.1, true);
  ratio('one-change synth as % of full', '<= 10%', find(ms, 'incremental', n), full, (r) => r <= 0.1, true);
  const rss = ms.filter((m) => ['full', 'noop', 'incremental', 'check'].includes(m.id) && m.peakRssMiB !== undefined);
  if (rss.length > 0) {
    const peak = Math.max(...rss.map((m) => m.peakRssMiB ?? 0));
    out.push({ name: 'peak RSS of synth', goal: '<= 512 MiB', value: `${fmt(peak, 0)} MiB`, met: peak <= 512, basis: 'max over full, no-op, one-change, check at every N' });
  }
  // Lifecycle verbs: each whole zave process within 1.5 s, at every N measured (their cost follows the change).
  for (const v of all.filter((m) => m.id.startsWith('verb-')).sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1))) {
    out.push({ name: `${v.label} at N=${v.n}`, goal: '<= 1500 ms', value: `${fmt(v.medianMs, 0)} ms`, met: v.medianMs <= 1500, basis: `median of ${v.runs} whole-process runs` });
  }
  // How each verb grows with N, and how much of that growth is git's own (gitFloor): information, no goal is set.
  const verbs = all.filter((m) => m.id.startsWith('verb-') && !m.failed);
  for (const id of [...new Set(verbs.map((m) => m.id))].sort()) {
    const sizes = verbs.filter((m) => m.id === id).sort((a, b) => a.n - b.n);
    if (sizes.length < 2) continue;
    const [a, b] = [sizes[0], sizes[sizes.length - 1]];
    const total = b.medianMs - a.medianMs;
    const floor = a.gitFloor && b.gitFloor ? b.gitFloor.medianMs - a.gitFloor.medianMs : undefined;
    const signed = (x: number) => `${x < 0 ? '-' : '+'}${fmt(Math.abs(x), 0)} ms`;
    out.push({
      name: `growth of ${a.label}, N=${a.n} -> ${b.n}`,
      goal: 'info',
      value: signed(total),
      basis: floor === undefined ? `${fmt(a.medianMs, 0)} -> ${fmt(b.medianMs, 0)} ms`
        : `${fmt(a.medianMs, 0)} -> ${fmt(b.medianMs, 0)} ms; git floor ${signed(floor)}, zave's own ${signed(total - floor)}`,
    });
  }
  // The fleet page (issue 15): under 2 MB, open in headless Chromium in under 1 s, little more to generate than status json.
  const open = find(ms, 'page-open', n);
  if (open?.pageBytes !== undefined) {
    out.push({ name: 'fleet page size', goal: '< 2 MB', value: `${fmt(open.pageBytes / 1e6, 2)} MB`, met: open.pageBytes < 2e6, basis: `N=${n}: ${open.pageBytes} bytes` });
  }
  if (open) out.push({ name: 'fleet page open in headless Chromium', goal: '< 1000 ms', value: `${fmt(open.medianMs, 0)} ms`, met: open.medianMs < 1000, basis: `N=${n}: median of ${open.runs}, navigation to load event and first frame` });
  ratio('status html vs status json (cost)', '<= 1.25x', find(ms, 'status-html', n), find(ms, 'status-json', n), (r) => r <= 1.25);
  ratio('full vs kustomize (speed-up, info)', 'none', find(ms, 'kustomize', n), full, () => true);
  out[out.length - 1] = { ...out[out.length - 1], met: undefined };
  return out;
}
