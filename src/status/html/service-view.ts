import { esc, repoLink, serviceAnchor } from './escape';
import { PageModel, ServiceModel } from './page-model';

/** Numbers the distinct decision rules, so each rule's text is written once (section "Decision rules"). */
export class RuleIndex {
  private readonly ids = new Map<string, number>();
  constructor(rules: string[]) {
    [...new Set(rules)].sort().forEach((r, i) => this.ids.set(r, i + 1));
  }
  /** Reference to a rule: a link to its entry. */
  ref(rule: string): string {
    const id = this.ids.get(rule);
    return id === undefined ? esc(rule) : `<a class="r" href="#r${id}">r${id}</a>`;
  }
  /** The legend. */
  section(): string {
    const items = [...this.ids.entries()].map(([rule, id]) => `<li id="r${id}" value="${id}">${esc(rule)}</li>`).join('\n');
    return `<section id="rules" aria-labelledby="h-rules"><h2 id="h-rules">Decision rules</h2><p>Why each decision in the service sections was made (<code>zave explain</code>); <em>contract</em> means the tenant wrote it.</p><ol>${items}</ol></section>`;
  }
}

/** Every rule the service sections reference. */
export function rulesOf(model: PageModel): string[] {
  return model.services.flatMap((s) => [...(s.workload?.decisions ?? []), ...s.cells.flatMap((c) => c.decisions)].map((d) => d.rule));
}

function facts(s: ServiceModel): string {
  const w = s.workload;
  const rows: [string, string][] = [
    ['strategy', esc(w?.strategy ?? s.status.strategy ?? 'unknown')],
    ['runtime', esc(w?.runtime ?? 'unknown')],
    ['exposure', esc(w?.exposure ?? 'unknown')],
    ['database', esc(w?.database ?? 'unknown')],
    ['registered', s.status.registered ? 'yes' : 'no'],
  ];
  if (s.repository) rows.push(['repository', esc(s.repository)]);
  rows.push(['failing criteria', s.status.failing.length ? s.status.failing.map((f) => `<a href="#criteria">${esc(f)}</a>`).join(', ') : 'none']);
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function environments(s: ServiceModel, rules: RuleIndex): string {
  const cells = s.cells;
  const head = `<tr><th scope="col">Decision</th>${cells.map((c) => `<th scope="col">${esc(c.environment)}</th>`).join('')}</tr>`;
  const rows: string[] = [];
  rows.push(`<tr><th scope="row">release</th>${cells.map((c) => `<td>${c.release ? `<code>${esc(c.release.image)}</code>` : '—'}</td>`).join('')}</tr>`);
  rows.push(`<tr><th scope="row">rendered at</th>${cells.map((c) => `<td>${c.location ? repoLink(c.location.link) : '—'}</td>`).join('')}</tr>`);
  rows.push(`<tr><th scope="row">objects</th>${cells.map((c, i) => {
    if (c.objects.length === 0) return '<td>—</td>';
    const prev = cells[i - 1];
    if (prev && prev.objects.join() === c.objects.join()) return `<td>same ${c.objects.length} as ${esc(prev.environment)}</td>`;
    return `<td>${c.objects.length}: ${c.objects.map(esc).join(', ')}</td>`;
  }).join('')}</tr>`);
  const fields = [...new Set(cells.flatMap((c) => c.decisions.map((d) => d.field)))].filter((f) => f !== 'objects');
  for (const f of fields) {
    rows.push(`<tr><th scope="row">${esc(f)}</th>${cells.map((c) => {
      const d = c.decisions.find((x) => x.field === f);
      return d ? `<td>${esc(d.value)} ${rules.ref(d.rule)}</td>` : '<td>—</td>';
    }).join('')}</tr>`);
  }
  return `<table class="envs"><caption>Per environment, read back from deploy/</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function serviceSection(s: ServiceModel, rules: RuleIndex): string {
  const id = serviceAnchor(s.service);
  const contract = s.contractText === undefined ? '<p>No registered contract.</p>'
    : `<details><summary>Contract ${repoLink(`workloads/${s.service}/zave.yaml`)}</summary><pre>${esc(s.contractText)}</pre></details>`;
  const problems = s.problems.length ? `<ul class="problems">${s.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : '';
  const decisions = s.workload
    ? `<table class="decisions"><caption>Contract decisions (<code>zave explain</code>)</caption><thead><tr><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Rule</th></tr></thead><tbody>${s.workload.decisions.map((d) => `<tr><th scope="row">${esc(d.field)}</th><td>${esc(d.value)}</td><td>${d.rule === 'contract' ? 'contract' : rules.ref(d.rule)}</td></tr>`).join('')}</tbody></table>`
    : '';
  return `<section id="${id}" class="svc" aria-labelledby="h-${id}"><h3 id="h-${id}">${esc(s.service)}</h3>${facts(s)}${problems}${contract}${decisions}${environments(s, rules)}<p><a href="#promotion">Back to the matrix</a></p></section>`;
}

/** Section 5: one anchored section per service. */
export function servicesSection(model: PageModel, rules: RuleIndex): string {
  return `<section id="services" aria-labelledby="h-services"><h2 id="h-services">Services</h2>\n${model.services.map((s) => serviceSection(s, rules)).join('\n')}</section>`;
}
