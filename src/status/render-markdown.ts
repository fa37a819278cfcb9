import { StatusReport } from './model';

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const ICON: Record<string, string> = { pass: '✅ pass', fail: '❌ fail', unmeasured: '⚠️ unmeasured' };

/** The report as markdown for a pull-request comment: a badge-style summary line, tables, offenders. */
export function renderStatusMarkdown(report: StatusReport): string {
  const passing = report.criteria.filter((c) => c.status === 'pass').length;
  const colour = report.pass ? 'brightgreen' : 'red';
  const badge = `![formation exit](https://img.shields.io/badge/formation_exit-${passing}%2F${report.criteria.length}_criteria-${colour})`;
  const summary = report.criteria.map((c) => `${c.id} ${c.figure}`).join(' · ');
  const lines = [
    `${badge} **Formation exit: ${report.pass ? 'PASS' : 'FAIL'}** (${passing}/${report.criteria.length} criteria) · ${summary}`,
    '',
    '| # | Criterion | Figure | Threshold | Result |',
    '|---|---|---|---|---|',
    ...report.criteria.map((c, i) => `| ${i + 1} | ${cell(c.title)} | ${cell(c.figure)} | ${cell(c.threshold)} | ${ICON[c.status]} |`),
  ];
  const offenders = report.criteria.flatMap((c, i) => c.offenders.map((o) => ({ n: i + 1, ...o })));
  if (offenders.length > 0) {
    lines.push('', `<details><summary>Offenders (${offenders.length})</summary>`, '', '| # | Subject | Reason |', '|---|---|---|');
    for (const o of offenders) lines.push(`| ${o.n} | \`${cell(o.subject)}\` | ${cell(o.reason)} |`);
    lines.push('', '</details>');
  }
  if (report.workloads.length > 0) {
    lines.push('', '| Service | Strategy | Runtime | Exposure | Environments | Platform |', '|---|---|---|---|---|---|');
    for (const w of report.workloads) {
      lines.push(`| \`${w.service}\` | ${w.strategy ?? '?'} | ${w.runtime ?? '?'} | ${w.exposure ?? '?'} | ${w.environments.join(', ') || '-'} | ${w.platformVersion ?? '?'} |`);
    }
  }
  if (report.retained.length > 0) {
    lines.push('', '**Retained data** (deregistered workloads; deleted only by `zave deregister <service> --delete-data`):', '',
      '| Environment | Cluster | Service | Retained objects |', '|---|---|---|---|');
    for (const env of report.retained) {
      for (const w of env.workloads) lines.push(`| ${cell(env.environment)} | ${cell(env.cluster)} | \`${cell(w.service)}\` | ${w.objects.map((o) => `\`${cell(o)}\``).join(', ')} |`);
    }
  }
  const notes = report.criteria.flatMap((c) => c.notes.map((n) => `${c.title}: ${n}`));
  if (notes.length > 0) lines.push('', ...[...new Set(notes)].map((n) => `> - ${cell(n)}`));
  return `${lines.join('\n')}\n`;
}
