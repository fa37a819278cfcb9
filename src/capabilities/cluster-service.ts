import { Construct } from 'constructs';
import { SyncWave, WorkloadLabels } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { HTTP_PORT_NAME, METRICS_PORT_NAME, WorkloadNaming } from './naming';
import { workloadMetadata } from './object-metadata';

/** Props of {@link ClusterService}. */
export interface ClusterServiceProps extends WorkloadCapabilityProps {}

/** Port the ClusterIP Service exposes HTTP on (in-cluster callers use `http://<service>.<namespace>`). */
export const SERVICE_HTTP_PORT = 80;

/** A ClusterIP Service with named ports `http` (80 → http) and `metrics` (→ metrics), selecting the workload's pods. */
export class ClusterService extends Construct {
  /** The Service object. */
  public readonly object: ManifestObject;

  constructor(scope: Construct, id: string, props: ClusterServiceProps) {
    super(scope, id);
    const { workload, environment } = props;
    if (workload.httpPort === undefined) {
      throw new Error(`ClusterService ${workload.service}: the workload has no HTTP port (strategy ${workload.strategy}); only an http-service gets a Service`);
    }
    const naming = WorkloadNaming.of(workload, environment);
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: workloadMetadata(props, naming.service, 'app', SyncWave.APP),
      body: {
        spec: {
          type: 'ClusterIP',
          selector: WorkloadLabels.selector(workload, environment),
          ports: [
            { name: HTTP_PORT_NAME, port: SERVICE_HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' },
            { name: METRICS_PORT_NAME, port: workload.metricsPort, targetPort: METRICS_PORT_NAME, protocol: 'TCP' },
          ],
        },
      },
    });
  }
}
