import { LifecycleBranch, lifecycleTrailers } from './branches';
import { ImageChange } from './describe';
import { requireServiceName } from './environments';
import { runChange } from './run-change';
import { headContract, IntentTree, lacksRelease, platformConfig, readReleases, revisionBytes, workloadDir, writeReleases } from './state-files';
import { LifecycleOptions, LifecycleResult } from './types';
import { parseContract } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { Release } from '../state/environment-state';
import { readRegistrationFile } from '../state/registration';
import { RetainedEnvironmentData, RetainedRecord, retainedData } from '../state/retained';

/** Options of deregisterWorkload. */
export interface DeregisterOptions extends LifecycleOptions {
  /** The service to remove. */
  readonly service: string;
}

/**
 * Whether the release an environment runs has a database: from the contract revision it pins (else the
 * registered head). Unknown (no readable contract) counts as a database: listing a Cluster that is not
 * there is better than forgetting one that is.
 */
function releaseHasDatabase(tree: IntentTree, service: string, release: Release): boolean {
  const bytes = revisionBytes(tree, service, release.contract) ?? headContract(tree, service);
  const contract = bytes ? parseContract(bytes, `${workloadDir(service)}/zave.yaml`).contract : undefined;
  return contract ? resolveContract(contract).database === 'postgres' : true;
}

/** One review line per environment: the objects kept there. */
export function retainedLines(records: readonly RetainedEnvironmentData[]): string[] {
  return records.flatMap((env) => env.workloads.map((w) => `${env.environment} (cluster ${env.cluster}): ${w.objects.map((o) => `\`${o}\``).join(', ')}`));
}

/**
 * Removes a workload and retains its data: deletes `workloads/<service>/` and its release in every
 * environment, and records under `retained:` of each environment file where it had a release that its
 * data stays (with a database or not). Synth then removes the workload's rendered objects but keeps its
 * Namespace file, so the Namespace (holding the database Cluster and volumes, which `Delete=false` keeps
 * when the Application is deleted) stays declared in Git. Deleting the data is a second change:
 * `deleteRetainedData`. Commits on `zave/deregister-<service>`. A service that is not registered is a no-op.
 */
export async function deregisterWorkload(options: DeregisterOptions): Promise<LifecycleResult> {
  const { service } = options;
  requireServiceName(options.service);
  return runChange({
    verb: 'deregister',
    service,
    branch: LifecycleBranch.deregister(service),
    services: [service],
    apply(tree) {
      // The owner is named in the summary only: a broken owner record does not stop a deregistration.
      const registration = readRegistrationFile(tree, service);
      const owner = 'record' in registration ? registration.record.repository : undefined;
      const platform = platformConfig(tree);
      const removedImages: ImageChange[] = [];
      const records: RetainedRecord[] = [];
      for (const environment of platform.environments.map((e) => e.name)) {
        if (lacksRelease(tree, environment, service)) continue;
        const { releases, retained } = readReleases(tree, environment);
        if (releases[service] === undefined) continue;
        removedImages.push({ environment, from: releases[service].image });
        retained[service] = { database: releaseHasDatabase(tree, service, releases[service]) };
        records.push({ environment, service, database: retained[service].database });
        delete releases[service];
        writeReleases(tree, environment, releases, retained);
      }
      tree.remove(workloadDir(service));
      const kept = retainedData(platform, records);
      const where = kept.map((e) => e.environment);
      return {
        title: `Deregister ${service}`,
        summary: `Removes ${service}${owner ? ` (owned by ${owner})` : ''} from the GitOps repository: its registration, its release in every environment, and every workload object. ` +
          (where.length > 0
            ? `Its data is retained, not deleted: in ${where.join(', ')} the Namespace ${service}${records.some((r) => r.database) ? ' with its database' : ''} stays, recorded under retained: in ${where.map((e) => `environments/${e}.yaml`).join(', ')}.`
            : 'It ran in no environment, so no data is retained.'),
        images: removedImages,
        review: [
          'Merging deletes the workload objects listed above from the clusters: the root Application deletes the workload\'s Application, whose resources finalizer deletes what it managed.',
          ...(where.length > 0 ? [
            `Retained (not deleted), per environment: ${retainedLines(kept).join('; ')}.`,
            `Deleting that data is a separate pull request: \`zave deregister ${service} --delete-data\`. Until then \`zave status\` lists it, and releasing ${service} into an environment again takes its retained data back there.`,
          ] : []),
          `Make sure nothing still calls ${service}; registering it again later starts from a new contract.`,
        ],
        statefulNote: `their Application is deleted, and Delete=false keeps them and their data in the cluster (nothing prunes them); they stay in the retained Namespace ${service}.`,
        trailers: lifecycleTrailers('deregister', service),
        unchangedSummary: `${service} is not registered; nothing to remove`,
      };
    },
  }, options);
}
