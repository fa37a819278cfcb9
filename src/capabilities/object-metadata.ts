import { ApiObjectMetadata } from 'cdk8s';
import { WorkloadLabels } from './labels';
import { WorkloadCapabilityProps } from './meta';
import { WorkloadNaming } from './naming';

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
