import { Construct } from 'constructs';
import { StrategyProps } from './strategy-props';
import { WorkloadDeployment } from './workload-deployment';
import { WorkloadFoundation } from './workload-foundation';
import { CpuAutoscaler } from '../capabilities/autoscaler';
import { ClusterService } from '../capabilities/cluster-service';
import { DisruptionBudget } from '../capabilities/disruption-budget';
import { MetricsMonitor } from '../capabilities/metrics-monitor';
import { PublicIngress } from '../capabilities/public-ingress';

/** Props of {@link HttpService}. */
export interface HttpServiceProps extends StrategyProps {}

/**
 * The `http-service` strategy: a long-running HTTP server. Renders the foundation (Namespace,
 * ServiceAccount, NetworkPolicies, database), a Deployment whose replicas a HorizontalPodAutoscaler
 * owns, a ClusterIP Service, a PodDisruptionBudget, a ServiceMonitor, and for `public-http` an
 * Ingress with TLS and DNS.
 */
export class HttpService extends Construct {
  /** Namespace, ServiceAccount, network isolation and database. */
  public readonly foundation: WorkloadFoundation;
  /** The Deployment. */
  public readonly deployment: WorkloadDeployment;
  /** The ClusterIP Service. */
  public readonly service: ClusterService;
  /** The HorizontalPodAutoscaler. */
  public readonly autoscaler: CpuAutoscaler;
  /** The PodDisruptionBudget. */
  public readonly disruptionBudget: DisruptionBudget;
  /** The ServiceMonitor. */
  public readonly monitor: MetricsMonitor;
  /** The Ingress, for `public-http`. */
  public readonly ingress?: PublicIngress;

  constructor(scope: Construct, id: string, props: HttpServiceProps) {
    super(scope, id);
    const { workload, environment } = props;
    if (workload.httpPort === undefined) {
      throw new Error(`HttpService ${workload.service}: strategy is ${workload.strategy} and the workload has no HTTP port; use the construct of its strategy (StrategyRegistry.create)`);
    }
    this.foundation = new WorkloadFoundation(this, 'Foundation', props);
    this.deployment = new WorkloadDeployment(this, 'Deployment', props);
    this.service = new ClusterService(this, 'Service', { workload, environment });
    this.autoscaler = new CpuAutoscaler(this, 'Autoscaler', { workload, environment });
    this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', { workload, environment });
    this.monitor = new MetricsMonitor(this, 'Monitor', { workload, environment, viaService: true });
    if (workload.capabilities.ingress) {
      this.ingress = new PublicIngress(this, 'Ingress', { workload, environment });
    }
  }
}
