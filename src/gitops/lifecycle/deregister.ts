import { LifecycleBranch, lifecycleTrailers } from './branches';
import { ImageChange } from './describe';
import { requireServiceName } from './environments';
import { runChange } from './run-change';
import { environmentOrder, readRegistration, readReleases, workloadDir, writeReleases } from './state-files';
import { LifecycleOptions, LifecycleResult } from './types';

/** Options of deregisterWorkload. */
export interface DeregisterOptions extends LifecycleOptions {
  /** The service to remove. */
  readonly service: string;
}

/**
 * Removes a workload: deletes `workloads/<service>/` and its image in every environment; synth then removes
 * its rendered files. Commits on `zave/deregister-<service>`. A service that is not registered is a no-op.
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
      const owner = readRegistration(tree, service)?.repository;
      const removedImages: ImageChange[] = [];
      for (const environment of environmentOrder(tree)) {
        const { releases } = readReleases(tree, environment);
        if (releases[service] === undefined) continue;
        removedImages.push({ environment, from: releases[service].image });
        delete releases[service];
        writeReleases(tree, environment, releases);
      }
      tree.remove(workloadDir(service));
      return {
        title: `Deregister ${service}`,
        summary: `Removes ${service}${owner ? ` (owned by ${owner})` : ''} from the GitOps repository: its registration, its image in every environment, and every rendered object.`,
        images: removedImages,
        review: [
          'Merging deletes the objects listed above from the clusters when Argo CD prunes them.',
          `Make sure nothing still calls ${service}; registering it again later starts from a new contract.`,
        ],
        trailers: lifecycleTrailers('deregister', service),
        unchangedSummary: `${service} is not registered; nothing to remove`,
      };
    },
  }, options);
}
