import { EnvironmentSpec } from '../../strategies/environment';

/** API version of every zave-owned GitOps file (platform.yaml, environments/*.yaml). */
export const GITOPS_API_VERSION = 'zave.dev/v1';

/** One environment as declared in `platform.yaml` (promotion order is list order). */
export interface PlatformEnvironment {
  /** Environment name, a DNS label: `dev`, `staging`, `prod`. */
  readonly name: string;
  /** DNS zone of public hosts (`<service>.<domain>`). */
  readonly domain: string;
  /** Cluster name (labels, status). */
  readonly clusterName: string;
  /** Kubernetes API server URL Argo CD deploys to (`https://kubernetes.default.svc` when Argo CD runs in that cluster). */
  readonly clusterServer: string;
  /** `ingressClassName` of generated Ingresses. */
  readonly ingressClass: string;
  /** cert-manager ClusterIssuer signing TLS certificates. */
  readonly clusterIssuer: string;
  /** Minimum replicas of long-running workloads. */
  readonly minReplicas: number;
  /** Maximum autoscaled replicas. */
  readonly maxReplicas: number;
  /** PostgreSQL instances per database cluster. */
  readonly databaseInstances: number;
  /** Namespace of the ingress controller. */
  readonly ingressNamespace: string;
  /** Namespace of Prometheus. */
  readonly monitoringNamespace: string;
  /** Namespace of the CloudNativePG operator. */
  readonly databaseOperatorNamespace: string;
  /**
   * CIDR of the Kubernetes API server (its endpoint addresses): the only address database pods reach on
   * 443/6443. Required in an environment that runs a database.
   */
  readonly apiServerCidr?: string;
}

/** Namespaces platform components run in: no service may take one of them (isolation check T1). */
export interface PlatformNamespaces {
  /** Argo CD. */
  readonly argocd: string;
  /** The ingress controller. */
  readonly ingressController: string;
  /** cert-manager. */
  readonly certManager: string;
  /** Prometheus / the monitoring stack. */
  readonly monitoring: string;
  /** The database operator (CloudNativePG). */
  readonly databaseOperator: string;
  /** external-dns. */
  readonly externalDns: string;
  /** Any other namespace the platform owns (backup, policy engine, ...). */
  readonly other: readonly string[];
}

/** Where Argo CD reads this repository from. */
export interface PlatformGitOps {
  /** Git URL of the GitOps repository as Argo CD sees it. */
  readonly repoURL: string;
  /** Branch, tag or commit Argo CD tracks. */
  readonly targetRevision: string;
  /** Path of the repository root inside the Git repository ('' or '.' for the root; Argo paths are prefixed with it). */
  readonly path: string;
  /** Namespace Argo CD runs in (where Applications and AppProjects live). */
  readonly argocdNamespace: string;
}

/** Platform capabilities a workload may ask for; a workload needing an inactive one is an error. */
export interface PlatformCapabilities {
  /** Public Ingress (public-http exposure): an ingress controller, cert-manager and external-dns are installed. */
  readonly publicIngress: boolean;
  /** CloudNativePG is installed (database: postgres). */
  readonly postgres: boolean;
  /** The Prometheus operator CRDs are installed; when false ServiceMonitor and PodMonitor objects are not rendered. */
  readonly serviceMonitors: boolean;
}

/** The validated content of `platform.yaml`, every default applied. */
export interface PlatformConfig {
  readonly apiVersion: string;
  /** Environments in promotion order (the first is the only one accepting tag-only images). */
  readonly environments: readonly PlatformEnvironment[];
  readonly gitops: PlatformGitOps;
  readonly capabilities: PlatformCapabilities;
  /** Namespaces of platform components, every default applied. */
  readonly platformNamespaces: PlatformNamespaces;
}

/** The environment as the strategies see it. */
export function toEnvironmentSpec(env: PlatformEnvironment): EnvironmentSpec {
  return {
    name: env.name,
    domain: env.domain,
    clusterName: env.clusterName,
    ingressClass: env.ingressClass,
    clusterIssuer: env.clusterIssuer,
    minReplicas: env.minReplicas,
    maxReplicas: env.maxReplicas,
    databaseInstances: env.databaseInstances,
    ingressNamespace: env.ingressNamespace,
    monitoringNamespace: env.monitoringNamespace,
    databaseOperatorNamespace: env.databaseOperatorNamespace,
    ...(env.apiServerCidr !== undefined ? { apiServerCidr: env.apiServerCidr } : {}),
  };
}

/** Repository path of `p` inside the Git repository, honouring `gitops.path`. */
export function repoPath(gitops: PlatformGitOps, p: string): string {
  const base = gitops.path.replace(/^\.?\/?/, '').replace(/\/+$/, '');
  return base === '' ? p : `${base}/${p}`;
}
