import { Measurement, TargetResult } from './stats';

function render(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r, i) => {
    const line = r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

/** The measurements as a text table (one row per scenario and N). */
export function measurementTable(ms: readonly Measurement[]): string {
  const rows = [['scenario', 'N', 'runs', 'median ms', 'min..max ms', 'peak RSS MiB', 'files', 'note']];
  for (const m of ms) {
    if (m.failed) {
      rows.push([m.label, String(m.n), '0', 'FAILED', '-', '-', '-', m.failed]);
      continue;
    }
    const min = m.samplesMs.length ? Math.min(...m.samplesMs) : m.medianMs;
    const max = m.samplesMs.length ? Math.max(...m.samplesMs) : m.medianMs;
    rows.push([
      m.label, String(m.n), m.extrapolatedFrom ? 'est.' : String(m.runs), m.medianMs.toFixed(0),
      m.extrapolatedFrom ? '-' : `${min.toFixed(0)}..${max.toFixed(0)}`,
      m.peakRssMiB === undefined ? '-' : m.peakRssMiB.toFixed(0), String(m.files),
      m.extrapolatedFrom ? `extrapolated from ${m.extrapolatedFrom}` : m.note ?? '',
    ]);
  }
  return render(rows, new Set([1, 2, 3, 4, 5, 6]));
}

/** The targets as a text table with met / NOT met. */
export function targetTable(ts: readonly TargetResult[]): string {
  const rows = [['target', 'goal', 'value', 'status', 'basis']];
  for (const t of ts) rows.push([t.name, t.goal, t.value, t.met === undefined ? '-' : t.met ? 'met' : 'NOT met', t.basis]);
  return render(rows, new Set());
}
