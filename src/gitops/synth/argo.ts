import { applicationName, applicationsDir, environmentDir, manifestName, projectName, rootApplicationName } from './layout';
import { PlatformEnvironment, PlatformGitOps, repoPath } from '../platform/platform';

/** API server of the cluster Argo CD itself runs in (root Applications deploy Applications there). */
const IN_CLUSTER = 'https://kubernetes.default.svc';
/**
 * Finalizer of workload Applications: deleting one (a deregistered workload's file disappears and
 * the root prunes it) deletes its resources too, so deregistration leaves no orphan in the cluster.
 * The root Application has none: deleting the root by mistake must never cascade to the fleet.
 */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

function labels(env: string, service?: string): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'zave', 'zave.dev/environment': env, ...(service ? { 'zave.dev/service': service } : {}) };
}

/** The root Application of an environment (app of apps): syncs deploy/applications/<env>. */
export function rootApplication(env: PlatformEnvironment, gitops: PlatformGitOps): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: rootApplicationName(env.name), namespace: gitops.argocdNamespace, labels: labels(env.name) },
    spec: {
      project: 'default',
      source: { repoURL: gitops.repoURL, targetRevision: gitops.targetRevision, path: repoPath(gitops, applicationsDir(env.name)) },
      destination: { server: IN_CLUSTER, namespace: gitops.argocdNamespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/** The AppProject of an environment: this repository only, the environment's cluster, one namespace per workload. */
export function appProject(env: PlatformEnvironment, gitops: PlatformGitOps, services: readonly string[]): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: projectName(env.name),
      namespace: gitops.argocdNamespace,
      labels: labels(env.name),
      // Before the Applications that reference it.
      annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
    },
    spec: {
      description: `Workloads of the ${env.name} environment, rendered by zave`,
      sourceRepos: [gitops.repoURL],
      destinations: services.map((s) => ({ server: env.clusterServer, namespace: s })),
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    },
  };
}

/** The Application of one workload in one environment: automated sync with prune and selfHeal. */
export function workloadApplication(env: PlatformEnvironment, gitops: PlatformGitOps, service: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: applicationName(env.name, service),
      namespace: gitops.argocdNamespace,
      labels: labels(env.name, service),
      finalizers: [RESOURCES_FINALIZER],
    },
    spec: {
      project: projectName(env.name),
      // One directory per environment, one file per workload: the explicit `directory` source type makes
      // Argo CD read only this workload's file (and ignore the environment's kustomization.yaml).
      source: {
        repoURL: gitops.repoURL,
        targetRevision: gitops.targetRevision,
        path: repoPath(gitops, environmentDir(env.name)),
        directory: { include: manifestName(service) },
      },
      destination: { server: env.clusterServer, namespace: service },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
      },
      revisionHistoryLimit: 10,
    },
  };
}
