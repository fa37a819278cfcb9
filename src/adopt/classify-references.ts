import { datastoreOfImage, datastoreOfPort, datastoreOfScheme, POSTGRES } from './datastores';
import { Inventory, sameNamespace, WorkloadGroup } from './inventory';
import { FieldPath, ManifestObject } from './parse-manifests';
import { AddressReference, addressesIn } from './references';
import { containersOf, getIn } from './workload-shape';

/** What an address a workload uses turns out to be. */
export interface ClassifiedReference {
  readonly ref: AddressReference;
  /** `database` (PostgreSQL), `datastore` (another datastore) or `call` (another in-cluster service); `self` is dropped. */
  readonly kind: 'self' | 'database' | 'datastore' | 'call';
  /** The datastore's name (PostgreSQL, Redis, …) for `database` and `datastore`. */
  readonly datastore?: string;
  /** The Service of the input the address names, if any. */
  readonly service?: ManifestObject;
  /** The workloads that Service selects. */
  readonly targets: ManifestObject[];
  /** The CloudNativePG Cluster the address or Secret belongs to, if any. */
  readonly cluster?: ManifestObject;
}

/** A Secret a workload reads that belongs to a CloudNativePG Cluster of the input (`<cluster>-app`). */
export interface DatabaseSecretRef {
  readonly path: FieldPath;
  readonly secret: string;
  readonly cluster: ManifestObject;
}

/** The primary datastore an image of the workload's containers runs, if any. */
export function workloadDatastore(workload: ManifestObject): string | undefined {
  for (const c of containersOf(workload).filter((x) => !x.init)) {
    const d = typeof c.container.image === 'string' ? datastoreOfImage(c.container.image) : undefined;
    if (d) return d;
  }
  return undefined;
}

/** The CloudNativePG cluster a host belongs to (`orders-db-rw` → Cluster orders-db). */
function clusterOfHost(inv: Inventory, from: ManifestObject, service: string, ns: string | undefined): ManifestObject | undefined {
  return inv.databaseClusters.find((c) => ['-rw', '-ro', '-r'].some((s) => service === `${c.name}${s}`)
    && (ns === undefined ? sameNamespace(c, from) : c.namespace === ns || c.namespace === ''));
}

/** Every address a workload's containers use (env values, command, args), classified. */
export function classifyReferences(group: WorkloadGroup, inv: Inventory): ClassifiedReference[] {
  const { workload } = group;
  const serviceNamed = (name: string, ns: string | undefined) => inv.services.find((s) => s.name === name
    && (ns === undefined ? sameNamespace(s, workload) : s.namespace === ns || s.namespace === ''));
  const isService = (name: string, ns?: string) => serviceNamed(name, ns) !== undefined || clusterOfHost(inv, workload, name, ns) !== undefined;
  const refs: AddressReference[] = [];
  for (const { container, path } of containersOf(workload)) {
    (Array.isArray(container.env) ? container.env : []).forEach((e: any, i: number) => {
      if (typeof e?.value === 'string') refs.push(...addressesIn(e.value, [...path, 'env', i, 'value'], String(e.name ?? ''), isService));
    });
    for (const key of ['command', 'args']) {
      (Array.isArray(container[key]) ? container[key] : []).forEach((a: unknown, i: number) => {
        if (typeof a === 'string') refs.push(...addressesIn(a, [...path, key, i], undefined, isService));
      });
    }
  }
  return refs.map((ref) => {
    const service = ref.inCluster ? serviceNamed(ref.serviceName, ref.namespace) : undefined;
    const targets = service ? inv.groups.filter((g) => g.services.includes(service)).map((g) => g.workload) : [];
    const cluster = ref.inCluster ? clusterOfHost(inv, workload, ref.serviceName, ref.namespace) : undefined;
    const base = { ref, targets, ...(service ? { service } : {}), ...(cluster ? { cluster } : {}) };
    if (service && group.services.includes(service)) return { ...base, kind: 'self' as const };
    const byTarget = targets.map(workloadDatastore).find((d) => d !== undefined);
    const store = cluster ? POSTGRES : byTarget ?? (ref.scheme ? datastoreOfScheme(ref.scheme) : undefined)
      ?? (ref.inCluster && targets.length === 0 && ref.port !== undefined ? datastoreOfPort(ref.port) : undefined);
    if (store === POSTGRES) return { ...base, kind: 'database' as const, datastore: store };
    if (store) return { ...base, kind: 'datastore' as const, datastore: store };
    // An outside URL that names no datastore is not read as a call (egress beyond the cluster is not analysed).
    return { ...base, kind: ref.inCluster ? 'call' as const : 'self' as const };
  }).filter((r) => r.kind !== 'self');
}

/** Secrets of CloudNativePG Clusters the workload reads (env `secretKeyRef`, `envFrom`, volumes). */
export function databaseSecrets(workload: ManifestObject, inv: Inventory): DatabaseSecretRef[] {
  const out: DatabaseSecretRef[] = [];
  const clusterOf = (secret: string) => inv.databaseClusters.find((c) => sameNamespace(c, workload) && [`${c.name}-app`, `${c.name}-superuser`].includes(secret));
  const add = (secret: unknown, path: FieldPath) => {
    const cluster = typeof secret === 'string' ? clusterOf(secret) : undefined;
    if (cluster) out.push({ path, secret: secret as string, cluster });
  };
  for (const { container, path } of containersOf(workload)) {
    (Array.isArray(container.env) ? container.env : []).forEach((e: any, i: number) =>
      add(getIn(e, ['valueFrom', 'secretKeyRef', 'name']), [...path, 'env', i, 'valueFrom', 'secretKeyRef', 'name']));
    (Array.isArray(container.envFrom) ? container.envFrom : []).forEach((e: any, i: number) =>
      add(getIn(e, ['secretRef', 'name']), [...path, 'envFrom', i, 'secretRef', 'name']));
  }
  return out;
}
