import { esc, topologyAnchor } from './escape';
import { EnvCell, PageModel, ServiceModel } from './page-model';

/**
 * Section 3: per environment, a deterministic SVG of what contracts and platform imply. Workloads
 * are grouped by shape (strategy, exposure, database and the exact flows their NetworkPolicies
 * allow, with the service name abstracted), so 300 or 1000 workloads draw as a handful of groups:
 * ingress peers on the left, the group in the middle (its host pattern, and its members when there
 * are at most MEMBERS_DRAWN), egress peers on the right. Every member is named in a collapsed list (the matrix links each to its section).
 */
export const MEMBERS_DRAWN = 6;

interface Group {
  readonly label: string;
  readonly flows: string[];
  readonly members: { service: string; cell: EnvCell }[];
}

interface Flow { readonly owner: string; readonly dir: string; readonly peer: string; readonly port: string }

function parseFlow(line: string): Flow {
  const parts = line.split(' ');
  return { owner: parts[0], dir: parts[1], peer: parts.slice(3, -1).join(' '), port: parts[parts.length - 1] };
}

function groupsOf(services: ServiceModel[], envIndex: number): Group[] {
  const byKey = new Map<string, Group>();
  for (const s of services) {
    const cell = s.cells[envIndex];
    if (!cell.location) continue;
    const w = s.workload;
    const label = w ? `${w.strategy} · ${w.exposure}${w.database !== 'none' ? ` · ${w.database}` : ''}` : `${s.status.strategy ?? 'unknown strategy'}`;
    const key = `${label}\n${cell.flows.join('\n')}`;
    const g = byKey.get(key) ?? { label, flows: cell.flows, members: [] };
    g.members.push({ service: s.service, cell });
    byKey.set(key, g);
  }
  const groups = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const seen = new Map<string, number>();
  return groups.map((g) => {
    const n = (seen.get(g.label) ?? 0) + 1;
    seen.set(g.label, n);
    return n === 1 ? g : { ...g, label: `${g.label} (variant ${n})` };
  });
}

/** Peers of the workload pods in one direction, with their ports, sorted. */
function peers(flows: string[], dir: 'ingress' | 'egress'): string[] {
  const byPeer = new Map<string, Set<string>>();
  for (const f of flows.map(parseFlow)) {
    if (f.owner.startsWith('Cluster/') || f.dir !== dir) continue;
    const peer = /^Cluster\/\{service\}\/(.+)$/.exec(f.peer) ? `PostgreSQL ${f.peer.split('/')[2]}` : pretty(f.peer);
    byPeer.set(peer, (byPeer.get(peer) ?? new Set()).add(f.port));
  }
  return [...byPeer.keys()].sort().map((p) => `${p} · ${[...byPeer.get(p)!].sort().join(', ')}`);
}

