import { CriterionResult, StatusCount, StatusReport } from './model';
import { formatRetainedData } from '../gitops/state/retained';

const COLORS = { pass: '\x1b[32m', fail: '\x1b[31m', unmeasured: '\x1b[33m', reset: '\x1b[0m', bold: '\x1b[1m' };

/** Lays out rows as aligned columns; `color` decorates a cell after padding so widths stay right. */
function columns(rows: string[][], color?: (row: number, col: number, text: string) => string): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r, ri) => r
    .map((cell, c) => {
      const padded = c === r.length - 1 ? cell : cell.padEnd(widths[c]);
      return color ? color(ri, c, padded) : padded;
    })
    .join('  ')
    .trimEnd());
}

function result(c: CriterionResult): string {
  return c.status.toUpperCase();
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function counts(list: StatusCount[]): string {
  return list.length === 0 ? '-' : list.map((c) => `${c.value} ${c.count}`).join(', ');
}

/** The report as a readable table; `color` adds ANSI colours to PASS/FAIL (callers decide: TTY and NO_COLOR). */
export function renderStatusTable(report: StatusReport, color = false): string {
  const paint = (status: string, text: string) => (color ? `${COLORS[status as keyof typeof COLORS] ?? ''}${text}${COLORS.reset}` : text);
  const passing = report.criteria.filter((c) => c.status === 'pass').length;
  const lines: string[] = [];
  lines.push(`Formation exit criteria: ${paint(report.pass ? 'pass' : 'fail', report.pass ? 'PASS' : 'FAIL')} (${passing}/${report.criteria.length} criteria pass, ${plural(report.workloads.length, 'workload')}, ${plural(report.repositories.length, 'tenant repository', 'tenant repositories')})`);
  lines.push('');
  const rows = [['#', 'CRITERION', 'FIGURE', 'THRESHOLD', 'RESULT'], ...report.criteria.map((c, i) => [`${i + 1}`, c.title, c.figure, c.threshold, result(c)])];
  lines.push(...columns(rows, (r, c, t) => (r > 0 && c === 4 ? paint(report.criteria[r - 1].status, t) : t)));

  const withOffenders = report.criteria.filter((c) => c.offenders.length > 0);
  if (withOffenders.length > 0) {
    lines.push('', 'Offenders:');
    for (const c of withOffenders) {
      lines.push(`  ${report.criteria.indexOf(c) + 1} ${c.title} (${c.offenders.length}):`);
      const width = Math.max(...c.offenders.map((o) => o.subject.length));
      for (const o of c.offenders) lines.push(`    ${o.subject.padEnd(width)}  ${o.reason}`);
    }
  }

  if (report.workloads.length > 0) {
    lines.push('', 'Workloads:');
    const wrows = [['SERVICE', 'STRATEGY', 'RUNTIME', 'EXPOSURE', 'ENVIRONMENTS', 'PLATFORM', 'REPOSITORY', 'TENANT VERSION', 'FAILING']];
    for (const w of report.workloads) {
      wrows.push([w.service, w.strategy ?? '?', w.runtime ?? '?', w.exposure ?? '?', w.environments.join(',') || '-', w.platformVersion ?? '?', w.repository ?? '-', `${w.tenantVersion ?? '-'}${w.versionSkew ? ' (skew)' : ''}`, w.failing.map((id) => `${report.criteria.findIndex((c) => c.id === id) + 1}`).join(',') || '-']);
    }
    lines.push(...columns(wrows).map((l) => `  ${l}`));
  }

  if (report.retained.length > 0) {
    lines.push('', ...formatRetainedData(report.retained), 'Deleting retained data is its own pull request: zave deregister <service> --delete-data [--env ENV]');
  }

  lines.push('', 'Counts:');
  lines.push(`  strategy     ${counts(report.byStrategy)}`);
  lines.push(`  runtime      ${counts(report.byRuntime)}`);
  lines.push(`  exposure     ${counts(report.byExposure)}`);
  lines.push(`  environment  ${counts(report.byEnvironment)}`);
  lines.push(`  platform     ${counts(report.byPlatformVersion)}`);

  const notes = [...new Set(report.criteria.flatMap((c) => c.notes.map((n) => `${c.title}: ${n}`)))];
  const sources = [...new Set(report.workloads.map((w) => w.platformVersionSource))].sort();
  if (sources.length > 0) notes.push(`platform version read from: ${sources.join('; ')}`);
  for (const w of report.workloads) if (w.versionSkew) notes.push(`version skew: ${w.service} ${w.versionSkew}`);
  for (const w of report.workloads) if (w.contractDrift) notes.push(`contract drift: ${w.service} ${w.contractDrift}`);
  for (const w of report.workloads) {
    const runs = w.releases.filter((r) => r.contract).map((r) => `${r.environment} ${r.contract!.slice(7, 19)}${r.platform ? ` @${r.platform}` : ''}`);
    if (new Set(w.releases.map((r) => r.contract)).size > 1) notes.push(`contract revisions: ${w.service} runs ${runs.join(', ')}`);
  }
  if (notes.length > 0) lines.push('', 'Notes:', ...notes.map((n) => `  - ${n}`));
  return lines.join('\n') + '\n';
}
