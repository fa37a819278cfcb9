import { AdoptionEvidence, AdoptionReport } from './model';
import { VERDICT_TEXT } from './render-text';

/** A table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function at(e: AdoptionEvidence): string {
  return `\`${e.file}${e.line !== undefined ? `:${e.line}` : ''}\` ${e.object} \`${e.field || '(object)'}\``;
}

const pct = (n: number, total: number) => (total === 0 ? '0%' : `${Math.floor((n * 100) / total)}%`);

/** The report as markdown for a pull request: the share, one row per workload, every finding, and the evidence per workload (collapsed). */
export function renderMarkdown(report: AdoptionReport): string {
  const s = report.share;
  const out: string[] = [];
  out.push(`### zave adopt: ${s.adoptable} of ${s.total} workloads adoptable (${s.percent}%)`, '');
  out.push('| | workloads | share |', '|---|---:|---:|');
  out.push(`| adoptable as-is | ${s.asIs} | ${pct(s.asIs, s.total)} |`);
  out.push(`| adoptable with listed changes | ${s.withChanges} | ${pct(s.withChanges, s.total)} |`);
  out.push(`| not adoptable | ${s.notAdoptable} | ${pct(s.notAdoptable, s.total)} |`);
  out.push(`| **contract-driven after adoption** (criterion 1 needs ≥ ${s.thresholdPercent}%) | **${s.figure.split(' ')[0]}** | **${s.percent}%** ${s.meetsCriterion ? '✅' : '❌'} |`);
  out.push('');
  const notes: string[] = [];
  for (const a of report.absorbed) notes.push(`${a.object} (\`${a.file}\`) is not counted: it becomes the database of \`${a.into}\`.`);
  if (report.skipped.length > 0) notes.push(`Skipped (not workloads, not attached to one): ${report.skipped.map((k) => `${k.count} \`${k.kind}\``).join(', ')}.`);
  if (report.issues.length > 0) notes.push(`${report.issues.length} input problem${report.issues.length === 1 ? '' : 's'}: see below.`);
  if (notes.length > 0) out.push(...notes.map((n) => `- ${n}`), '');

  out.push('| service | from | strategy | exposure | database | size | runtime | verdict | blocks / changes / loses |', '|---|---|---|---|---|---|---|---|---|');
  for (const w of report.workloads) {
    const v = (f: string) => w.inferences.find((i) => i.field === f)?.value ?? '';
    const count = (impact: string) => w.findings.filter((f) => f.impact === impact).length;
    const strategy = v('strategy') === 'scheduled-job' ? `scheduled-job \`${v('schedule')}\`` : v('strategy');
    out.push(`| \`${w.service}\` | ${cell(w.object)} | ${strategy} | ${v('exposure')} | ${v('database')} | ${v('size')} | ${v('runtime')} | ${VERDICT_TEXT[w.verdict]} | ${count('blocks')} / ${count('changes-behaviour')} / ${count('loses')} |`);
  }
  const withFindings = report.workloads.filter((w) => w.findings.length > 0);
  if (withFindings.length > 0) {
    out.push('', '#### What the contract cannot express', '', '| service | impact | code | where | found | change |', '|---|---|---|---|---|---|');
    for (const w of withFindings) {
      for (const f of w.findings) out.push(`| \`${w.service}\` | ${f.impact} | \`${f.code}\` | ${cell(at(f.evidence))} | ${cell(f.message)} | ${cell(f.change)} |`);
    }
  }
  out.push('', '#### Inferred contracts and their evidence', '');
  for (const w of report.workloads) {
    out.push(`<details><summary><code>${w.service}</code> from ${w.object}: ${VERDICT_TEXT[w.verdict]}</summary>`, '');
    out.push('| field | value | rule | evidence |', '|---|---|---|---|');
    for (const i of w.inferences) {
      const ev = i.evidence.map((e) => `${at(e)}${e.value !== undefined ? ` = \`${e.value}\`` : ''}`).join('<br>') || '—';
      out.push(`| ${i.field} | \`${cell(i.value)}\` | ${cell(i.rule)} | ${cell(ev)} |`);
    }
    out.push('', '</details>', '');
  }
  if (report.issues.length > 0) {
    out.push('#### Input problems', '', '| file | line | code | problem |', '|---|---:|---|---|');
    for (const i of report.issues) out.push(`| \`${cell(i.file)}\` | ${i.line} | \`${i.code}\` | ${cell(i.message)}${i.hint ? ` (${cell(i.hint)})` : ''} |`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
