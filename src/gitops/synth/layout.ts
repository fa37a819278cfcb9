/**
 * The deploy/ layout, in one place (status and lifecycle read it through these functions):
 *
 * ```
 * deploy/.zave-synth.json                      incremental-synth cache (not synced, gitignored)
 * deploy/bootstrap/<env>.yaml                  root Application: kubectl apply -n argocd -f deploy/bootstrap/<env>.yaml
 * deploy/applications/<env>/kustomization.yaml synced by the root Application (app of apps)
 * deploy/applications/<env>/appproject-zave-<env>.yaml
 * deploy/applications/<env>/application-<env>-<service>.yaml
 * deploy/<env>/kustomization.yaml              every workload of the environment (kubectl kustomize deploy/<env>)
 * deploy/<env>/<service>/kustomization.yaml    synced by Application <env>-<service>
 * deploy/<env>/<service>/<kind>-<name>.yaml    one rendered object per file
 * ```
 * Service folders are DNS labels (no dot), so they never collide with the `*.yaml` files beside them;
 * `bootstrap` and `applications` are reserved environment names.
 */
export const DEPLOY_DIR = 'deploy';
/** Incremental-synth cache, inside deploy/ but outside every synced path. */
export const CACHE_FILE = `${DEPLOY_DIR}/.zave-synth.json`;
/** Staging directory of synth transactions (inside the repository, so renames stay on one file system). */
export const STAGING_DIR = '.zave-tmp';
/** Name of the kustomization file of every synced directory. */
export const KUSTOMIZATION = 'kustomization.yaml';
/** deploy/ subdirectory holding the root Applications. */
export const BOOTSTRAP_DIR = `${DEPLOY_DIR}/bootstrap`;
/** deploy/ subdirectory holding the per-environment Application sets. */
export const APPLICATIONS_DIR = `${DEPLOY_DIR}/applications`;

/** `deploy/<env>`. */
export function environmentDir(env: string): string {
  return `${DEPLOY_DIR}/${env}`;
}
/** `deploy/<env>/<service>`: the rendered manifests of one workload. */
export function workloadDir(env: string, service: string): string {
  return `${DEPLOY_DIR}/${env}/${service}`;
}
/** `deploy/applications/<env>`: AppProject and Applications of one environment. */
export function applicationsDir(env: string): string {
  return `${APPLICATIONS_DIR}/${env}`;
}
/** `deploy/bootstrap/<env>.yaml`: the one file to apply to bootstrap a cluster. */
export function bootstrapFile(env: string): string {
  return `${BOOTSTRAP_DIR}/${env}.yaml`;
}
/** File name of a rendered object: `<kind>-<name>.yaml`, lower-case kind. */
export function objectFileName(kind: string, name: string): string {
  return `${kind.toLowerCase()}-${name}.yaml`;
}
/** Argo CD Application of a workload in an environment. */
export function applicationName(env: string, service: string): string {
  return `${env}-${service}`;
}
/** Argo CD AppProject of an environment. */
export function projectName(env: string): string {
  return `zave-${env}`;
}
/** Root (app-of-apps) Application of an environment. */
export function rootApplicationName(env: string): string {
  return `zave-${env}`;
}
