import { esc, repoLink, serviceAnchor, shortSha } from './escape';
import { EnvCell, PageModel, ServiceModel } from './page-model';
import { ResolvedDecision } from '../../contract/resolved';

/**
 * Section 5: one anchored section per service, and the decision profiles they share. Decisions of
 * `zave explain` depend on the contract's shape, not on the service: services whose decisions are
 * equal once their name is written `{service}` share one profile, written once (this is what keeps
 * the page under 2 MB at 1000 workloads).
 */

/** Numbers the distinct decision rules, so each rule's text is written once (section "Decision rules"). */
export class RuleIndex {
  private readonly ids = new Map<string, number>();
  constructor(rules: string[]) {
    [...new Set(rules)].filter((r) => r !== 'contract').sort().forEach((r, i) => this.ids.set(r, i + 1));
  }
  /** Reference to a rule: a link to its entry (`contract` when the tenant wrote the value). */
  ref(rule: string): string {
    const id = this.ids.get(rule);
    return id === undefined ? esc(rule) : `<a class="r" href="#r${id}">r${id}</a>`;
  }
  /** The legend. */
  section(): string {
    const items = [...this.ids.entries()].map(([rule, id]) => `<li id="r${id}" value="${id}">${esc(rule)}</li>`).join('\n');
    return `<section id="rules" aria-labelledby="h-rules"><h2 id="h-rules">Decision rules</h2><p>Why each decision was made (<code>zave explain</code>); <em>contract</em> means the tenant wrote it.</p><ol>${items}</ol></section>`;
  }
}

/** Every rule the profiles reference. */
export function rulesOf(model: PageModel): string[] {
  return model.services.flatMap((s) => [...(s.workload?.decisions ?? []), ...s.cells.flatMap((c) => c.decisions)].map((d) => d.rule));
}

/** A list of decisions shared by several services (their name written `{service}`). */
interface Profile {
  readonly id: string;
  readonly label: string;
  /** Contract decisions (`c` profiles), or per environment decisions and objects (`e` profiles). */
  readonly contract?: ResolvedDecision[];
  readonly environments?: { environment: string; decisions: ResolvedDecision[]; objects: string[] }[];
  readonly services: string[];
}

const abstract = (text: string, service: string) => text.split(service).join('{service}');
const abstractAll = (ds: ResolvedDecision[], service: string) => ds.map((d) => ({ field: d.field, value: abstract(d.value, service), rule: abstract(d.rule, service) }));

class Profiles {
  private readonly byKey = new Map<string, Profile>();
  readonly of = new Map<string, Profile>();
  constructor(private readonly prefix: string) {}
  add(service: string, key: string, make: (id: string) => Profile): void {
    let p = this.byKey.get(key);
    if (!p) {
      p = make(`${this.prefix}${this.byKey.size + 1}`);
      this.byKey.set(key, p);
    }
    p.services.push(service);
    this.of.set(service, p);
  }
  all(): Profile[] {
    return [...this.byKey.values()];
  }
}

/** Groups services into contract profiles and environment profiles, numbered in service order. */
export function profilesOf(model: PageModel): { contract: Profiles; environment: Profiles } {
  const contract = new Profiles('c');
  const environment = new Profiles('e');
  for (const s of model.services) {
    const w = s.workload;
    if (!w) continue;
    // The schedule is the one contract value a decision repeats verbatim: written {schedule}, shown in the service section.
    const decisions = abstractAll(w.decisions, s.service).map((d) => (w.schedule && d.value.includes(w.schedule) ? { ...d, value: d.value.split(w.schedule).join('{schedule}') } : d));
    contract.add(s.service, JSON.stringify(decisions), (id) => ({ id, label: `${w.strategy} · ${w.runtime} · ${w.exposure} · ${w.database === 'none' ? 'no database' : w.database} · ${w.size}`, contract: decisions, services: [] }));
    const envs = s.cells.map((c) => ({ environment: c.environment, decisions: abstractAll(c.decisions, s.service), objects: c.objects.map((o) => abstract(o, s.service)) }));
    environment.add(s.service, JSON.stringify(envs), (id) => ({ id, label: `${w.strategy} · ${w.exposure} · ${w.database === 'none' ? 'no database' : w.database} · ${w.size}`, environments: envs, services: [] }));
  }
  return { contract, environment };
}

