import { ANNOTATION_SYNC_WAVE, LABEL_COMPONENT, LABEL_ENVIRONMENT, LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, SyncWave } from './labels';
import { WorkloadNaming } from './naming';
import { RETAIN_DATA_ANNOTATIONS } from './object-metadata';

// Namespace labels, and the Namespace of retained data as a plain object (no construct, no cdk8s:
// a lifecycle verb that renders nothing else writes it).

/** Pod Security Standards labels of every workload Namespace: `restricted`, enforced, audited and warned. */
export const POD_SECURITY_LABELS: { readonly [key: string]: string } = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/** `zave.dev/retained: "true"`: the label of a Namespace kept for the data of a deregistered workload. */
export const LABEL_RETAINED = 'zave.dev/retained';

/**
 * The Namespace of a deregistered workload whose data is retained in `environment`: the Namespace
 * {@link WorkloadNamespace} renders, from the service name alone (the contract is gone, so no
 * `zave.dev/strategy`), labelled `zave.dev/retained: "true"` and still carrying
 * `Prune=confirm,Delete=false`. Synth keeps rendering it until the data is deleted, so the Namespace
 * (and the database Cluster and volumes inside it) stays declared in Git.
 */
export function retainedNamespaceObject(service: string, environment: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: service,
      labels: {
        [LABEL_NAME]: service,
        [LABEL_INSTANCE]: WorkloadNaming.applicationName(environment, service),
        [LABEL_COMPONENT]: 'namespace',
        [LABEL_PART_OF]: service,
        [LABEL_MANAGED_BY]: 'zave',
        [LABEL_ENVIRONMENT]: environment,
        [LABEL_RETAINED]: 'true',
        ...POD_SECURITY_LABELS,
      },
      annotations: { [ANNOTATION_SYNC_WAVE]: SyncWave.FOUNDATION, ...RETAIN_DATA_ANNOTATIONS },
    },
  };
}
