import { Construct } from 'constructs';
import { SyncWave, WorkloadLabels } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { WorkloadNaming } from './naming';
import { workloadMetadata } from './object-metadata';

/** Props of {@link DisruptionBudget}. */
export interface DisruptionBudgetProps extends WorkloadCapabilityProps {}

/**
 * A PodDisruptionBudget allowing one voluntary disruption at a time (`maxUnavailable: 1`): safe with
 * one replica in dev (drains never block) and keeps replicas serving in staging and prod.
 */
export class DisruptionBudget extends Construct {
  /** The PodDisruptionBudget object. */
  public readonly object: ManifestObject;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    const naming = WorkloadNaming.of(props.workload, props.environment);
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: workloadMetadata(props, naming.service, 'app', SyncWave.APP),
      body: {
        spec: {
          maxUnavailable: 1,
          selector: { matchLabels: WorkloadLabels.selector(props.workload, props.environment) },
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      },
    });
  }
}
