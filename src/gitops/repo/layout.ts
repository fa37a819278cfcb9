/**
 * The layout of a GitOps repository, in one place (synth, lifecycle verbs, status and bench read it
 * through these names):
 *
 * ```
 * platform.yaml                                environments in promotion order, domains, clusters, capabilities
 * workloads/<service>/zave.yaml                the registered head of the contract
 * workloads/<service>/registration.yaml        the owner: the tenant repository's remote URL
 * environments/<env>.yaml                      promotion state: what runs in that environment
 * deploy/bootstrap/<env>.yaml                  root Application: kubectl apply -n argocd -f deploy/bootstrap/<env>.yaml
 * deploy/applications/<env>/kustomization.yaml synced by the root Application (app of apps)
 * deploy/applications/<env>/*.yaml             AppProjects and Applications of the environment
 * deploy/<env>/kustomization.yaml              every workload of the environment (kubectl kustomize deploy/<env>)
 * deploy/<env>/<service>.yaml                  one multi-document file per workload, synced by its Application
 * deploy/<env>/<service>.namespace.yaml        its Namespace, synced by the platform-owned namespaces Application
 * ```
 * Service names are DNS labels (no dot); `kustomization` is refused as a service name so that
 * `<service>.yaml` never collides with `kustomization.yaml`, and `bootstrap` and `applications` are
 * reserved environment names. Nothing zave keeps for itself (cache, journal, lock) lives in the
 * tree: it is under the git directory (see `privateStateDir`).
 */
export const DEPLOY_DIR = 'deploy';
/** platform.yaml at the GitOps root. */
export const PLATFORM_FILE = 'platform.yaml';
/** Folder of registered workloads. */
export const WORKLOADS_DIR = 'workloads';
/** Folder of promotion state files. */
export const ENVIRONMENTS_DIR = 'environments';
/** Name of the kustomization file of every synced directory. */
export const KUSTOMIZATION = 'kustomization.yaml';
/** deploy/ subdirectory holding the root Applications. */
export const BOOTSTRAP_DIR = `${DEPLOY_DIR}/bootstrap`;
/** deploy/ subdirectory holding the per-environment Application sets. */
export const APPLICATIONS_DIR = `${DEPLOY_DIR}/applications`;
/**
 * Names zave once kept inside the tree (before 0.1: staging, lock, cache). Today they are never
 * written there; a repository that holds one is reported, since a pull request could carry it.
 */
export const LEGACY_CONTROL_PATHS: readonly string[] = ['.zave-tmp', '.zave-tmp.lock', `${DEPLOY_DIR}/.zave-synth.json`];

/** `workloads/<service>`. */
export function workloadFolder(service: string): string {
  return `${WORKLOADS_DIR}/${service}`;
}
/** `workloads/<service>/zave.yaml`. */
export function contractFile(service: string): string {
  return `${WORKLOADS_DIR}/${service}/zave.yaml`;
}
/** `workloads/<service>/registration.yaml`. */
export function registrationFile(service: string): string {
  return `${WORKLOADS_DIR}/${service}/registration.yaml`;
}
/** `environments/<env>.yaml`. */
export function environmentStateFile(env: string): string {
  return `${ENVIRONMENTS_DIR}/${env}.yaml`;
}
/** `deploy/<env>`. */
export function environmentDir(env: string): string {
  return `${DEPLOY_DIR}/${env}`;
}
/** `deploy/<env>/<service>.yaml`: the rendered manifests of one workload, one multi-document file. */
export function manifestPath(env: string, service: string): string {
  return `${DEPLOY_DIR}/${env}/${manifestName(service)}`;
}
/** `<service>.yaml`: the manifest file's name inside deploy/<env>/. */
export function manifestName(service: string): string {
  return `${service}.yaml`;
}
/** Suffix of the platform-owned Namespace files (service names have no dot, so it never collides). */
export const NAMESPACE_MANIFEST_SUFFIX = '.namespace.yaml';
/** `<service>.namespace.yaml`: the file of the workload's Namespace inside deploy/<env>/. */
export function namespaceManifestName(service: string): string {
  return `${service}${NAMESPACE_MANIFEST_SUFFIX}`;
}
/** `deploy/<env>/<service>.namespace.yaml`. */
export function namespaceManifestPath(env: string, service: string): string {
  return `${DEPLOY_DIR}/${env}/${namespaceManifestName(service)}`;
}
/** `deploy/applications/<env>`: AppProjects and Applications of one environment. */
export function applicationsDir(env: string): string {
  return `${APPLICATIONS_DIR}/${env}`;
}
/** `deploy/bootstrap/<env>.yaml`: the one file to apply to bootstrap a cluster. */
export function bootstrapFile(env: string): string {
  return `${BOOTSTRAP_DIR}/${env}.yaml`;
}
/** File name of one Argo CD object in deploy/applications/<env>/: `<kind>-<name>.yaml`, lower-case kind. */
export function objectFileName(kind: string, name: string): string {
  return `${kind.toLowerCase()}-${name}.yaml`;
}
/**
 * Argo CD Application (and AppProject) of a workload in an environment: `<service>.<env>`. Both are
 * DNS labels without a dot, so the name is unique by construction.
 */
export function applicationName(env: string, service: string): string {
  return `${service}.${env}`;
}
/** Argo CD AppProject of an environment. */
export function projectName(env: string): string {
  return `zave-${env}`;
}
/** Root (app-of-apps) Application of an environment. */
export function rootApplicationName(env: string): string {
  return `zave-${env}`;
}
/** The environment a deploy/ path belongs to (deploy/<env>/…, deploy/applications/<env>/…, deploy/bootstrap/<env>.yaml). */
export function environmentOfDeployPath(rel: string): string | undefined {
  const parts = rel.split('/');
  if (parts[0] !== DEPLOY_DIR || parts.length < 2) return undefined;
  if (parts[1] === 'applications') return parts.length > 3 ? parts[2] : undefined;
  if (parts[1] === 'bootstrap') return parts.length === 3 ? parts[2].replace(/\.yaml$/, '') : undefined;
  return parts.length > 2 ? parts[1] : undefined;
}
