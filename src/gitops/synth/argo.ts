import { applicationsDir, environmentDir, manifestName, NAMESPACE_MANIFEST_SUFFIX, projectName, rootApplicationName } from './layout';
import { WorkloadNaming } from '../../capabilities/naming';
import { PlatformEnvironment, PlatformGitOps, repoPath } from '../platform/platform';

/** API server of the cluster Argo CD itself runs in (root Applications deploy Applications there). */
const IN_CLUSTER = 'https://kubernetes.default.svc';
/**
 * Finalizer of workload Applications: deleting one (a deregistered workload's file disappears and
 * the root prunes it) deletes its workload objects too, so deregistration leaves no orphan process
 * in the cluster. Stateful objects carry `Delete=false` and survive it (see `RETAIN_DATA_ANNOTATIONS`).
 * The root Application has none: deleting the root by mistake must never cascade to the fleet.
 */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** One kind an AppProject allows (`group` '' is the core API group). */
export interface ArgoGroupKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * The namespaced kinds zave renders for a tenant, and the only ones a tenant AppProject allows
 * (`namespaceResourceWhitelist`). No Secret, Role, RoleBinding, ConfigMap or anything else: a tenant
 * Application that carried one would fail to sync. Sorted by group, then kind.
 */
export const TENANT_KINDS: readonly ArgoGroupKind[] = [
  { group: '', kind: 'Service' },
  { group: '', kind: 'ServiceAccount' },
  { group: 'apps', kind: 'Deployment' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
  { group: 'batch', kind: 'CronJob' },
  { group: 'monitoring.coreos.com', kind: 'PodMonitor' },
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
  { group: 'networking.k8s.io', kind: 'Ingress' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'policy', kind: 'PodDisruptionBudget' },
  { group: 'postgresql.cnpg.io', kind: 'Cluster' },
];

/** Kinds the platform-owned namespaces Application may create: Namespaces, nothing else. */
export const NAMESPACE_KINDS: readonly ArgoGroupKind[] = [{ group: '', kind: 'Namespace' }];

/** Kinds a root Application may create: the environment's AppProjects and Applications, in Argo CD's namespace. */
export const ROOT_KINDS: readonly ArgoGroupKind[] = [
  { group: 'argoproj.io', kind: 'AppProject' },
  { group: 'argoproj.io', kind: 'Application' },
];

/**
 * Names of the Argo CD objects of an environment. Tenant names are `<service>.<env>` (one dot);
 * platform names are `zave-<env>` (no dot) or `zave.<env>.<role>` (two dots): no tenant name can
 * ever equal a platform name, and no two tenants or environments share one.
 */
export class ArgoNames {
  /** Application and AppProject of a workload: `<service>.<env>`. */
  public static tenant(env: string, service: string): string {
    return WorkloadNaming.applicationName(env, service);
  }
  /** Root (app-of-apps) Application: `zave-<env>`. */
  public static rootApplication(env: string): string {
    return rootApplicationName(env);
  }
  /** AppProject of the root Application: `zave.<env>.root`. */
  public static rootProject(env: string): string {
    return `zave.${env}.root`;
  }
  /** AppProject of the platform-owned namespaces Application: `zave-<env>`. */
  public static platformProject(env: string): string {
    return projectName(env);
  }
  /** The platform-owned Application holding every tenant Namespace of an environment: `zave.<env>.namespaces`. */
  public static namespacesApplication(env: string): string {
    return `zave.${env}.namespaces`;
  }
}

/** File glob (relative to deploy/<env>) of the Namespace files, synced by the namespaces Application only. */
export const NAMESPACE_FILES_GLOB = `*${NAMESPACE_MANIFEST_SUFFIX}`;

function labels(env: string, service?: string): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'zave', 'zave.dev/environment': env, ...(service ? { 'zave.dev/service': service } : {}) };
}

function metadata(name: string, gitops: PlatformGitOps, env: string, service?: string, wave?: string): Record<string, unknown> {
  return { name, namespace: gitops.argocdNamespace, labels: labels(env, service), ...(wave !== undefined ? { annotations: { [SYNC_WAVE]: wave } } : {}) };
}

const groupKinds = (list: readonly ArgoGroupKind[]) => list.map((gk) => ({ group: gk.group, kind: gk.kind }));
/** Blocks every namespaced kind (an empty namespaceResourceWhitelist would allow all of them). */
const NO_NAMESPACED_KINDS = [{ group: '*', kind: '*' }];

