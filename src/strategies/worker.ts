import { Construct } from 'constructs';
import { StrategyProps } from './strategy-props';
import { WorkloadDeployment } from './workload-deployment';
import { WorkloadFoundation } from './workload-foundation';
import { DisruptionBudget } from '../capabilities/disruption-budget';
import { MetricsMonitor } from '../capabilities/metrics-monitor';

/** Props of {@link Worker}. */
export interface WorkerProps extends StrategyProps {}

/**
 * The `worker` strategy: a long-running process with no inbound traffic. Renders the foundation,
 * a Deployment with the environment's replica count (spread over zones and nodes from 2 replicas),
 * a PodDisruptionBudget and a PodMonitor. No Service, no Ingress.
 */
export class Worker extends Construct {
  /** Namespace, ServiceAccount, network isolation and database. */
  public readonly foundation: WorkloadFoundation;
  /** The Deployment. */
  public readonly deployment: WorkloadDeployment;
  /** The PodDisruptionBudget. */
  public readonly disruptionBudget: DisruptionBudget;
  /** The PodMonitor. */
  public readonly monitor: MetricsMonitor;

  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id);
    const { workload, environment } = props;
    if (workload.probes === undefined) {
      throw new Error(`Worker ${workload.service}: strategy is ${workload.strategy}, which has no probes; a worker is long-running (use StrategyRegistry.create)`);
    }
    this.foundation = new WorkloadFoundation(this, 'Foundation', props);
    this.deployment = new WorkloadDeployment(this, 'Deployment', { ...props, replicas: environment.minReplicas });
    this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', { workload, environment });
    this.monitor = new MetricsMonitor(this, 'Monitor', { workload, environment, viaService: false });
  }
}
