import { Construct } from 'constructs';
import { SyncWave, WorkloadLabels } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { METRICS_PORT_NAME, WorkloadNaming } from './naming';
import { workloadMetadata } from './object-metadata';

/** Props of {@link MetricsMonitor}. */
export interface MetricsMonitorProps extends WorkloadCapabilityProps {
  /**
   * Scrape through the Service (`ServiceMonitor`) rather than the pods (`PodMonitor`).
   * @default - true when the workload has a Service (http-service), else false
   */
  readonly viaService?: boolean;
  /**
   * Scrape interval.
   * @default "30s"
   */
  readonly interval?: string;
}

/**
 * Prometheus scraping of the named `metrics` port at `/metrics`: a prometheus-operator
 * `ServiceMonitor` for http-services, a `PodMonitor` for workers and jobs.
 */
export class MetricsMonitor extends Construct {
  /** The ServiceMonitor or PodMonitor object. */
  public readonly object: ManifestObject;

  constructor(scope: Construct, id: string, props: MetricsMonitorProps) {
    super(scope, id);
    const { workload, environment } = props;
    const naming = WorkloadNaming.of(workload, environment);
    const viaService = props.viaService ?? workload.capabilities.service;
    const endpoint = { port: METRICS_PORT_NAME, path: '/metrics', interval: props.interval ?? '30s', scheme: 'http' };
    const selector = { matchLabels: WorkloadLabels.selector(workload, environment) };
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: viaService ? 'ServiceMonitor' : 'PodMonitor',
      metadata: workloadMetadata(props, naming.service, 'monitoring', SyncWave.APP),
      body: {
        spec: viaService
          ? { selector, endpoints: [endpoint] }
          : { selector, podMetricsEndpoints: [endpoint] },
      },
    });
  }
}
