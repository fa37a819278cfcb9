import { Construct } from 'constructs';
import { ANNOTATION_SYNC_WAVE, SyncWave, WorkloadLabels } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { POD_SECURITY_LABELS } from './namespace-object';
import { WorkloadNaming } from './naming';
import { RETAIN_DATA_ANNOTATIONS } from './object-metadata';

export { LABEL_RETAINED, retainedNamespaceObject } from './namespace-object';

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

