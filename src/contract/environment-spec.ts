/**
 * One deployment environment as the strategies see it: where a workload runs and the
 * environment-wide policies applied to it. Comes from `platform.yaml`.
 */
export interface EnvironmentSpec {
  /** Environment name, a DNS label: `dev`, `staging`, `prod`. */
  readonly name: string;
  /** DNS zone of public hosts: a public-http service is served at `<service>.<domain>`. */
  readonly domain: string;
  /** Name of the cluster the environment runs on (Argo CD destination name). */
  readonly clusterName: string;
  /** `ingressClassName` of generated Ingresses, e.g. `nginx`. */
  readonly ingressClass: string;
  /** cert-manager `ClusterIssuer` that signs TLS certificates, e.g. `letsencrypt-prod`. */
  readonly clusterIssuer: string;
  /** Minimum replicas of long-running workloads (≥ 2 outside dev for high availability). */
  readonly minReplicas: number;
  /** Upper bound on autoscaled replicas in this environment (caps the size's ceiling). */
  readonly maxReplicas: number;
  /** PostgreSQL instances per database cluster (dev 1, prod 3). */
  readonly databaseInstances: number;
  /**
   * Namespace of the ingress controller (the only source allowed to reach public-http pods).
   * @default "ingress-nginx"
   */
  readonly ingressNamespace?: string;
  /**
   * Namespace of Prometheus (allowed to scrape the metrics port).
   * @default "monitoring"
   */
  readonly monitoringNamespace?: string;
  /**
   * Namespace of the CloudNativePG operator (allowed to reach database pods on 8000 and 5432).
   * @default "cnpg-system"
   */
  readonly databaseOperatorNamespace?: string;
  /**
   * CIDR of the Kubernetes API server, the only destination database pods may reach on 443/6443
   * (the CloudNativePG instance manager watches its Cluster): the control plane's address, e.g.
   * `10.0.0.1/32`. Required to render a database; never `0.0.0.0/0`.
   * @default - none: a workload with a database cannot be rendered without it
   */
  readonly apiServerCidr?: string;
}

/** Default namespace of the ingress controller. */
export const DEFAULT_INGRESS_NAMESPACE = 'ingress-nginx';
/** Default namespace of Prometheus. */
export const DEFAULT_MONITORING_NAMESPACE = 'monitoring';
/** Default namespace of the CloudNativePG operator. */
export const DEFAULT_DATABASE_OPERATOR_NAMESPACE = 'cnpg-system';
/** CIDRs that mean "anywhere", refused as the API server address of database egress. */
export const ANYWHERE_CIDRS: readonly string[] = ['0.0.0.0/0', '::/0'];
