import { FieldPath, ManifestObject } from './parse-manifests';

/** Kinds read as workloads. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'CronJob', 'Job'];

/** A container of a workload, with the path to it. */
export interface ContainerRef {
  readonly container: Record<string, any>;
  readonly path: FieldPath;
  readonly init: boolean;
}

/** True for a Deployment, StatefulSet, CronJob or Job of a Kubernetes API group that has them. */
export function isWorkload(o: ManifestObject): boolean {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return WORKLOAD_KINDS.includes(o.kind) && ['apps', 'batch', 'extensions'].includes(group);
}

/** Path of the pod template of a workload. */
export function podTemplatePath(o: ManifestObject): FieldPath {
  return o.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
}

/** The value at `path`, or undefined. */
export function getIn(value: unknown, path: FieldPath): any {
  let v: any = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k as any];
  }
  return v;
}

/** The pod spec of a workload (an empty object when missing). */
export function podSpec(o: ManifestObject): Record<string, any> {
  const spec = getIn(o.body, [...podTemplatePath(o), 'spec']);
  return spec && typeof spec === 'object' ? spec : {};
}

/** Labels of the pods a workload creates. */
export function podLabels(o: ManifestObject): Record<string, string> {
  const labels = getIn(o.body, [...podTemplatePath(o), 'metadata', 'labels']);
  return labels && typeof labels === 'object' ? labels : {};
}

/** Containers (and init containers) with their paths. */
export function containersOf(o: ManifestObject): ContainerRef[] {
  const base = [...podTemplatePath(o), 'spec'];
  const spec = podSpec(o);
  const list = (key: string, init: boolean): ContainerRef[] => (Array.isArray(spec[key]) ? spec[key] : [])
    .map((c: unknown, i: number) => ({ container: (c && typeof c === 'object' ? c : {}) as Record<string, any>, path: [...base, key, i], init }));
  return [...list('initContainers', true), ...list('containers', false)];
}

/** The path to a field given as dotted text for reports: `spec.template.spec.containers[0].image`. */
export function fieldText(path: FieldPath): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/** Whether a label selector (matchLabels and matchExpressions, or a plain map for Services) selects `labels`. */
export function selects(selector: unknown, labels: Record<string, string>, plainMap = false): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const sel = selector as Record<string, any>;
  const matchLabels: Record<string, unknown> = plainMap ? sel : (sel.matchLabels ?? {});
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== String(v)) return false;
  const exprs: any[] = plainMap ? [] : Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  for (const e of exprs) {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values: string[] = Array.isArray(e?.values) ? e.values.map(String) : [];
    if (e?.operator === 'In' && !(has && values.includes(labels[e.key]))) return false;
    if (e?.operator === 'NotIn' && has && values.includes(labels[e.key])) return false;
    if (e?.operator === 'Exists' && !has) return false;
    if (e?.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
