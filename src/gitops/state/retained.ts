import { EnvironmentState } from './environment-state';
import { PlatformConfig } from '../platform/platform';

/** One `retained.<service>` entry of an environments/<env>.yaml: data a deregistered workload left there. */
export interface RetainedRecord {
  /** The environment (the file's). */
  readonly environment: string;
  /** The service name (also its Namespace). */
  readonly service: string;
  /** Whether it had a database (`database: postgres`) there: a CloudNativePG Cluster and its volumes. */
  readonly database: boolean;
}

/** Data one deregistered workload left in one environment. */
export interface RetainedWorkloadData {
  /** The service name. */
  readonly service: string;
  /** The Namespace, kept by `Prune=confirm,Delete=false` and still rendered while the data is retained. */
  readonly namespace: string;
  /** Every retained object, `Kind namespace/name` (a Namespace: `Namespace name`), sorted. */
  readonly objects: string[];
}

/** Retained data of one environment. */
export interface RetainedEnvironmentData {
  /** The environment name. */
  readonly environment: string;
  /** Its cluster (`environments[].cluster.name` of platform.yaml). */
  readonly cluster: string;
  /** Retained data per deregistered workload, sorted by service. */
  readonly workloads: RetainedWorkloadData[];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The data deregistration left behind, per environment in platform.yaml order: for each retained
 * record, its Namespace and, with a database, the CloudNativePG Cluster `<service>-db` and the volume
 * claims of its instances (`<service>-db-1` … `-N`, N the environment's `databaseInstances`; an
 * instance replaced after a failure gets a higher number, so `kubectl get pvc -n <service>` is the
 * authority). Pure: from platform.yaml and the `retained:` records of the environment files;
 * `zave status` lists it and `zave deregister --delete-data` names it in its pull request.
 * Records of environments platform.yaml does not declare are left out.
 */
export function retainedData(platform: PlatformConfig, records: readonly RetainedRecord[]): RetainedEnvironmentData[] {
  const out: RetainedEnvironmentData[] = [];
  for (const env of platform.environments) {
    const workloads: RetainedWorkloadData[] = [];
    const here = records.filter((r) => r.environment === env.name).sort((a, b) => byCodeUnit(a.service, b.service));
    for (const r of here) {
      if (workloads.some((w) => w.service === r.service)) continue;
      const objects = [`Namespace ${r.service}`];
      if (r.database) {
        objects.push(`Cluster ${r.service}/${r.service}-db`);
        for (let i = 1; i <= env.databaseInstances; i++) objects.push(`PersistentVolumeClaim ${r.service}/${r.service}-db-${i}`);
      }
      workloads.push({ service: r.service, namespace: r.service, objects: objects.sort(byCodeUnit) });
    }
    if (workloads.length > 0) out.push({ environment: env.name, cluster: env.clusterName, workloads });
  }
  return out;
}

/** The `retained:` records of loaded environment states, in platform.yaml order, then by service. */
export function retainedRecords(platform: PlatformConfig, environments: Readonly<Record<string, EnvironmentState>>): RetainedRecord[] {
  const out: RetainedRecord[] = [];
  for (const env of platform.environments) {
    const retained = environments[env.name]?.retained ?? {};
    for (const service of Object.keys(retained).sort(byCodeUnit)) out.push({ environment: env.name, service, database: retained[service].database });
  }
  return out;
}

/** Text lines for `zave status`: one heading per environment, one line per workload. Empty when nothing is retained. */
export function formatRetainedData(data: readonly RetainedEnvironmentData[]): string[] {
  const lines: string[] = [];
  for (const env of data) {
    lines.push(`Retained data in ${env.environment} (cluster ${env.cluster}):`);
    for (const w of env.workloads) lines.push(`  ${w.service}  ${w.objects.join(', ')}`);
  }
  return lines;
}
