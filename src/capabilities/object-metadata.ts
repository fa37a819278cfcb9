import { ApiObjectMetadata } from 'cdk8s';
import { WorkloadLabels } from './labels';
import { WorkloadCapabilityProps } from './meta';
import { WorkloadNaming } from './naming';

/**
 * Argo CD asks a person to confirm before it prunes an object with this annotation: set on stateful
 * objects (the Namespace, the database cluster), so deregistering a workload never deletes data unseen.
 */
export const CONFIRM_PRUNE_ANNOTATIONS: { readonly [key: string]: string } = { 'argocd.argoproj.io/sync-options': 'Prune=confirm' };

/** Metadata of a namespaced object of the workload: name, namespace, standard labels, sync wave. */
export function workloadMetadata(
  props: WorkloadCapabilityProps, name: string, component: string, wave: string,
  annotations: { [key: string]: string } = {}, labels?: { [key: string]: string },
): ApiObjectMetadata {
  return {
    name,
    namespace: WorkloadNaming.of(props.workload, props.environment).namespace,
    labels: labels ?? WorkloadLabels.standard(props.workload, props.environment, component),
    annotations: withSyncWave(wave, annotations),
  };
}

function withSyncWave(wave: string, annotations: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = { 'argocd.argoproj.io/sync-wave': wave };
  for (const key of Object.keys(annotations)) out[key] = annotations[key];
  return out;
}
