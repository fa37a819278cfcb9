import * as fs from 'fs';
import * as path from 'path';
import { readRenderedDocuments } from '../../common/rendered-yaml';
import { environmentOfDeployPath } from '../repo/layout';

/** One rendered object, identified the way a reviewer reads it. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  /** Namespace, when the object has one. */
  readonly namespace?: string;
}

/** A changed object and the fields that differ (dotted paths, at most a few, then `…`). */
export interface ObjectChange extends ObjectRef {
  readonly fields: string[];
}

/** What changes in the rendered objects of one environment. */
export interface EnvironmentChange {
  /** Environment name (deploy/<env>/, deploy/applications/<env>/, deploy/bootstrap/<env>.yaml). */
  readonly environment: string;
  readonly added: ObjectRef[];
  readonly changed: ObjectChange[];
  readonly removed: ObjectRef[];
}

/** Rendered objects under deploy/: environment -> object key -> object and its canonical JSON. */
export type DeploySnapshot = Map<string, Map<string, { ref: ObjectRef; body: string; value: unknown }>>;

/** Most field paths listed per changed object. */
const MAX_FIELDS = 4;

/** Reads every Kubernetes object under `<root>/deploy` (kustomize's own files are not objects). */
export function snapshotDeploy(root: string): DeploySnapshot {
  const base = path.join(root, 'deploy');
  const files = new Map<string, string>();
  for (const file of yamlFiles(base)) files.set(`deploy/${path.relative(base, file).split(path.sep).join('/')}`, fs.readFileSync(file, 'utf8'));
  return snapshotFiles(files);
}

/** The objects of deploy/ files given as repository-relative path -> text (multi-document files included). */
export function snapshotFiles(files: ReadonlyMap<string, string>): DeploySnapshot {
  const snap: DeploySnapshot = new Map();
  for (const [file, text] of files) {
    const environment = environmentOfDeployPath(file);
    // kustomize's own files are no objects (and list every workload: not worth parsing to skip).
    if (environment === undefined || file.endsWith('/kustomization.yaml')) continue;
    let docs: unknown[];
    try {
      docs = readRenderedDocuments(text);
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
      snap.get(environment)!.set(key, { ref, body: stableJson(obj), value: obj });
    }
  }
  return snap;
}

/**
 * Drops the YAML documents that appear, byte for byte, on both sides within one environment (an
 * object that did not change, wherever it moved): what is left parses to the same object diff, so a
 * verb parses only the objects its change touched. Documents are split at `---` lines.
 */
export function withoutCommonDocuments(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): [Map<string, string>, Map<string, string>] {
  const split = (files: ReadonlyMap<string, string>) => {
    const docs: Array<{ file: string; env: string; text: string }> = [];
    for (const [file, text] of files) {
      const env = environmentOfDeployPath(file) ?? '';
      for (const doc of text.split(/^---$/m)) docs.push({ file, env, text: doc });
    }
    return docs;
  };
  const b = split(before);
  const a = split(after);
  const count = new Map<string, number>();
  for (const d of b) count.set(`${d.env}\0${d.text}`, (count.get(`${d.env}\0${d.text}`) ?? 0) + 1);
  const common = new Map<string, number>();
  for (const d of a) {
    const key = `${d.env}\0${d.text}`;
    const left = count.get(key) ?? 0;
    if (left > 0) {
      count.set(key, left - 1);
      common.set(key, (common.get(key) ?? 0) + 1);
    }
  }
  const keep = (docs: typeof b) => {
    const budget = new Map(common);
    const out = new Map<string, string[]>();
    for (const d of docs) {
      const key = `${d.env}\0${d.text}`;
      const n = budget.get(key) ?? 0;
      if (!out.has(d.file)) out.set(d.file, []);
      if (n > 0) budget.set(key, n - 1);
      else out.get(d.file)!.push(d.text);
    }
    return new Map([...out].map(([file, kept]) => [file, kept.join('---')]));
  };
  return [keep(b), keep(a)];
}

/** Objects added, changed and removed per environment, sorted by environment, kind, namespace, name. */
export function diffDeploy(before: DeploySnapshot, after: DeploySnapshot, environmentOrder: readonly string[] = []): EnvironmentChange[] {
  const envs = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => envRank(a, environmentOrder) - envRank(b, environmentOrder) || cmp(a, b));
  const out: EnvironmentChange[] = [];
  for (const environment of envs) {
    const b = before.get(environment) ?? new Map();
    const a = after.get(environment) ?? new Map();
    const keys = [...new Set([...b.keys(), ...a.keys()])].sort(cmp);
    const change = { environment, added: [] as ObjectRef[], changed: [] as ObjectChange[], removed: [] as ObjectRef[] };
    for (const key of keys) {
      const was = b.get(key);
      const now = a.get(key);
      if (!was && now) change.added.push(now.ref);
      else if (was && !now) change.removed.push(was.ref);
      else if (was && now && was.body !== now.body) change.changed.push({ ...now.ref, fields: changedFields(was.value, now.value) });
    }
    if (change.added.length + change.changed.length + change.removed.length > 0) out.push(change);
  }
  return out;
}

/** `Kind namespace/name` (or `Kind name` when cluster-scoped). */
export function formatObjectRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}


/** Dotted paths of the leaves that differ (list items named by their `name` when they have one). */
export function changedFields(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, at: string) => {
    if (stableJson(a) === stableJson(b)) return;
    const objA = a !== null && typeof a === 'object';
    const objB = b !== null && typeof b === 'object';
    if (objA && objB && Array.isArray(a) === Array.isArray(b)) {
      if (Array.isArray(a) && Array.isArray(b)) {
        const named = (xs: unknown[]) => xs.every((x) => x !== null && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string');
        if (named(a) && named(b)) {
          const byName = (xs: unknown[]) => new Map(xs.map((x) => [(x as { name: string }).name, x]));
          const ma = byName(a);
          const mb = byName(b);
          for (const n of [...new Set([...ma.keys(), ...mb.keys()])].sort(cmp)) walk(ma.get(n), mb.get(n), `${at}[${n}]`);
          return;
        }
        if (a.length !== b.length) {
          out.push(at);
          return;
        }
        a.forEach((x, i) => walk(x, b[i], `${at}[${i}]`));
        return;
      }
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort(cmp)) walk(ra[k], rb[k], at ? `${at}.${k}` : k);
      return;
    }
    out.push(at || '(whole object)');
  };
  walk(before, after, '');
  return out.length > MAX_FIELDS ? [...out.slice(0, MAX_FIELDS), `… ${out.length - MAX_FIELDS} more`] : out;
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
