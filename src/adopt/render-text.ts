import { AdoptionEvidence, AdoptionReport } from './model';

/** `file:line field` of a piece of evidence. */
export function where(e: AdoptionEvidence): string {
  return `${e.object} ${e.field || '(object)'} (${e.file}${e.line !== undefined ? `:${e.line}` : ''})`;
}

/** Verdicts as people read them. */
export const VERDICT_TEXT: Record<string, string> = { 'as-is': 'adoptable as-is', 'with-changes': 'adoptable with changes', 'not-adoptable': 'not adoptable' };

/** The share in one line, e.g. `contract-driven after adoption: 6/12 (50%); criterion 1 needs >= 80%: not met`. */
export function shareLine(report: AdoptionReport): string {
  const s = report.share;
  return `contract-driven after adoption: ${s.figure}; criterion 1 needs >= ${s.thresholdPercent}%: ${s.meetsCriterion ? 'met' : 'not met'}`;
}

/** The report for a terminal: summary, then per workload its inferences with evidence and its findings. */
export function renderText(report: AdoptionReport): string {
  const s = report.share;
  const lines: string[] = [];
  lines.push(`zave adopt: ${s.total} workload${s.total === 1 ? '' : 's'} in ${report.sources} source${report.sources === 1 ? '' : 's'} (${report.objects} objects)`);
  lines.push(`  adoptable as-is         ${s.asIs}`);
  lines.push(`  adoptable with changes  ${s.withChanges}`);
  lines.push(`  not adoptable           ${s.notAdoptable}`);
  lines.push(`  ${shareLine(report)}`);
  for (const a of report.absorbed) lines.push(`  not counted: ${a.object} (${a.file}) becomes the database of ${a.into}`);
  if (report.skipped.length > 0) lines.push(`  skipped: ${report.skipped.map((k) => `${k.count} ${k.kind}`).join(', ')}`);
  for (const w of report.workloads) {
    lines.push('', `${w.service}: ${VERDICT_TEXT[w.verdict]}  [${w.object}, ${w.file}]`);
    if (w.attached.length > 0) lines.push(`  with ${w.attached.join(', ')}`);
    const width = Math.max(...w.inferences.map((i) => i.field.length)) + 2;
    for (const i of w.inferences) {
      lines.push(`  ${i.field.padEnd(width)}${i.value}  (${i.rule})`);
      for (const e of i.evidence) lines.push(`  ${' '.repeat(width)}└ ${where(e)}${e.value !== undefined ? ` = ${e.value}` : ''}`);
    }
    for (const f of w.findings) {
      lines.push(`  ${f.impact.padEnd(18)}${f.code}: ${f.message}`);
      lines.push(`  ${' '.repeat(18)}at ${where(f.evidence)}`);
      lines.push(`  ${' '.repeat(18)}→ ${f.change}`);
    }
  }
  if (report.issues.length > 0) {
    lines.push('', `${report.issues.length} input problem${report.issues.length === 1 ? '' : 's'} (those inputs were skipped, the rest was read):`);
    for (const i of report.issues) lines.push(`  ${i.file}:${i.line}:${i.column} ${i.message} [${i.code}]${i.hint ? `\n    hint: ${i.hint}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
