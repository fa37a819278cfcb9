import { Construct } from 'constructs';
import { SyncWave } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { WorkloadNaming } from './naming';
import { workloadMetadata } from './object-metadata';

/** Props of {@link CpuAutoscaler}. */
export interface CpuAutoscalerProps extends WorkloadCapabilityProps {}

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation. Minimum replicas come from the
 * environment, the maximum from the size capped by the environment (never below the minimum).
 */
export class CpuAutoscaler extends Construct {
  /** The HorizontalPodAutoscaler object. */
  public readonly object: ManifestObject;
  /** Minimum replicas. */
  public readonly minReplicas: number;
  /** Maximum replicas. */
  public readonly maxReplicas: number;

  constructor(scope: Construct, id: string, props: CpuAutoscalerProps) {
    super(scope, id);
    const { workload, environment } = props;
    const naming = WorkloadNaming.of(workload, environment);
    if (!Number.isInteger(environment.minReplicas) || environment.minReplicas < 1) {
      throw new Error(`CpuAutoscaler ${workload.service}: environment ${environment.name} has minReplicas ${environment.minReplicas}; expected an integer ≥ 1`);
    }
    this.minReplicas = environment.minReplicas;
    this.maxReplicas = Math.max(this.minReplicas, Math.min(workload.scaling.maxReplicas, environment.maxReplicas));
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: workloadMetadata(props, naming.service, 'app', SyncWave.APP),
      body: {
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: naming.service },
          minReplicas: this.minReplicas,
          maxReplicas: this.maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: workload.scaling.targetCpuUtilization } } }],
        },
      },
    });
  }
}