/**
 * The AppProject of the root Application: this repository only, Argo CD's own namespace on the
 * cluster Argo CD runs in, AppProjects and Applications only, no cluster-scoped kind.
 * Lives in the bootstrap file beside the root Application (it must exist before the root syncs).
 */
export function rootProject(env: PlatformEnvironment, gitops: PlatformGitOps): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: metadata(ArgoNames.rootProject(env.name), gitops, env.name),
    spec: {
      description: `zave root of the ${env.name} environment: its AppProjects and Applications, nothing else`,
      sourceRepos: [gitops.repoURL],
      destinations: [{ server: IN_CLUSTER, namespace: gitops.argocdNamespace }],
      namespaceResourceWhitelist: groupKinds(ROOT_KINDS),
    },
  };
}

/** The root Application of an environment (app of apps): syncs deploy/applications/<env>, in its own project. */
export function rootApplication(env: PlatformEnvironment, gitops: PlatformGitOps): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: metadata(ArgoNames.rootApplication(env.name), gitops, env.name),
    spec: {
      project: ArgoNames.rootProject(env.name),
      source: { repoURL: gitops.repoURL, targetRevision: gitops.targetRevision, path: repoPath(gitops, applicationsDir(env.name)) },
      destination: { server: IN_CLUSTER, namespace: gitops.argocdNamespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/**
 * The platform-owned AppProject of an environment's Namespaces: Namespaces on the environment's
 * cluster and nothing else (every namespaced kind blocked).
 */
export function platformProject(env: PlatformEnvironment, gitops: PlatformGitOps): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: metadata(ArgoNames.platformProject(env.name), gitops, env.name, undefined, '-2'),
    spec: {
      description: `Namespaces of the ${env.name} workloads, owned by the platform (tenants cannot create or delete them)`,
      sourceRepos: [gitops.repoURL],
      destinations: [{ server: env.clusterServer, namespace: '*' }],
      clusterResourceWhitelist: groupKinds(NAMESPACE_KINDS),
      namespaceResourceBlacklist: NO_NAMESPACED_KINDS,
    },
  };
}

/**
 * The platform-owned Application of an environment's Namespaces: every `namespace-*.yaml` of
 * deploy/<env>. No resources finalizer (deleting it never cascades), and each Namespace carries
 * `Prune=confirm,Delete=false`: a deregistration leaves the Namespace (and the data in it) in place.
 */
export function namespacesApplication(env: PlatformEnvironment, gitops: PlatformGitOps): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: metadata(ArgoNames.namespacesApplication(env.name), gitops, env.name, undefined, '-1'),
    spec: {
      project: ArgoNames.platformProject(env.name),
      source: {
        repoURL: gitops.repoURL,
        targetRevision: gitops.targetRevision,
        path: repoPath(gitops, environmentDir(env.name)),
        directory: { include: NAMESPACE_FILES_GLOB },
      },
      destination: { server: env.clusterServer },
      syncPolicy: { automated: { prune: true, selfHeal: true }, retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } },
    },
  };
}

/**
 * The AppProject of one workload in one environment: this repository only, exactly the workload's
 * namespace on the environment's cluster, only the kinds zave renders (`TENANT_KINDS`), and no
 * cluster-scoped kind at all (no `clusterResourceWhitelist`: Argo CD then denies every one).
 */
export function tenantProject(env: PlatformEnvironment, gitops: PlatformGitOps, service: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: metadata(ArgoNames.tenant(env.name, service), gitops, env.name, service, '-1'),
    spec: {
      description: `${service} in ${env.name}: its own namespace only, rendered by zave`,
      sourceRepos: [gitops.repoURL],
      destinations: [{ server: env.clusterServer, namespace: service }],
      namespaceResourceWhitelist: groupKinds(TENANT_KINDS),
    },
  };
}

/** The Application of one workload in one environment, in its own project: automated sync with prune and selfHeal. */
export function workloadApplication(env: PlatformEnvironment, gitops: PlatformGitOps, service: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { ...metadata(ArgoNames.tenant(env.name, service), gitops, env.name, service), finalizers: [RESOURCES_FINALIZER] },
    spec: {
      project: ArgoNames.tenant(env.name, service),
      source: {
        repoURL: gitops.repoURL,
        targetRevision: gitops.targetRevision,
        // One directory per environment: the explicit `directory` source type makes Argo CD read only this
        // workload's file (not the environment's kustomization.yaml, nor the platform-owned Namespace files).
        path: repoPath(gitops, environmentDir(env.name)),
        directory: { include: manifestName(service) },
      },
      destination: { server: env.clusterServer, namespace: service },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['PruneLast=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      },
      revisionHistoryLimit: 10,
    },
  };
}
