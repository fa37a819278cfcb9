import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** One rendered object, identified the way a reviewer reads it. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  /** Namespace, when the object has one. */
  readonly namespace?: string;
}

/** What changes in the rendered objects of one environment (or `bootstrap`). */
export interface EnvironmentChange {
  /** Environment name: the folder under deploy/. */
  readonly environment: string;
  readonly added: ObjectRef[];
  readonly changed: ObjectRef[];
  readonly removed: ObjectRef[];
}

/** Rendered objects under deploy/: environment -> object key -> canonical JSON. */
export type DeploySnapshot = Map<string, Map<string, { ref: ObjectRef; body: string }>>;

/** Reads every Kubernetes object under `<root>/deploy` (kustomize's own files are not objects). */
export function snapshotDeploy(root: string): DeploySnapshot {
  const snap: DeploySnapshot = new Map();
  const base = path.join(root, 'deploy');
  for (const file of yamlFiles(base)) {
    const environment = environmentOf(path.relative(base, file).split(path.sep));
    let docs: unknown[];
    try {
      docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());
    } catch {
      continue;
    }
    for (const doc of docs) {
      const obj = doc as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (!obj || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') continue;
      if (typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('kustomize.config.k8s.io')) continue;
      const ref: ObjectRef = { kind: obj.kind, name: obj.metadata.name, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) };
      const key = `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
      if (!snap.has(environment)) snap.set(environment, new Map());
      snap.get(environment)!.set(key, { ref, body: stableJson(obj) });
    }
  }
  return snap;
}

/** Objects added, changed and removed per environment, sorted by environment, kind, namespace, name. */
export function diffDeploy(before: DeploySnapshot, after: DeploySnapshot, environmentOrder: readonly string[] = []): EnvironmentChange[] {
  const envs = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => envRank(a, environmentOrder) - envRank(b, environmentOrder) || cmp(a, b));
  const out: EnvironmentChange[] = [];
  for (const environment of envs) {
    const b = before.get(environment) ?? new Map();
    const a = after.get(environment) ?? new Map();
    const keys = [...new Set([...b.keys(), ...a.keys()])].sort(cmp);
    const change = { environment, added: [] as ObjectRef[], changed: [] as ObjectRef[], removed: [] as ObjectRef[] };
    for (const key of keys) {
      const was = b.get(key);
      const now = a.get(key);
      if (!was && now) change.added.push(now.ref);
      else if (was && !now) change.removed.push(was.ref);
      else if (was && now && was.body !== now.body) change.changed.push(now.ref);
    }
    if (change.added.length + change.changed.length + change.removed.length > 0) out.push(change);
  }
  return out;
}

/** `Kind namespace/name` (or `Kind name` when cluster-scoped). */
export function formatObjectRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** deploy/<env>/…, deploy/applications/<env>/…, deploy/bootstrap/<env>.yaml all belong to <env>. */
function environmentOf(parts: string[]): string {
  if (parts[0] === 'applications' && parts.length > 2) return parts[1];
  if (parts[0] === 'bootstrap' && parts.length === 2) return parts[1].replace(/\.ya?ml$/, '');
  return parts[0];
}

function envRank(env: string, order: readonly string[]): number {
  const i = order.indexOf(env);
  return i < 0 ? order.length : i;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
      return sorted;
    }
    return v;
  });
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => cmp(x.name, y.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(p));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out;
}
