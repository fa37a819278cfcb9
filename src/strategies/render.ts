import { App, Chart } from 'cdk8s';
import { EnvironmentSpec } from './environment';
import { StrategyRegistry } from './registry';
import { canonicalize } from '../common/yaml-output';
import { ResolvedWorkload } from '../contract/resolved';

/** A rendered Kubernetes object as plain JSON (apiVersion, kind, metadata, ...). */
export type KubeObject = {
  apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: unknown }; [k: string]: unknown;
};

/** Output order of kinds: what must exist first comes first (matches the sync waves). */
const KIND_ORDER = [
  'Namespace', 'ServiceAccount', 'NetworkPolicy', 'Cluster',
  'Deployment', 'CronJob', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
  'ServiceMonitor', 'PodMonitor', 'Ingress',
];

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** Stable order of rendered objects: by kind (dependencies first), then name. */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  const byKind = rank(a.kind) - rank(b.kind) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
  if (byKind !== 0) return byKind;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * Renders every Kubernetes object of one workload in one environment, in a stable order: the
 * strategy's construct in its own small cdk8s App and Chart (no name hashes), serialized with
 * `chart.toJson()` and canonicalized (sorted keys, no empty collections). A pure function of its
 * arguments; throws on a programming error (an unpinned image, a strategy without its settings).
 */
export function renderWorkload(workload: ResolvedWorkload, environment: EnvironmentSpec, image: string): KubeObject[] {
  const app = new App({ outdir: '.' });
  const chart = new Chart(app, workload.service, { disableResourceNameHashes: true });
  StrategyRegistry.create(chart, 'Workload', { workload, environment, image });
  const objects = chart.toJson().map((o: unknown) => canonicalize(o) as KubeObject);
  return objects.sort(compareObjects);
}
