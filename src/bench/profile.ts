import * as fs from 'fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One row of a profile summary: milliseconds of CPU attributed to a key. */
export interface ProfileRow {
  readonly key: string;
  readonly ms: number;
  readonly percent: number;
}

/** Where the CPU time of a profiled run went. */
export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time grouped by package (node_modules/<pkg>), zave area (lib/<area>) or V8 bucket. */
  readonly selfByArea: ProfileRow[];
  /** Inclusive time of the heaviest functions (each counted once per stack, so recursion is not double counted). */
  readonly inclusiveByFunction: ProfileRow[];
}

/** Package or area a script URL belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName || '(anonymous)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const lib = /\/lib\/([^/]+)\//.exec(url);
  if (lib) return `zave ${lib[1]}`;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?([^/]+).*$/, 'node:$2');
  return url;
}

function functionKey(n: ProfileNode): string {
  const f = n.callFrame;
  const file = f.url.replace(/^.*node_modules\//, '').replace(/^.*\/lib\//, 'lib/');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

/** Ids of `focus` nodes and all their descendants. */
function subtreeIds(nodes: readonly ProfileNode[], byId: Map<number, ProfileNode>, focus: string): Set<number> {
  const out = new Set<number>();
  const visit = (n: ProfileNode) => {
    if (out.has(n.id)) return;
    out.add(n.id);
    for (const c of n.children ?? []) { const child = byId.get(c); if (child) visit(child); }
  };
  for (const n of nodes) if (n.callFrame.functionName === focus) visit(n);
  return out;
}

/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`). With `focus`, only samples under functions
 * of that name count (e.g. the timed operation, leaving module loading out).
 */
export function summarizeProfile(file: string, top = 15, focus?: string): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const keep = focus ? subtreeIds(p.nodes, byId, focus) : undefined;
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => {
    if (!keep || keep.has(id)) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);

  const area = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const k = areaOf(n.callFrame.url, n.callFrame.functionName);
    area.set(k, (area.get(k) ?? 0) + ms);
  }

  const inclusive = new Map<string, number>();
  const childOf = new Set(p.nodes.flatMap((n) => n.children ?? []));
  const roots = focus ? p.nodes.filter((n) => n.callFrame.functionName === focus) : p.nodes.filter((n) => !childOf.has(n.id));
  const subtotal = (n: ProfileNode, onStack: Set<string>): number => {
    const key = functionKey(n);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    let t = self.get(n.id) ?? 0;
    for (const c of n.children ?? []) {
      const child = byId.get(c);
      if (child) t += subtotal(child, onStack);
    }
    if (fresh) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
    return t;
  };
  for (const r of roots) subtotal(r, new Set());

  const rows = (m: Map<string, number>): ProfileRow[] => [...m.entries()]
    .filter(([k, ms]) => !k.startsWith('(root)') && ms > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([key, ms]) => ({ key, ms, percent: totalMs ? (ms / totalMs) * 100 : 0 }));
  return { totalMs, selfByArea: rows(area), inclusiveByFunction: rows(inclusive) };
}

/** A profile summary as text. */
export function profileText(s: ProfileSummary): string {
  const line = (r: ProfileRow) => `  ${r.ms.toFixed(0).padStart(7)} ms ${r.percent.toFixed(1).padStart(5)}%  ${r.key}`;
  return [
    `CPU profile: ${s.totalMs.toFixed(0)} ms sampled`,
    'self time by package / area:', ...s.selfByArea.map(line),
    'inclusive time by function:', ...s.inclusiveByFunction.map(line),
  ].join('\n');
}
