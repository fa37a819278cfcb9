import { LifecycleBranch, lifecycleTrailers } from './branches';
import { retainedLines } from './deregister';
import { requireEnvironment, requireServiceName } from './environments';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { runChange } from './run-change';
import { platformConfig, readReleases, writeReleases } from './state-files';
import { LifecycleOptions, LifecycleResult } from './types';
import { contractFile } from '../repo/layout';
import { RetainedRecord, retainedData } from '../state/retained';
import { ArgoNames } from '../synth/argo';

/** Options of deleteRetainedData. */
export interface DeleteDataOptions extends LifecycleOptions {
  /** The deregistered service whose retained data goes. */
  readonly service: string;
  /**
   * Environments whose retained data goes.
   * @default - every environment that retains data of the service
   */
  readonly environments?: readonly string[];
}

/**
 * The second, explicit step of retirement: removes a deregistered service's `retained:` entries from
 * environments/<env>.yaml (every environment, or the named ones), so synth stops rendering its
 * Namespace file. Once merged, Argo CD's namespaces Application (`zave.<env>.namespaces`) wants to
 * prune the Namespace and, because it carries `Prune=confirm`, waits for a person to confirm; the
 * confirmed prune deletes the Namespace and with it the database Cluster and its volumes. Refused
 * (still-registered) while the service is registered. Commits on `zave/delete-data-<service>` (with
 * environments named: `zave/delete-data-<service>-<env>…`). Nothing retained is a no-op.
 */
export async function deleteRetainedData(options: DeleteDataOptions): Promise<LifecycleResult> {
  const { service } = options;
  requireServiceName(service);
  const asked = options.environments ?? [];
  return runChange({
    verb: 'delete-data',
    service,
    branch: LifecycleBranch.deleteData(service),
    services: [service],
    apply(tree) {
      const platform = platformConfig(tree);
      const order = platform.environments.map((e) => e.name);
      for (const env of asked) requireEnvironment(env, order);
      const chosen = asked.length > 0 ? order.filter((e) => asked.includes(e)) : order;
      // Registered: its contract is there (what registeredServices lists), looked up without listing the fleet.
      if (tree.kind(contractFile(service)) === 'file') {
        throw new LifecycleError(LifecycleErrorCode.STILL_REGISTERED,
          `service "${service}" is registered (workloads/${service}/zave.yaml): its data is in use, or will be when a release takes it back. ` +
          `Deregister it first (zave deregister ${service}), then delete its data with zave deregister ${service} --delete-data`);
      }
      const records: RetainedRecord[] = [];
      for (const environment of chosen) {
        const { releases, retained } = readReleases(tree, environment);
        if (retained[service] === undefined) continue;
        records.push({ environment, service, database: retained[service].database });
        delete retained[service];
        writeReleases(tree, environment, releases, retained);
      }
      const doomed = retainedData(platform, records);
      const where = doomed.map((e) => e.environment);
      const branch = LifecycleBranch.deleteData(service, asked.length > 0 ? chosen : undefined);
      return {
        title: `Delete the retained data of ${service}${asked.length > 0 ? ` in ${where.join(', ') || chosen.join(', ')}` : ''}`,
        summary: `Deletes what the deregistered ${service} left behind in ${where.join(', ')}: its Namespace${records.some((r) => r.database) ? ', its database Cluster and the database volumes' : ''}. ` +
          `The entries under retained: in ${where.map((e) => `environments/${e}.yaml`).join(', ')} go, so its Namespace is no longer rendered.`,
        images: [],
        review: [
          `Take a backup first. Deleted per environment: ${retainedLines(doomed).join('; ')}; and everything else inside namespace ${service} (\`kubectl get all,pvc,secret -n ${service}\` lists it).`,
          `Nothing is deleted when this merges: Argo CD asks for prune confirmation (Prune=confirm) in ${where.map((e) => `\`${ArgoNames.namespacesApplication(e)}\``).join(', ')} before it deletes the Namespace. ` +
            'Confirming the prune (Argo CD UI or CLI, or the argocd.argoproj.io/deletion-approved annotation on that Application) deletes the Namespace and with it the Cluster and its volumes.',
          'While the prune waits for confirmation, that Application stays in Syncing: confirm or revert soon.',
        ],
        branch,
        trailers: lifecycleTrailers('delete-data', service),
        unchangedSummary: `${service} retains no data${asked.length > 0 ? ` in ${chosen.join(', ')}` : ''}; nothing to delete`,
      };
    },
  }, options);
}
