import { Construct } from 'constructs';
import { SyncWave } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { WorkloadNaming } from './naming';
import { workloadMetadata } from './object-metadata';

/** Props of {@link WorkloadServiceAccount}. */
export interface WorkloadServiceAccountProps extends WorkloadCapabilityProps {}

/** The workload's dedicated ServiceAccount, with no API token mounted. */
export class WorkloadServiceAccount extends Construct {
  /** The ServiceAccount object. */
  public readonly object: ManifestObject;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    const naming = WorkloadNaming.of(props.workload, props.environment);
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: workloadMetadata(props, naming.service, 'identity', SyncWave.FOUNDATION),
      body: { automountServiceAccountToken: false },
    });
  }
}
