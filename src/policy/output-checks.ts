import { labelKeyProblem, labelValueProblem } from './labels';
import { canonicalQuantity } from './quantity';
import { ViolationSink } from './sink';

const DEPRECATED_API_VERSIONS = [
  'extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2', 'policy/v1beta1', 'networking.k8s.io/v1beta1',
  'batch/v1beta1', 'autoscaling/v2beta1', 'autoscaling/v2beta2', 'rbac.authorization.k8s.io/v1beta1',
];
const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'ClusterIssuer', 'PriorityClass', 'StorageClass'];
const QUANTITY_PARENTS = ['requests', 'limits'];
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** G1 (canonical output), W16 (namespace), W25 (labels), W26 (API versions) on one object. */
export function checkOutput(obj: any, objects: readonly any[], sink: ViolationSink): void {
  if (DEPRECATED_API_VERSIONS.includes(obj.apiVersion)) sink.add('W26', 'apiVersion', `${obj.apiVersion} is deprecated or removed`);
  const md = obj.metadata ?? {};
  if (typeof md.name !== 'string' || md.name.length > 253 || !DNS_SUBDOMAIN.test(md.name)) sink.add('G1', 'metadata.name', `name ${JSON.stringify(md.name)} is not a DNS subdomain`);
  if (!CLUSTER_SCOPED.includes(obj.kind)) {
    if (!md.namespace || md.namespace === 'default') {sink.add('W16', 'metadata.namespace', `${obj.kind} has no explicit non-default namespace (found ${md.namespace ?? 'none'})`);} else if (String(obj.apiVersion).startsWith('argoproj.io/')) {
      // Argo CD objects live in Argo CD's own namespace, which the platform installs (not a tenant Namespace).
    } else {
      const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata?.name === md.namespace);
      if (!ns) {sink.add('W16', 'metadata.namespace', `Namespace ${md.namespace} is not rendered`);} else if (ns.metadata?.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted') {
        sink.add('W16', 'metadata.namespace', `Namespace ${md.namespace} does not enforce pod-security restricted`);
      }
    }
  }
  for (const [key, value] of Object.entries(md.labels ?? {})) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem) sink.add('W25', `metadata.labels.${key}`, problem);
  }
  for (const [key, value] of Object.entries(md.annotations ?? {})) {
    if (typeof value !== 'string') sink.add('G1', `metadata.annotations.${key}`, `annotation value ${JSON.stringify(value)} is not a string`);
  }
  const wave = md.annotations?.['argocd.argoproj.io/sync-wave'];
  if (wave !== undefined && !/^-?[0-9]+$/.test(String(wave))) sink.add('G1', 'metadata.annotations', `sync wave ${wave} is not an integer string`);
  walk(obj, '', sink);
}

function walk(value: unknown, at: string, sink: ViolationSink): void {
  if (value === null || value === undefined) { sink.add('G1', at, `${value} value (the API server drops it: permanent diff)`); return; }
  if (typeof value === 'number' && !Number.isFinite(value)) { sink.add('G1', at, `non-finite number ${value}`); return; }
  if (Array.isArray(value)) {
    if (value.length === 0) sink.add('G1', at, 'empty list (the API server drops it: permanent diff)');
    value.forEach((v, i) => walk(v, `${at}[${i}]`, sink));
    return;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as object);
    // `podSelector: {}` (every pod of the namespace) is a required field the API server keeps as written.
    if (entries.length === 0 && !at.endsWith('.podSelector')) sink.add('G1', at, 'empty mapping (the API server drops it: permanent diff)');
    const parent = at.slice(at.lastIndexOf('.') + 1);
    for (const [k, v] of entries) {
      const path = at ? `${at}.${k}` : k;
      const isQuantity = QUANTITY_PARENTS.includes(parent) || k === 'sizeLimit' || (parent === 'storage' && k === 'size');
      if (isQuantity && (typeof v === 'string' || typeof v === 'number')) {
        const canonical = canonicalQuantity(String(v));
        if (typeof v !== 'string' || canonical !== v) sink.add('G1', path, `quantity ${JSON.stringify(v)} is not canonical (expected "${canonical ?? '?'}")`);
        continue;
      }
      walk(v, path, sink);
    }
  }
}
