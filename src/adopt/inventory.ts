import { ManifestObject } from './parse-manifests';
import { getIn, isWorkload, podLabels, selects } from './workload-shape';

/** An Ingress rule path that routes to a Service, with the path to its backend. */
export interface IngressRoute {
  readonly ingress: ManifestObject;
  /** Path of the backend's service name in the Ingress. */
  readonly path: readonly (string | number)[];
  readonly service: string;
}

/** A workload with the objects that belong to it by selector or reference. */
export interface WorkloadGroup {
  readonly workload: ManifestObject;
  readonly services: ManifestObject[];
  readonly routes: IngressRoute[];
  readonly autoscalers: ManifestObject[];
  readonly budgets: ManifestObject[];
  readonly policies: ManifestObject[];
}

/** Every object sorted into workloads, what attaches to them, and what was skipped. */
export interface Inventory {
  readonly groups: WorkloadGroup[];
  /** All Services, to resolve addresses that workloads call. */
  readonly services: ManifestObject[];
  /** CloudNativePG Clusters. */
  readonly databaseClusters: ManifestObject[];
  /** Objects not used, counted per `apiVersion/kind`. */
  readonly skipped: Map<string, number>;
}

const ATTACHED_KINDS = new Set(['Service', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']);

/** Same namespace: a manifest without one is applied to the namespace the others name. */
export function sameNamespace(a: ManifestObject, b: ManifestObject): boolean {
  return a.namespace === b.namespace || a.namespace === '' || b.namespace === '';
}

/** Sorts objects into workloads and the Services, Ingresses, HPAs, PDBs and NetworkPolicies that belong to them. */
export function buildInventory(objects: readonly ManifestObject[]): Inventory {
  const workloads = objects.filter(isWorkload);
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind && !isWorkload(o));
  const services = byKind('Service');
  const databaseClusters = objects.filter((o) => o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/'));
  const groups: WorkloadGroup[] = workloads.map((workload) => {
    const labels = podLabels(workload);
    const mine = (o: ManifestObject) => sameNamespace(o, workload);
    const svc = services.filter((s) => mine(s) && getIn(s.body, ['spec', 'selector']) && Object.keys(s.body.spec.selector).length > 0
      && selects(s.body.spec.selector, labels, true));
    const names = new Set(svc.map((s) => s.name));
    const routes = byKind('Ingress').filter(mine).flatMap((ing) => ingressBackends(ing).filter((r) => names.has(r.service)));
    const autoscalers = byKind('HorizontalPodAutoscaler').filter((h) => mine(h)
      && getIn(h.body, ['spec', 'scaleTargetRef', 'kind']) === workload.kind && getIn(h.body, ['spec', 'scaleTargetRef', 'name']) === workload.name);
    const budgets = byKind('PodDisruptionBudget').filter((p) => mine(p) && selects(getIn(p.body, ['spec', 'selector']), labels));
    const policies = byKind('NetworkPolicy').filter((p) => mine(p) && selects(getIn(p.body, ['spec', 'podSelector']) ?? {}, labels));
    return { workload, services: svc, routes, autoscalers, budgets, policies };
  });
  const skipped = new Map<string, number>();
  for (const o of objects) {
    if (isWorkload(o) || (ATTACHED_KINDS.has(o.kind) && !isWorkload(o)) || databaseClusters.includes(o)) continue;
    const key = `${o.apiVersion}/${o.kind}`;
    skipped.set(key, (skipped.get(key) ?? 0) + 1);
  }
  return { groups, services, databaseClusters, skipped };
}

/** The Service backends of an Ingress (networking.k8s.io/v1 and the older extensions form). */
export function ingressBackends(ingress: ManifestObject): IngressRoute[] {
  const out: IngressRoute[] = [];
  const backend = (b: any, path: (string | number)[]) => {
    const name = getIn(b, ['service', 'name']) ?? getIn(b, ['serviceName']);
    if (typeof name === 'string') out.push({ ingress, path: [...path, ...(b.service ? ['service', 'name'] : ['serviceName'])], service: name });
  };
  const spec = ingress.body.spec ?? {};
  if (spec.defaultBackend) backend(spec.defaultBackend, ['spec', 'defaultBackend']);
  if (spec.backend) backend(spec.backend, ['spec', 'backend']);
  (Array.isArray(spec.rules) ? spec.rules : []).forEach((rule: any, r: number) => {
    const paths = getIn(rule, ['http', 'paths']);
    (Array.isArray(paths) ? paths : []).forEach((p: any, i: number) => backend(p?.backend, ['spec', 'rules', r, 'http', 'paths', i, 'backend']));
  });
  return out;
}
