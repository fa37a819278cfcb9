import { WorkloadEnvironment } from './container-env';
import { WorkloadLabels } from './labels';
import { HTTP_PORT_NAME, METRICS_PORT_NAME, WorkloadNaming } from './naming';
import { RestrictedSecurityContext } from './security-context';
import { ImageReference } from '../common/image-reference';
import { EnvironmentSpec } from '../contract/environment-spec';
import { ResolvedWorkload } from '../contract/resolved';

/** Props of {@link WorkloadPodTemplate.render}. */
export interface WorkloadPodTemplateProps {
  /** The resolved workload. */
  readonly workload: ResolvedWorkload;
  /** The environment it runs in. */
  readonly environment: EnvironmentSpec;
  /** Pinned image reference (tag or digest). */
  readonly image: string;
  /**
   * `app.kubernetes.io/component` of the pods.
   * @default "app"
   */
  readonly component?: string;
  /**
   * Pod restart policy (`Never` or `OnFailure` for jobs).
   * @default "Always"
   */
  readonly restartPolicy?: string;
  /**
   * Spread pods over zones and nodes (for replicated workloads).
   * @default false
   */
  readonly spread?: boolean;
}

/** Size limit of the writable `/tmp` (the root filesystem is read-only). */
export const TMP_SIZE_LIMIT = '64Mi';

/**
 * The pod template of a workload: one container named `app` with named ports, probes, resources,
 * injected env, a PSS-restricted security context, a read-only root filesystem with an emptyDir
 * `/tmp`, and the workload's ServiceAccount without a token.
 */
export class WorkloadPodTemplate {
  /** Renders the pod template (`metadata` + `spec`) as plain JSON. */
  public static render(props: WorkloadPodTemplateProps): { [key: string]: any } {
    const { workload, environment } = props;
    const naming = WorkloadNaming.of(workload, environment);
    const image = ImageReference.parse(props.image);
    const ports: any[] = [];
    if (workload.httpPort !== undefined) ports.push({ name: HTTP_PORT_NAME, containerPort: workload.httpPort, protocol: 'TCP' });
    ports.push({ name: METRICS_PORT_NAME, containerPort: workload.metricsPort, protocol: 'TCP' });
    const container: { [key: string]: any } = {
      name: 'app',
      image: image.ref,
      imagePullPolicy: image.pullPolicy,
      ports,
      env: WorkloadEnvironment.variables(workload, environment, image.version),
      resources: {
        requests: { cpu: workload.resources.cpuRequest, memory: workload.resources.memoryRequest },
        limits: { cpu: workload.resources.cpuLimit, memory: workload.resources.memoryLimit },
      },
      securityContext: RestrictedSecurityContext.container(),
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };
    const probes = workload.probes;
    if (probes) {
      const get = (path: string) => ({ path, port: probes.portName, scheme: 'HTTP' });
      container.startupProbe = { httpGet: get(probes.startupPath), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30 };
      container.readinessProbe = {
        httpGet: get(probes.readinessPath), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1,
      };
      container.livenessProbe = { httpGet: get(probes.livenessPath), periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 };
    }
    const selector = WorkloadLabels.selector(workload, environment);
    const spec: { [key: string]: any } = {
      serviceAccountName: naming.service,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      restartPolicy: props.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: 30,
      securityContext: RestrictedSecurityContext.pod(),
      containers: [container],
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: TMP_SIZE_LIMIT } }],
    };
    if (props.spread) {
      spec.topologySpreadConstraints = [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
      ];
    }
    return {
      metadata: { labels: WorkloadLabels.standard(workload, environment, props.component ?? 'app', image.version) },
      spec,
    };
  }

  private constructor() {}
}
