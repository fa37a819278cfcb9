import { ApiObjectMetadata } from 'cdk8s';
import { WorkloadLabels } from './labels';
import { WorkloadNaming } from './naming';
import { ResolvedWorkload } from '../contract/resolved';
import { EnvironmentSpec } from '../strategies/environment';

/** Props shared by every capability construct: the workload and the environment it is rendered for. */
export interface WorkloadCapabilityProps {
  /** The resolved workload. */
  readonly workload: ResolvedWorkload;
  /** The environment it runs in. */
  readonly environment: EnvironmentSpec;
}

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