/** `pods:{"matchLabels":{"k8s-app":"kube-dns"}}` reads as `pods k8s-app=kube-dns`. */
function pretty(peer: string): string {
  return peer.replace(/pods:\{"matchLabels":\{([^{}]*)\}\}/g, (_, labels: string) => `pods ${labels.replace(/"([^"]*)":"([^"]*)"/g, '$1=$2')}`);
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function node(x: number, y: number, w: number, text: string, cls: string): string {
  return `<g class="${cls}"><title>${esc(text)}</title><rect x="${x}" y="${y}" width="${w}" height="24" rx="4"/><text x="${x + 8}" y="${y + 16}">${esc(clip(text))}</text></g>`;
}

const LEFT = 10;
const MID = 350;
const RIGHT = 690;
const BOX_W = 260;
const ROW = 32;

function band(g: Group, top: number): { svg: string; height: number } {
  const ins = peers(g.flows, 'ingress');
  const outs = peers(g.flows, 'egress');
  const host = g.members.find((m) => m.cell.host);
  const lines = [g.label, `${g.members.length} workload${g.members.length === 1 ? '' : 's'}`];
  if (host) lines.push(`https://${host.cell.host!.split(host.service).join('{service}')}`);
  const titles: string[] = lines.map(() => '');
  if (g.members.length <= MEMBERS_DRAWN) {
    for (const m of g.members) {
      lines.push(`${m.service}${m.cell.database ? ` → ${m.cell.database}` : ''}`);
      titles.push(`${m.cell.host ? `https://${m.cell.host} → ` : ''}${m.service}${m.cell.database ? ` → PostgreSQL ${m.cell.database}` : ''}`);
    }
  }
  const boxH = 12 + lines.length * 18;
  const height = Math.max(boxH, ins.length * ROW, outs.length * ROW) + 24;
  const boxY = top + 12;
  const mid = boxY + boxH / 2;
  const parts: string[] = [];
  parts.push(`<g class="grp"><rect x="${MID}" y="${boxY}" width="${BOX_W}" height="${boxH}" rx="6"/>${lines.map((l, i) => `<text x="${MID + 10}" y="${boxY + 20 + i * 18}"${i === 0 ? ' class="b"' : ''}>${titles[i] ? `<title>${esc(titles[i])}</title>` : ''}${esc(clip(l, 42))}</text>`).join('')}</g>`);
  ins.forEach((p, i) => {
    const y = top + 12 + i * ROW;
    parts.push(node(LEFT, y, BOX_W, p, 'peer'), `<line x1="${LEFT + BOX_W}" y1="${y + 12}" x2="${MID - 4}" y2="${mid}" marker-end="url(#arr)"/>`);
  });
  outs.forEach((p, i) => {
    const y = top + 12 + i * ROW;
    parts.push(node(RIGHT, y, BOX_W, p, p.startsWith('PostgreSQL') ? 'db' : 'peer'), `<line x1="${MID + BOX_W}" y1="${mid}" x2="${RIGHT - 4}" y2="${y + 12}" marker-end="url(#arr)"/>`);
  });
  return { svg: parts.join(''), height };
}

function flowSentence(g: Group): string {
  const ins = peers(g.flows, 'ingress');
  const outs = peers(g.flows, 'egress');
  const db = g.flows.map(parseFlow).filter((f) => f.owner.startsWith('Cluster/'));
  return `<li><strong>${esc(g.label)}</strong> (${g.members.length}): accepts from ${ins.length ? ins.map(esc).join('; ') : 'nothing'}; sends to ${outs.length ? outs.map(esc).join('; ') : 'nothing'}`
    + `${db.length ? `; its database ${db.map((f) => `${f.dir === 'ingress' ? 'accepts from' : 'sends to'} ${esc(pretty(f.peer))} ${esc(f.port)}`).join(', ')}` : ''}.`
    + `<details><summary>${g.members.length} member${g.members.length === 1 ? '' : 's'}</summary><p class="members">${g.members.map((m) => esc(m.service)).join(' ')}</p></details></li>`;
}

function environmentFigure(model: PageModel, envIndex: number): string {
  const env = model.environments[envIndex];
  const groups = groupsOf(model.services, envIndex);
  const id = topologyAnchor(env);
  if (groups.length === 0) return `<section id="${id}" aria-labelledby="h-${id}"><h3 id="h-${id}">${esc(env)}</h3><p>Nothing is rendered in ${esc(env)}.</p></section>`;
  let top = 0;
  const bands = groups.map((g) => {
    const b = band(g, top);
    top += b.height;
    return b.svg;
  });
  const count = groups.reduce((n, g) => n + g.members.length, 0);
  const desc = `${count} workloads in ${groups.length} group${groups.length === 1 ? '' : 's'}: ${groups.map((g) => `${g.label} (${g.members.length})`).join('; ')}. The list below the figure states every flow.`;
  return `<section id="${id}" aria-labelledby="h-${id}"><h3 id="h-${id}">${esc(env)}</h3>
<figure><svg viewBox="0 0 960 ${top}" width="960" height="${top}" role="img" aria-labelledby="t-${id} d-${id}"><title id="t-${id}">Topology of ${esc(env)}</title><desc id="d-${id}">${esc(desc)}</desc>${bands.join('')}</svg>
<figcaption>Left: who may connect in; middle: the workload group; right: where it may connect to (NetworkPolicies as rendered under deploy/${esc(env)}).</figcaption></figure>
<ul class="flows">${groups.map(flowSentence).join('\n')}</ul></section>`;
}

/** The section, one figure per environment in promotion order. */
export function topologySection(model: PageModel): string {
  const defs = '<svg width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute"><defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#3b4a5a"/></marker></defs></svg>';
  return `<section id="topology" aria-labelledby="h-topology"><h2 id="h-topology">Topology</h2>
<p>Workloads are grouped by strategy, exposure, database and the flows their NetworkPolicies allow; a group draws its members when it has at most ${MEMBERS_DRAWN}, and lists them all below.</p>${defs}
${model.environments.map((_, i) => environmentFigure(model, i)).join('\n')}</section>`;
}
