import { ApiObjectMetadata } from 'cdk8s';
import { WorkloadLabels } from './labels';
import { WorkloadCapabilityProps } from './meta';
import { WorkloadNaming } from './naming';

/**
 * Sync options of stateful objects (the Namespace, the database cluster): `Prune=confirm` makes Argo CD
 * ask a person before a sync prunes the object (it left Git), and `Delete=false` keeps the object when
 * its Application is deleted (Argo CD's "No Resource Deletion" sync option: without it the
 * resources finalizer of a deregistered workload's Application cascades the deletion to the data).
 */
export const RETAIN_DATA_ANNOTATIONS: { readonly [key: string]: string } = { 'argocd.argoproj.io/sync-options': 'Prune=confirm,Delete=false' };

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
