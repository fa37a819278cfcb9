import { fastYaml } from './fast-yaml';
import { GENERATED_HEADER } from '../../common/yaml-output';

// The format of the files under deploy/ (header, kind order, one comment per object), apart from
// rendering: what writes environment-level files needs it without loading the strategies and cdk8s.

/**
 * Header of every file under deploy/: the generated-file marker, and a yamllint directive: rendered
 * manifests carry values that cannot be wrapped (image digests, host names, OpenTelemetry attributes),
 * so the line-length rule is switched off for these files alone; every other default rule applies.
 */
export const DEPLOY_HEADER = `${GENERATED_HEADER}\n# yamllint disable rule:line-length`;

/**
 * The fixed order of kinds inside a manifest file: what others depend on comes first (the order
 * `kubectl apply -f` needs, and the one a reviewer reads top to bottom). Unknown kinds go last.
 */
export const KIND_ORDER: readonly string[] = [
  'Namespace', 'ServiceAccount', 'NetworkPolicy', 'Cluster', 'ConfigMap', 'Service',
  'Deployment', 'StatefulSet', 'CronJob', 'Job', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
  'Ingress', 'ServiceMonitor', 'PodMonitor',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The one-line comment naming an object in a manifest file: `# Kind namespace/name`. */
export function objectComment(obj: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return `# ${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
}

/**
 * Several objects as one generated multi-document file (the rendered-manifests convention): the
 * generated-file header, then per object `---`, a comment naming it, and the object. Objects are
 * written in KIND_ORDER, then by namespace and name, whatever order they are given in.
 */
export function manifestFile(objects: readonly Record<string, unknown>[]): string {
  type Obj = { kind: string; metadata: { name: string; namespace?: string } };
  const sorted = [...objects].sort((a, b) => {
    const x = a as unknown as Obj;
    const y = b as unknown as Obj;
    return kindRank(x.kind) - kindRank(y.kind) || byCodeUnit(x.kind, y.kind)
      || byCodeUnit(x.metadata.namespace ?? '', y.metadata.namespace ?? '') || byCodeUnit(x.metadata.name, y.metadata.name);
  });
  // fastYaml writes each object's canonical form, whether the object is canonical already or not.
  let text = `${DEPLOY_HEADER}\n`;
  for (const obj of sorted) text += `---\n${objectComment(obj as unknown as Obj)}\n${fastYaml(obj)}`;
  return text;
}
