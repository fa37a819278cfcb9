import { WorkloadNaming } from './naming';
import { EnvironmentSpec } from '../contract/environment-spec';
import { ResolvedWorkload } from '../contract/resolved';

/** Label keys the platform sets. */
export const LABEL_NAME = 'app.kubernetes.io/name';
/** `app.kubernetes.io/instance`. */
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
/** `app.kubernetes.io/component`. */
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
/** `app.kubernetes.io/part-of`: every pod the platform creates for a workload carries it (the default-deny selector). */
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
/** `app.kubernetes.io/managed-by`. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** `app.kubernetes.io/version`. */
export const LABEL_VERSION = 'app.kubernetes.io/version';
/** `zave.dev/strategy`. */
export const LABEL_STRATEGY = 'zave.dev/strategy';
/** `zave.dev/environment`. */
export const LABEL_ENVIRONMENT = 'zave.dev/environment';
/** Argo CD sync-wave annotation. */
export const ANNOTATION_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** Argo CD sync waves as strings (Argo CD requires strings): database first, then the app, then its Ingress. */
export class SyncWave {
  /** Namespace, ServiceAccount, NetworkPolicies and the database: `-1`. */
  public static readonly FOUNDATION = '-1';
  /** The workload and its Service, autoscaler, budget and monitor: `0`. */
  public static readonly APP = '0';
  /** The Ingress (exposed only once the app exists): `1`. */
  public static readonly EXPOSURE = '1';
  private constructor() {}
}

/** The standard labels of every object the platform renders for a workload. */
export class WorkloadLabels {
  /**
   * The fixed selector of the workload's pods: `{app.kubernetes.io/name, app.kubernetes.io/instance}`.
   * It never changes for a workload in an environment (a Deployment selector is immutable).
   */
  public static selector(workload: ResolvedWorkload, environment: EnvironmentSpec): { [key: string]: string } {
    // Literal keys (not computed ones): V8 builds these objects from a boilerplate, which keeps a
    // render of thousands of workloads fast.
    return { 'app.kubernetes.io/name': workload.service, 'app.kubernetes.io/instance': WorkloadNaming.of(workload, environment).instance };
  }

  /**
   * Labels of one object: the selector labels plus component, part-of, managed-by, strategy,
   * environment, and the version when given.
   */
  public static standard(workload: ResolvedWorkload, environment: EnvironmentSpec, component: string, version?: string): { [key: string]: string } {
    const labels: { [key: string]: string } = {
      'app.kubernetes.io/name': workload.service,
      'app.kubernetes.io/instance': WorkloadNaming.of(workload, environment).instance,
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/part-of': workload.service,
      'app.kubernetes.io/managed-by': 'zave',
      'zave.dev/strategy': workload.strategy,
      'zave.dev/environment': environment.name,
    };
    if (version) labels['app.kubernetes.io/version'] = version;
    return labels;
  }

  /**
   * Labels without name and instance, for objects whose pods must not match the workload selector
   * (the database's pods).
   */
  public static common(workload: ResolvedWorkload, environment: EnvironmentSpec, component: string): { [key: string]: string } {
    return {
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/part-of': workload.service,
      'app.kubernetes.io/managed-by': 'zave',
      'zave.dev/strategy': workload.strategy,
      'zave.dev/environment': environment.name,
    };
  }

  private constructor() {}
}
