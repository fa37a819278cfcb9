import { namespacesApplication, platformProject, rootApplication, rootProject, tenantProject, workloadApplication } from './argo';
import { fastYaml, plainYamlString } from './fast-yaml';
import { applicationName, applicationsDir, bootstrapFile, environmentDir, KUSTOMIZATION, manifestName, namespaceManifestName, objectFileName, projectName } from './layout';
import { DEPLOY_HEADER, manifestFile } from './manifest-file';
import { retainedNamespaceObject } from '../../capabilities/namespace-object';
import { PlatformEnvironment, PlatformGitOps } from '../platform/platform';
import { GitOpsState } from '../state/load';

/** A kustomization.yaml listing `resources` explicitly, in the given (sorted) order. */
export function kustomizationFile(resources: readonly string[]): string {
  const head = `${DEPLOY_HEADER}\n---\n`;
  // It lists every workload of an environment: written line by line when every name is plain (as
  // zave's file names are), which is what the serializer writes for them; otherwise by the serializer.
  if (resources.length > 0 && resources.every((r) => plainYamlString(r) === r)) {
    return `${head}apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;
  }
  return `${head}${fastYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] })}`;
}

/** The lines of a kustomization file before its resources, in the form kustomizationFile writes for resources written plain. */
const KUSTOMIZATION_HEAD = `${DEPLOY_HEADER}\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n`;
/** What each resource line of that form starts with. */
const RESOURCE_LINE = '  - ';
/** A line break followed by a line that is not a resource line (the last line break, at the end, excepted). */
const NOT_A_RESOURCE_LINE = /\n(?! {2}- |$)/g;

/**
 * A kustomization file's text with the resources `remove` dropped and `add` inserted in order,
 * byte-equal to `kustomizationFile` of the resulting list when `text` is `kustomizationFile` of a
 * sorted list (what a lifecycle verb edits: it changes a few services' lines in a list of thousands,
 * each line found by one search or a binary search, the rest copied). Undefined when the text is not
 * in the line form (a hand edit, an empty list), a resource is not written plain, or the list would
 * become empty: then write the whole file. A name both removed and added stays. The base's lines
 * are taken in the order written (in a base out of order, by a hand edit, the new lines go where a
 * binary search puts them, and `synth --check` reports the file).
 */
export function spliceKustomization(text: string, add: readonly string[], remove: readonly string[]): string | undefined {
  if (!text.startsWith(KUSTOMIZATION_HEAD) || !text.endsWith('\n') || text.length === KUSTOMIZATION_HEAD.length) return undefined;
  if (add.some((r) => plainYamlString(r) !== r || r.includes('\n'))) return undefined;
  // Every line after the head is a resource line: no line break is followed by anything else (one native
  // search of the text, no loop over its lines; their order is taken as written).
  NOT_A_RESOURCE_LINE.lastIndex = KUSTOMIZATION_HEAD.length - 1;
  if (NOT_A_RESOURCE_LINE.test(text)) return undefined;
  const adding = new Set(add);
  const edits: Array<{ at: number; end: number; insert: string }> = [];
  const lineOf = (name: string) => text.indexOf(`\n${RESOURCE_LINE}${name}\n`, KUSTOMIZATION_HEAD.length - 1) + 1;
  for (const name of new Set(remove)) {
    if (adding.has(name)) continue;
    const at = lineOf(name);
    if (at > 0) edits.push({ at, end: at + RESOURCE_LINE.length + name.length + 1, insert: '' });
  }
  for (const name of [...adding].sort()) {
    if (lineOf(name) > 0) continue;
    const at = insertionPoint(text, KUSTOMIZATION_HEAD.length, name);
    if (at === undefined) return undefined;
    edits.push({ at, end: at, insert: `${RESOURCE_LINE}${name}\n` });
  }
  edits.sort((a, b) => a.at - b.at || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.at < at) return undefined;
    out += text.slice(at, e.at) + e.insert;
    at = e.end;
  }
  out += text.slice(at);
  return out.length > KUSTOMIZATION_HEAD.length ? out : undefined;
}

/**
 * Where the resource line of `name` goes in the sorted lines from `from` to the end of `text`: the
 * start of the first line whose resource sorts after it (binary search over the text, no index of
 * lines). Undefined when a line it looks at is not a resource line.
 */
function insertionPoint(text: string, from: number, name: string): number | undefined {
  let lo = from;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.max(lo, text.lastIndexOf('\n', Math.floor((lo + hi) / 2) - 1) + 1);
    const end = text.indexOf('\n', mid);
    if (end < 0 || !text.startsWith(RESOURCE_LINE, mid)) return undefined;
    if (text.slice(mid + RESOURCE_LINE.length, end) < name) lo = end + 1;
    else hi = mid;
  }
  return lo;
}

/** One environment-level file: repository-relative path and content. */
export interface EnvironmentFile {
  readonly path: string;
  readonly content: string;
}

/** Several objects as one multi-document YAML file (each document is one object). */
export function documents(objects: readonly Record<string, unknown>[]): string {
  return `${DEPLOY_HEADER}\n${objects.map((o) => `---\n${fastYaml(o)}`).join('')}`;
}

/** The text of a workload's Argo CD file (its AppProject and Application), rendered object by object. */
function renderedTenantFile(env: PlatformEnvironment, gitops: PlatformGitOps, service: string): string {
  return documents([tenantProject(env, gitops, service), workloadApplication(env, gitops, service)]);
}

/** Stands for the service in the template of a tenant file (a name no environment or URL of platform.yaml holds; checked). */
const TEMPLATE_SERVICE = 'zave-template-service';
/** Service names whose every use in a tenant file is written plain, like TEMPLATE_SERVICE's (so the template fits them). */
const TEMPLATE_SAFE = /^[a-z][a-z0-9-]*$/;
/** Tenant file templates (the text for TEMPLATE_SERVICE, split at it), by environment and gitops settings; bounded. */
const templates = new Map<string, readonly string[] | null>();

/**
 * A workload's Argo CD file. The service name appears in it only as a value (labels, names, the
 * namespace, the description, the included file), never as a key and never where it changes the
 * order or the quoting of anything else, for names `TEMPLATE_SAFE` accepts that the shared serializer
 * writes plain. So the file is rendered once per environment for a stand-in name and the name is put
 * in its place for each workload (a fleet renders thousands); other names are rendered directly. A
 * property test holds the two to the same bytes.
 */
export function tenantFile(env: PlatformEnvironment, gitops: PlatformGitOps, service: string): string {
  return tenantFiles(env, gitops)(service);
}

/**
 * `tenantFile` of one environment and gitops settings, for many services: the template is looked
 * up once (its key serializes the environment and the settings), not once per service.
 */
function tenantFiles(env: PlatformEnvironment, gitops: PlatformGitOps): (service: string) => string {
  let parts: readonly string[] | null | undefined;
  return (service) => {
    if (!TEMPLATE_SAFE.test(service) || plainYamlString(service) !== service) return renderedTenantFile(env, gitops, service);
    if (parts === undefined) parts = tenantTemplate(env, gitops);
    return parts === null ? renderedTenantFile(env, gitops, service) : parts.join(service);
  };
}

/** The template of a tenant file split at TEMPLATE_SERVICE (null: the settings hold that name, so no template), from the bounded memo. */
function tenantTemplate(env: PlatformEnvironment, gitops: PlatformGitOps): readonly string[] | null {
  const key = JSON.stringify([env, gitops]);
  let parts = templates.get(key);
  if (parts === undefined) {
    if (templates.size >= 64) templates.clear();
    parts = key.includes(TEMPLATE_SERVICE) ? null : renderedTenantFile(env, gitops, TEMPLATE_SERVICE).split(TEMPLATE_SERVICE);
    templates.set(key, parts);
  }
  return parts;
}

/** File (in deploy/applications/<env>/) of the platform project and the namespaces Application. */
export function platformFileName(env: string): string {
  return objectFileName('AppProject', projectName(env));
}

/** File (in deploy/applications/<env>/) of one workload's AppProject and Application. */
export function tenantFileName(env: string, service: string): string {
  return objectFileName('Application', applicationName(env, service));
}

/**
 * Every file name of deploy/applications/<env>/, sorted: kustomization.yaml, the platform file
 * (platform AppProject + namespaces Application) and one file per workload (its AppProject +
 * Application). The incremental planner compares a directory with this list.
 */
export function applicationsDirFileNames(env: string, services: readonly string[]): string[] {
  return [KUSTOMIZATION, platformFileName(env), ...services.map((s) => tenantFileName(env, s))].sort();
}

/**
 * Services whose data is retained in an environment (`retained:` of environments/<env>.yaml), sorted:
 * synth renders their Namespace file (and nothing else) until the data is deleted.
 */
export function retainedServices(state: GitOpsState, env: string): string[] {
  const releases = state.environments[env]?.releases ?? {};
  return Object.keys(state.environments[env]?.retained ?? {}).filter((s) => releases[s] === undefined).sort();
}

/**
 * The environment-level files: deploy/<env>/kustomization.yaml (its rendered workloads),
 * deploy/applications/<env>/ (see `applicationsDirFileNames`), deploy/bootstrap/<env>.yaml
 * (the root AppProject and root Application) and, for each service in `retained`, its Namespace
 * file `deploy/<env>/<service>.namespace.yaml` (see `retainedNamespaceObject`). Sorted by path.
 * With `only`, the per-workload files of deploy/applications/<env>/ are rendered for those services
 * alone (what a lifecycle verb changes); the kustomization files still list every service.
 */
export function environmentFiles(env: PlatformEnvironment, gitops: PlatformGitOps, services: readonly string[], retained: readonly string[] = [],
  only?: ReadonlySet<string>): EnvironmentFile[] {
  const files: EnvironmentFile[] = [];
  const listed = [...services.flatMap((s) => [manifestName(s), namespaceManifestName(s)]), ...retained.map(namespaceManifestName)];
  files.push({ path: `${environmentDir(env.name)}/${KUSTOMIZATION}`, content: kustomizationFile(listed.sort()) });
  for (const service of retained) {
    files.push({ path: `${environmentDir(env.name)}/${namespaceManifestName(service)}`, content: manifestFile([retainedNamespaceObject(service, env.name)]) });
  }
  const apps = applicationsDir(env.name);
  const argoFiles: EnvironmentFile[] = [
    { path: `${apps}/${platformFileName(env.name)}`, content: documents([platformProject(env, gitops), namespacesApplication(env, gitops)]) },
  ];
  const tenant = tenantFiles(env, gitops);
  for (const service of services) {
    if (only && !only.has(service)) continue;
    argoFiles.push({ path: `${apps}/${tenantFileName(env.name, service)}`, content: tenant(service) });
  }
  const names = [platformFileName(env.name), ...services.map((s) => tenantFileName(env.name, s))].sort();
  files.push(...argoFiles, { path: `${apps}/${KUSTOMIZATION}`, content: kustomizationFile(names) });
  files.push({ path: bootstrapFile(env.name), content: documents([rootProject(env, gitops), rootApplication(env, gitops)]) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
