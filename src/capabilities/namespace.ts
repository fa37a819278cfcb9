import { Construct } from 'constructs';
import { ANNOTATION_SYNC_WAVE, LABEL_COMPONENT, LABEL_ENVIRONMENT, LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, SyncWave, WorkloadLabels } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { WorkloadNaming } from './naming';
import { RETAIN_DATA_ANNOTATIONS } from './object-metadata';

/** Pod Security Standards labels of every workload Namespace: `restricted`, enforced, audited and warned. */
const POD_SECURITY_LABELS: { readonly [key: string]: string } = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/** `zave.dev/retained: "true"`: the label of a Namespace kept for the data of a deregistered workload. */
export const LABEL_RETAINED = 'zave.dev/retained';

/** Props of {@link WorkloadNamespace}. */
export interface WorkloadNamespaceProps extends WorkloadCapabilityProps {}

/**
 * The workload's own Namespace, enforcing the Pod Security Standards `restricted` profile
 * (enforce, audit and warn).
 */
export class WorkloadNamespace extends Construct {
  /** The Namespace object. */
  public readonly object: ManifestObject;

  constructor(scope: Construct, id: string, props: WorkloadNamespaceProps) {
    super(scope, id);
    const naming = WorkloadNaming.of(props.workload, props.environment);
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: naming.namespace,
        labels: {
          ...WorkloadLabels.standard(props.workload, props.environment, 'namespace'),
          ...POD_SECURITY_LABELS,
        },
        annotations: { [ANNOTATION_SYNC_WAVE]: SyncWave.FOUNDATION, ...RETAIN_DATA_ANNOTATIONS },
      },
    });
  }
}

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
