import { EnvironmentSpec } from '../contract/environment-spec';
import { ResolvedWorkload } from '../contract/resolved';

/** Port name of the HTTP container port and Service port. */
export const HTTP_PORT_NAME = 'http';
/** Port name of the metrics container port and Service port. */
export const METRICS_PORT_NAME = 'metrics';
/** Port of PostgreSQL. */
export const POSTGRES_PORT = 5432;
/** Port of the CloudNativePG instance manager's status endpoint. */
export const POSTGRES_STATUS_PORT = 8000;

/**
 * Every name derived for one workload in one environment. Names come from the contract's service
 * name and the environment only: never from construct paths, hashes or tenant input beyond `service`.
 */
export class WorkloadNaming {
  /**
   * The Argo CD Application (and AppProject) of a workload in an environment: `<service>.<environment>`.
   * Both parts are DNS labels, which never contain a dot, so the name is unique by construction
   * (`<env>-<service>` made environment `dev` + service `eu-api` and `dev-eu` + `api` collide).
   */
  public static applicationName(environment: string, service: string): string {
    return `${service}.${environment}`;
  }

  /** Derives the names of `workload` in `environment`; throws when a derived name breaks a Kubernetes limit. */
  public static of(workload: ResolvedWorkload, environment: EnvironmentSpec): WorkloadNaming {
    return new WorkloadNaming(workload.service, environment.name, environment.domain);
  }

  /** The service name: also the Namespace, Deployment/CronJob, Service and ServiceAccount name. */
  public readonly service: string;
  /** The workload's Namespace (one per workload). */
  public readonly namespace: string;
  /**
   * `app.kubernetes.io/instance`: `<service>.<environment>`, the name of the workload's Argo CD
   * Application, so Argo CD's label tracking (if used) never fights the rendered label.
   */
  public readonly instance: string;
  /** The CloudNativePG Cluster: `<service>-db`. */
  public readonly databaseCluster: string;
  /** The operator-generated Secret holding the application credentials: `<service>-db-app`. */
  public readonly databaseSecret: string;
  /** Public host of a public-http service: `<service>.<domain>`. */
  public readonly host: string;
  /** Secret cert-manager writes the TLS certificate to: `<service>-tls`. */
  public readonly tlsSecret: string;

  private constructor(service: string, environment: string, domain: string) {
    this.service = service;
    this.namespace = service;
    this.instance = WorkloadNaming.applicationName(environment, service);
    if (this.instance.length > 63) {
      throw new Error(`instance label "${this.instance}" is ${this.instance.length} characters; labels allow 63: shorten the service or environment name`);
    }
    this.databaseCluster = `${service}-db`;
    this.databaseSecret = `${service}-db-app`;
    this.host = `${service}.${domain}`;
    if (this.host.length > 253) throw new Error(`host "${this.host}" is longer than 253 characters: shorten the environment domain`);
    this.tlsSecret = `${service}-tls`;
  }
}
