import { PlatformConfig } from '../gitops/platform/platform';

/** A workload that was deregistered (its workload objects are gone; its data is retained). */
export interface RetiredWorkload {
  /** The service name (also its Namespace). */
  readonly service: string;
  /** Whether it had a database (`database: postgres`). */
  readonly database: boolean;
  /**
   * Environments it was deployed to when it was deregistered.
   * @default - every environment of platform.yaml
   */
  readonly environments?: readonly string[];
  /**
   * Environments whose data was deleted already (the second, explicit step).
   * @default - none
   */
  readonly dataDeletedIn?: readonly string[];
}

/** Data one deregistered workload left in one environment. */
export interface RetainedWorkloadData {
  readonly service: string;
  /** The Namespace, kept by `Prune=confirm,Delete=false`. */
  readonly namespace: string;
  /** Every retained object, `Kind namespace/name`, sorted. */
  readonly objects: readonly string[];
}

/** Retained data of one environment, in platform.yaml order. */
export interface RetainedEnvironmentData {
  readonly environment: string;
  readonly cluster: string;
  readonly workloads: readonly RetainedWorkloadData[];
}

/**
 * The data deregistration left behind, per environment: for each retired workload that is not
 * registered again, its Namespace and, with a database, the CloudNativePG Cluster and the volume
 * claims of its instances (`<service>-db-1` … `-N`, N the environment's databaseInstances). Pure:
 * from platform.yaml and the retirement records; `zave status` lists it until the data is deleted.
 */
export function retainedData(platform: PlatformConfig, registered: readonly string[], retired: readonly RetiredWorkload[]): RetainedEnvironmentData[] {
  const live = new Set(registered);
  const out: RetainedEnvironmentData[] = [];
  for (const env of platform.environments) {
    const workloads: RetainedWorkloadData[] = [];
    for (const r of [...retired].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))) {
      if (live.has(r.service)) continue;
      if (r.environments !== undefined && !r.environments.includes(env.name)) continue;
      if ((r.dataDeletedIn ?? []).includes(env.name)) continue;
      const objects = [`Namespace ${r.service}`];
      if (r.database) {
        objects.push(`Cluster ${r.service}/${r.service}-db`);
        for (let i = 1; i <= env.databaseInstances; i++) objects.push(`PersistentVolumeClaim ${r.service}/${r.service}-db-${i}`);
      }
      workloads.push({ service: r.service, namespace: r.service, objects: objects.sort() });
    }
    if (workloads.length > 0) out.push({ environment: env.name, cluster: env.clusterName, workloads });
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
