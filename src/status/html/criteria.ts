import { esc } from './escape';
import { StatusReport } from '../model';

/** Offenders listed per criterion; the count and `zave status --format json` give all of them. */
export const OFFENDERS_SHOWN = 100;

const STATUS_TEXT: Record<string, string> = { pass: 'PASS', fail: 'FAIL', unmeasured: 'UNMEASURED' };

/** Section 1: the four Formation exit criteria, exactly as the status report (and its JSON) states them. */
export function criteriaSection(report: StatusReport): string {
  const rows = report.criteria.map((c, i) => `<tr data-criterion="${esc(c.id)}" class="st-${esc(c.status)}">`
    + `<th scope="row">${i + 1}. ${esc(c.title)}</th>`
    + `<td data-field="status"><span class="badge">${STATUS_TEXT[c.status]}</span></td>`
    + `<td data-field="figure">${esc(c.figure)}</td>`
    + `<td data-field="threshold">${esc(c.threshold)}</td>`
    + `<td data-field="offenders">${c.offenders.length}</td></tr>`);
  const details = report.criteria.filter((c) => c.offenders.length > 0 || c.notes.length > 0).map((c) => {
    const shown = c.offenders.slice(0, OFFENDERS_SHOWN);
    const more = c.offenders.length - shown.length;
    const offenders = shown.map((o) => `<li><strong>${esc(o.subject)}</strong>: ${esc(o.reason)}</li>`).join('')
      + (more > 0 ? `<li>and ${more} more (<code>zave status --format json</code> lists every offender)</li>` : '');
    const notes = c.notes.map((n) => `<li>${esc(n)}</li>`).join('');
    return `<details${c.status === 'fail' ? ' open' : ''}><summary>${esc(c.title)}: ${c.offenders.length} offender(s)${c.notes.length ? `, ${c.notes.length} note(s)` : ''}</summary>`
      + (offenders ? `<ul class="offenders" data-offenders="${esc(c.id)}">${offenders}</ul>` : '')
      + (notes ? `<ul class="notes">${notes}</ul>` : '') + '</details>';
  }).join('\n');
  const verdict = report.pass ? 'All four criteria pass: Formation can exit.' : 'Not every criterion passes yet.';
  return `<section id="criteria" aria-labelledby="h-criteria"><h2 id="h-criteria">Formation exit criteria</h2>
<p class="verdict ${report.pass ? 'st-pass' : 'st-fail'}" data-pass="${report.pass}">${verdict}</p>
<table class="criteria"><caption>Measured as <code>zave status</code> measures them</caption>
<thead><tr><th scope="col">Criterion</th><th scope="col">Status</th><th scope="col">Figure</th><th scope="col">Threshold</th><th scope="col">Offenders</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${details}</section>`;
}
