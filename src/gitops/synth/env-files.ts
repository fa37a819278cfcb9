import { appProject, rootApplication, workloadApplication } from './argo';
import { fastYaml } from './fast-yaml';
import { applicationsDir, bootstrapFile, environmentDir, KUSTOMIZATION, manifestName, objectFileName } from './layout';
import { GENERATED_HEADER } from '../../common/yaml-output';
import { PlatformEnvironment, PlatformGitOps } from '../platform/platform';

const ARGO_HEADER = GENERATED_HEADER;

/** A kustomization.yaml listing `resources` explicitly, in the given (sorted) order. */
export function kustomizationFile(resources: readonly string[]): string {
  return `${GENERATED_HEADER}\n---\n${fastYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] })}`;
}

/** A generated file holding one object. */
function objectFile(obj: unknown): string {
  return `${ARGO_HEADER}\n---\n${fastYaml(obj)}`;
}

/** One environment-level file: repository-relative path and content. */
export interface EnvironmentFile {
  readonly path: string;
  readonly content: string;
}

/**
 * The environment-level files: deploy/<env>/kustomization.yaml (its rendered workloads),
 * deploy/applications/<env>/ (AppProject, one Application per rendered workload, kustomization.yaml)
 * and deploy/bootstrap/<env>.yaml (the root Application). Sorted by path.
 */
export function environmentFiles(env: PlatformEnvironment, gitops: PlatformGitOps, services: readonly string[]): EnvironmentFile[] {
  const files: EnvironmentFile[] = [];
  files.push({ path: `${environmentDir(env.name)}/${KUSTOMIZATION}`, content: kustomizationFile(services.map(manifestName)) });
  const apps = applicationsDir(env.name);
  const project = appProject(env, gitops, services);
  const argoFiles: EnvironmentFile[] = [
    { path: `${apps}/${objectFileName('AppProject', (project.metadata as { name: string }).name)}`, content: objectFile(project) },
  ];
  for (const service of services) {
    const app = workloadApplication(env, gitops, service);
    argoFiles.push({ path: `${apps}/${objectFileName('Application', (app.metadata as { name: string }).name)}`, content: objectFile(app) });
  }
  const names = argoFiles.map((f) => f.path.slice(apps.length + 1)).sort();
  files.push(...argoFiles, { path: `${apps}/${KUSTOMIZATION}`, content: kustomizationFile(names) });
  files.push({ path: bootstrapFile(env.name), content: objectFile(rootApplication(env, gitops)) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