function profileSection(p: Profile, rules: RuleIndex): string {
  let body: string;
  if (p.contract) {
    body = `<table><caption>Contract decisions</caption><thead><tr><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Rule</th></tr></thead><tbody>${p.contract.map((d) => `<tr><th scope="row">${esc(d.field)}</th><td>${esc(d.value)}</td><td>${rules.ref(d.rule)}</td></tr>`).join('')}</tbody></table>`;
  } else {
    const envs = p.environments ?? [];
    const fields = [...new Set(envs.flatMap((e) => e.decisions.map((d) => d.field)))];
    const rows = fields.map((f) => `<tr><th scope="row">${esc(f)}</th>${envs.map((e) => {
      const d = e.decisions.find((x) => x.field === f);
      return d ? `<td>${esc(d.value)} ${rules.ref(d.rule)}</td>` : '<td>—</td>';
    }).join('')}</tr>`);
    rows.push(`<tr><th scope="row">rendered objects</th>${envs.map((e, i) => {
      if (e.objects.length === 0) return '<td>—</td>';
      if (i > 0 && envs[i - 1].objects.join() === e.objects.join()) return `<td>the same as ${esc(envs[i - 1].environment)}</td>`;
      return `<td>${e.objects.map(esc).join(', ')}</td>`;
    }).join('')}</tr>`);
    body = `<table><caption>Per environment, read back from deploy/</caption><thead><tr><th scope="col">Decision</th>${envs.map((e) => `<th scope="col">${esc(e.environment)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  }
  return `<section id="${p.id}" class="profile" aria-labelledby="h-${p.id}"><h3 id="h-${p.id}">${p.id}: ${esc(p.label)} (${p.services.length} service${p.services.length === 1 ? '' : 's'})</h3>${body}</section>`;
}

function envItem(c: EnvCell, setByOnce: boolean): string {
  const rendered = c.location ? `<a href="${esc(c.location.link)}">${c.objects.length} object${c.objects.length === 1 ? '' : 's'}</a>` : 'nothing rendered';
  return `<li>${esc(c.environment)}: ${rendered}${c.setBy && !setByOnce ? `, release set by ${shortSha(c.setBy.sha)}` : ''}</li>`;
}

/**
 * One service: a heading and a line of facts, then (collapsed, so 1000 of them cost the browser
 * little) the contract and per environment a link to the rendered objects' file in the repository
 * (not the YAML itself) and the commit that set the release. The release itself is the matrix row.
 */
function serviceSection(s: ServiceModel, contract: Profile | undefined, environment: Profile | undefined): string {
  const id = serviceAnchor(s.service);
  const w = s.workload;
  const facts = [w ? `${w.strategy} · ${w.runtime} · ${w.exposure} · ${w.database === 'none' ? 'no database' : w.database} · ${w.size}` : 'no valid contract'];
  if (!s.status.registered) facts.push('not registered');
  if (w?.schedule) facts.push(`schedule <code>${esc(w.schedule)}</code>`);
  if (s.repository) facts.push(esc(s.repository));
  if (s.status.failing.length) facts.push(`failing <a href="#criteria">${s.status.failing.map(esc).join(', ')}</a>`);
  if (contract && environment) facts.push(`decisions <a href="#${contract.id}">${contract.id}</a>, <a href="#${environment.id}">${environment.id}</a>`);
  const problems = s.problems.length ? `<ul class="problems">${s.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : '';
  const text = s.contractText === undefined ? '' : `<p>${repoLink(`workloads/${s.service}/zave.yaml`)}</p><pre>${esc(s.contractText)}</pre>`;
  // One commit that set every release (a fleet registered at once) is said once.
  const setters = new Set(s.cells.map((c) => c.setBy?.sha));
  const once = setters.size === 1 && s.cells[0]?.setBy ? s.cells[0].setBy : undefined;
  const envs = `<ul class="envs">${s.cells.map((c) => envItem(c, !!once)).join('')}</ul>${once ? `<p>Every release set by ${shortSha(once.sha)}.</p>` : ''}`;
  return `<section id="${id}" class="svc"><h3>${esc(s.service)}</h3><p>${facts.join(' · ')}</p>${problems}<details><summary>Contract, rendered objects</summary>${text}${envs}</details></section>`;
}

/** Service sections per wrapper: the browser lays out a wrapper of them only when it comes into view. */
export const SERVICES_CHUNK = 100;

function chunks(sections: string[]): string {
  if (sections.length <= SERVICES_CHUNK) return sections.join('\n');
  const out: string[] = [];
  for (let i = 0; i < sections.length; i += SERVICES_CHUNK) out.push(`<div class="sv">\n${sections.slice(i, i + SERVICES_CHUNK).join('\n')}\n</div>`);
  return out.join('\n');
}

/** The services section and the profiles section. */
export function servicesSection(model: PageModel, rules: RuleIndex): string {
  const { contract, environment } = profilesOf(model);
  return `<section id="services" aria-labelledby="h-services"><h2 id="h-services">Services</h2><p>One section per service, reached from the matrix: its shape, repository, failing criteria and <code>zave explain</code> decision profiles (contract, environments); collapsed: its contract and per environment a link to the rendered objects' file (relative to the repository root) and the commit that set the release. Full image references are in <code>environments/&lt;env&gt;.yaml</code>.</p>\n${chunks(model.services.map((s) => serviceSection(s, contract.of.get(s.service), environment.of.get(s.service))))}</section>
<section id="profiles" aria-labelledby="h-profiles"><h2 id="h-profiles">Decision profiles</h2><p>The <code>zave explain</code> decisions, written once for every service that shares them (its name written {service}): contract profiles c1…, environment profiles e1….</p>
${[...contract.all(), ...environment.all()].map((p) => profileSection(p, rules)).join('\n')}</section>`;
}
