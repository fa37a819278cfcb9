import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
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
  const objects = renderWorkloadJson(workload, environment, image).map((o: unknown) => canonicalize(o) as KubeObject);
  return objects.sort(compareObjects);
}

/**
 * The objects of `renderWorkload` as cdk8s wrote them, in construct order: neither canonicalized
 * (keys in any order, empty entries kept) nor copied (they may share parts with the constructs).
 * For code that writes the canonical form directly (`fastYaml`): read them, never mutate them.
 */
export function renderWorkloadJson(workload: ResolvedWorkload, environment: EnvironmentSpec, image: string): unknown[] {
  const app = new App({ outdir: '.' });
  const chart = new Chart(app, workload.service, { disableResourceNameHashes: true });
  StrategyRegistry.create(chart, 'Workload', { workload, environment, image });
  return chartJson(app, chart);
}

/**
 * `chart.toJson()` of a one-chart app. cdk8s orders the objects by a dependency graph it builds over
 * every construct (a quarter of a render); when no construct declares a dependency and no chart is
 * nested, that graph has no edges and its topological order is the construct tree's pre-order, so
 * the objects are taken in that order directly, after the same validation (`node.validate()` of every
 * construct). Anything else goes through `chart.toJson()` itself.
 */
export function chartJson(app: App, chart: Chart): unknown[] {
  const all: IConstruct[] = app.node.findAll();
  if (all.some((c) => c.node.dependencies.length > 0 || (c !== chart && Chart.isChart(c)))) return chart.toJson();
  const errors: string[] = [];
  for (const c of all) for (const error of c.node.validate()) errors.push(`[${c.node.path}] ${error}`);
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  const out: unknown[] = [];
  for (const c of all) if (c instanceof ApiObject) out.push(c.toJson());
  return out;
}
