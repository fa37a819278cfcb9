import { fastYaml, fastYamlOfCanonical } from './fast-yaml';
import { manifestName, namespaceManifestName } from './layout';
import { GENERATED_HEADER } from '../../common/yaml-output';

/**
 * Header of every file under deploy/: the generated-file marker, and a yamllint directive: rendered
 * manifests carry values that cannot be wrapped (image digests, host names, OpenTelemetry attributes),
 * so the line-length rule is switched off for these files alone; every other default rule applies.
 */
export const DEPLOY_HEADER = `${GENERATED_HEADER}\n# yamllint disable rule:line-length`;
import { ResolvedWorkload } from '../../contract/resolved';
import { EnvironmentSpec } from '../../strategies/environment';
import { renderWorkload } from '../../strategies/render';
import { PlatformCapabilities } from '../platform/platform';

/** Everything one (environment, workload) render depends on; plain data (it crosses worker threads). */
export interface PairInput {
  readonly environment: EnvironmentSpec;
  readonly workload: ResolvedWorkload;
  readonly image: string;
  readonly capabilities: PlatformCapabilities;
}

/** Kinds dropped when the serviceMonitors capability is off (their CRDs are not installed). */
const MONITOR_KINDS = new Set(['ServiceMonitor', 'PodMonitor']);
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

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
  return manifestText(objects, false);
}

/** `manifestFile`; `canonical`: the objects are already canonical (`renderWorkload`'s), so they are not canonicalized again. */
function manifestText(objects: readonly Record<string, unknown>[], canonical: boolean): string {
  type Obj = { kind: string; metadata: { name: string; namespace?: string } };
  const sorted = [...objects].sort((a, b) => {
    const x = a as unknown as Obj;
    const y = b as unknown as Obj;
    return kindRank(x.kind) - kindRank(y.kind) || byCodeUnit(x.kind, y.kind)
      || byCodeUnit(x.metadata.namespace ?? '', y.metadata.namespace ?? '') || byCodeUnit(x.metadata.name, y.metadata.name);
  });
  const parts = [`${DEPLOY_HEADER}\n`];
  for (const obj of sorted) parts.push(`---\n${objectComment(obj as unknown as Obj)}\n${canonical ? fastYamlOfCanonical(obj) : fastYaml(obj)}`);
  return parts.join('');
}

/** One rendered file of a workload in deploy/<env>/. */
export interface RenderedFile {
  /** File name inside deploy/<env>/. */
  readonly name: string;
  readonly content: string;
}

/**
 * Renders one workload in one environment to its files in deploy/<env>/: `<service>.yaml` with every
 * object its own Application syncs, and `<service>.namespace.yaml` with its Namespace, which the
 * platform-owned namespaces Application syncs. Throws (a programming error of the strategy) when an
 * object has no valid kind or name, or two objects share kind, namespace and name.
 */
export function renderPair(input: PairInput): RenderedFile[] {
  const objects = renderWorkload(input.workload, input.environment, input.image);
  if (!Array.isArray(objects)) throw new Error(`renderWorkload returned ${typeof objects}, not a list of objects`);
  const seen = new Set<string>();
  const kept: Record<string, unknown>[] = [];
  for (const obj of objects) {
    const kind = obj?.kind;
    const name = obj?.metadata?.name;
    if (typeof obj?.apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind) || typeof name !== 'string' || !OBJECT_NAME.test(name)) {
      throw new Error(`renderWorkload produced an object without a valid apiVersion, kind and metadata.name: ${JSON.stringify({ apiVersion: obj?.apiVersion, kind, name })}`);
    }
    if (!input.capabilities.serviceMonitors && MONITOR_KINDS.has(kind)) continue;
    const key = `${kind}/${obj.metadata?.namespace ?? ''}/${name}`;
    if (seen.has(key)) throw new Error(`renderWorkload produced two objects ${kind} ${name}`);
    seen.add(key);
    kept.push(obj as Record<string, unknown>);
  }
  const service = input.workload.service;
  return [
    // renderWorkload's objects are canonical already.
    { name: manifestName(service), content: manifestText(kept.filter((o) => o.kind !== 'Namespace'), true) },
    { name: namespaceManifestName(service), content: manifestText(kept.filter((o) => o.kind === 'Namespace'), true) },
  ];
}
