import { EnvironmentSpec } from './environment';
import { ResolvedWorkload } from '../contract/resolved';

/** A rendered Kubernetes object as plain JSON (apiVersion, kind, metadata, ...). */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: unknown }; [k: string]: unknown };

/**
 * Renders every Kubernetes object of one workload in one environment, in a stable order.
 * PLACEHOLDER: the strategies issue replaces this with the strategy constructs.
 */
export function renderWorkload(workload: ResolvedWorkload, environment: EnvironmentSpec, image: string): KubeObject[] {
  return [{
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: workload.service, labels: { 'zave.dev/environment': environment.name, 'zave.dev/image': image.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63) } },
  }];
}
