import { Construct } from 'constructs';
import { StrategyProps } from './strategy-props';
import { SyncWave, WorkloadLabels } from '../capabilities/labels';
import { ManifestObject } from '../capabilities/manifest-object';
import { WorkloadNaming } from '../capabilities/naming';
import { workloadMetadata } from '../capabilities/object-metadata';
import { WorkloadPodTemplate } from '../capabilities/pod-template';
import { ImageReference } from '../common/image-reference';

/** Props of {@link WorkloadDeployment}. */
export interface WorkloadDeploymentProps extends StrategyProps {
  /**
   * Fixed replica count; leave unset when a HorizontalPodAutoscaler owns it.
   * @default - unset (autoscaled)
   */
  readonly replicas?: number;
  /**
   * Spread pods over zones and nodes.
   * @default - true when the environment's minimum replicas is 2 or more
   */
  readonly spread?: boolean;
}

/**
 * The Deployment of a long-running workload: fixed selector `{name, instance}`, RollingUpdate with
 * no unavailable pods, the platform pod template (PSS restricted, probes, resources).
 */
export class WorkloadDeployment extends Construct {
  /** The Deployment object. */
  public readonly object: ManifestObject;

  constructor(scope: Construct, id: string, props: WorkloadDeploymentProps) {
    super(scope, id);
    const { workload, environment } = props;
    const naming = WorkloadNaming.of(workload, environment);
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 1)) {
      throw new Error(`WorkloadDeployment ${workload.service}: replicas ${props.replicas} is not an integer ≥ 1`);
    }
    const version = ImageReference.parse(props.image).version;
    const spec: { [key: string]: any } = {
      selector: { matchLabels: WorkloadLabels.selector(workload, environment) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: 600,
      template: WorkloadPodTemplate.render({
        workload,
        environment,
        image: props.image,
        component: 'app',
        spread: props.spread ?? environment.minReplicas >= 2,
      }),
    };
    if (props.replicas !== undefined) spec.replicas = props.replicas;
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: workloadMetadata(props, naming.service, 'app', SyncWave.APP, {},
        WorkloadLabels.standard(workload, environment, 'app', version)),
      body: { spec },
    });
  }
}
