import { podClassesOf, isDefaultDeny } from './network-checks';
import { objectRef, ViolationSink } from './sink';
import { cidrProblem } from '../common/cidr';
import { reservedNamespaceReason } from '../contract/reserved-namespaces';

const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const SERVICE_LABEL = 'zave.dev/service';
const ARGO_KINDS = new Set(['Application', 'AppProject', 'ApplicationSet']);

const isArgo = (o: any) => typeof o?.apiVersion === 'string' && o.apiVersion.startsWith('argoproj.io/') && ARGO_KINDS.has(o.kind);
const isWildcard = (v: unknown) => typeof v === 'string' && v.includes('*');
const emptySelector = (sel: any) => sel !== undefined && sel !== null && !(Object.keys(sel.matchLabels ?? {}).length) && !((sel.matchExpressions ?? []).length);

/**
 * T1: no object lands in (or is) a namespace Kubernetes or a platform component reserves, and no
 * Application deploys into one.
 */
function checkReserved(obj: any, sink: ViolationSink): void {
  if (isArgo(obj)) {
    const dest = obj.kind === 'Application' ? obj.spec?.destination?.namespace : undefined;
    const reason = typeof dest === 'string' && obj.metadata?.labels?.[SERVICE_LABEL] !== undefined ? reservedNamespaceReason(dest) : undefined;
    if (reason) sink.add('T1', 'spec.destination.namespace', `tenant Application deploys into a reserved namespace: ${reason}`);
    return;
  }
  if (obj.kind === 'Namespace') {
    const reason = reservedNamespaceReason(obj.metadata?.name ?? '');
    if (reason) sink.add('T1', 'metadata.name', `renders a reserved Namespace: ${reason}`);
    return;
  }
  const reason = typeof obj.metadata?.namespace === 'string' ? reservedNamespaceReason(obj.metadata.namespace) : undefined;
  if (reason) sink.add('T1', 'metadata.namespace', `lands in a reserved namespace: ${reason}`);
}

/** T3: an AppProject allows exactly what its owner needs. */
function checkProject(p: any, sink: ViolationSink): void {
  const spec = p.spec ?? {};
  const service: string | undefined = p.metadata?.labels?.[SERVICE_LABEL];
  for (const [i, repo] of (spec.sourceRepos ?? []).entries()) if (isWildcard(repo)) sink.add('T3', `spec.sourceRepos[${i}]`, `source repository ${repo} is a wildcard`);
  if (!(spec.sourceRepos ?? []).length) sink.add('T3', 'spec.sourceRepos', 'no source repository: the project must name the GitOps repository');
  if (service === undefined) {
    // Platform projects: the root (Argo CD objects only) and the namespaces project (Namespaces only).
    const cluster: any[] = spec.clusterResourceWhitelist ?? [];
    for (const [i, gk] of cluster.entries()) {
      if (!(gk.group === '' && gk.kind === 'Namespace')) sink.add('T3', `spec.clusterResourceWhitelist[${i}]`, `platform project allows cluster-scoped ${gk.group || 'core'}/${gk.kind}; only Namespace is needed`);
    }
    const allowed: any[] = spec.namespaceResourceWhitelist ?? [];
    const blocked: any[] = spec.namespaceResourceBlacklist ?? [];
    if (allowed.length === 0 && !blocked.some((gk) => gk.group === '*' && gk.kind === '*')) {
      sink.add('T3', 'spec.namespaceResourceWhitelist', 'platform project allows every namespaced kind (no whitelist, no blanket blacklist)');
    }
    for (const [i, gk] of allowed.entries()) if (isWildcard(gk.group) || isWildcard(gk.kind)) sink.add('T3', `spec.namespaceResourceWhitelist[${i}]`, `wildcard kind ${gk.group}/${gk.kind}`);
    return;
  }
  const dests: any[] = spec.destinations ?? [];
  if (dests.length !== 1) sink.add('T3', 'spec.destinations', `tenant project of ${service} has ${dests.length} destinations; exactly one (its own namespace) is allowed`);
  dests.forEach((d, i) => {
    if (d.namespace !== service) sink.add('T3', `spec.destinations[${i}].namespace`, `tenant project of ${service} may deploy into ${JSON.stringify(d.namespace)}, not only its own namespace ${service}`);
    if (isWildcard(d.server) || isWildcard(d.name)) sink.add('T3', `spec.destinations[${i}].server`, 'wildcard cluster');
  });
  const allowed: any[] = spec.namespaceResourceWhitelist ?? [];
  if (allowed.length === 0) sink.add('T3', 'spec.namespaceResourceWhitelist', `tenant project of ${service} has no namespaceResourceWhitelist: Argo CD then allows every namespaced kind (Secrets, Roles, RoleBindings)`);
  for (const [i, gk] of allowed.entries()) if (isWildcard(gk.group) || isWildcard(gk.kind)) sink.add('T3', `spec.namespaceResourceWhitelist[${i}]`, `wildcard kind ${gk.group}/${gk.kind}`);
  for (const [i, gk] of (spec.clusterResourceWhitelist ?? []).entries()) {
    sink.add('T3', `spec.clusterResourceWhitelist[${i}]`, `tenant project of ${service} allows cluster-scoped ${gk.group || 'core'}/${gk.kind}; tenants get none (Namespaces are platform-owned)`);
  }
}

/** T4: Applications never use the `default` project; a tenant Application uses its own project. */
function checkApplication(app: any, projects: Map<string, any>, sink: ViolationSink): void {
  const project = app.spec?.project;
  if (project === undefined || project === 'default') sink.add('T4', 'spec.project', `uses the ${JSON.stringify(project ?? 'default')} project, which allows every repository, cluster, namespace and kind`);
  const service: string | undefined = app.metadata?.labels?.[SERVICE_LABEL];
  if (service !== undefined) {
    const own = projects.get(project);
    if (project !== app.metadata?.name || (projects.size > 0 && own === undefined)) {
      sink.add('T4', 'spec.project', `tenant Application of ${service} uses project ${JSON.stringify(project)}, not its own project ${JSON.stringify(app.metadata?.name)}`);
    }
    if ((app.spec?.syncPolicy?.syncOptions ?? []).some((o: string) => /^CreateNamespace=true$/i.test(o))) {
      sink.add('T4', 'spec.syncPolicy.syncOptions', 'tenant Application creates its Namespace; Namespaces belong to the platform-owned namespaces Application');
    }
  }
}

/** T5: every namespace with pods has a default deny selecting every pod (`podSelector: {}`) in both directions. */
function checkDefaultDeny(objects: readonly any[], sinkOf: (obj: any) => ViolationSink): void {
  const firstPod = new Map<string, any>();
  for (const p of podClassesOf(objects)) if (!firstPod.has(p.namespace)) firstPod.set(p.namespace, objects.find((o) => objectRef(o) === p.owner));
  for (const [ns, owner] of firstPod) {
    const ok = objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata?.namespace === ns && emptySelector(o.spec?.podSelector) && isDefaultDeny(o));
    if (!ok) sinkOf(owner).add('T5', 'metadata.namespace', `namespace ${ns} has no default-deny NetworkPolicy with podSelector: {} (Ingress and Egress): pods zave did not render would talk freely`);
  }
}

/** T6: egress to an address block is narrow (never 0.0.0.0/0): the API server's own CIDR. */
function checkEgressCidr(np: any, sink: ViolationSink): void {
  (np.spec?.egress ?? []).forEach((rule: any, i: number) => (rule.to ?? []).forEach((peer: any, j: number) => {
    const cidr = peer.ipBlock?.cidr;
    if (typeof cidr !== 'string') return;
    const problem = cidrProblem(cidr);
    if (problem) sink.add('T6', `spec.egress[${i}].to[${j}].ipBlock.cidr`, `egress to ${cidr}: ${problem}; database pods may reach only the API server's own address (platform.yaml apiServerCidr)`);
  }));
}

/** R1: stateful objects survive the deletion of their Application, and pruning asks a person. */
function checkRetention(obj: any, sink: ViolationSink): void {
  const stateful = obj.kind === 'Namespace' || (obj.kind === 'Cluster' && String(obj.apiVersion).startsWith('postgresql.cnpg.io/'));
  if (!stateful) return;
  const options = String(obj.metadata?.annotations?.[SYNC_OPTIONS] ?? '').split(',').map((s) => s.trim());
  if (!options.includes('Delete=false') && !options.includes('Delete=confirm')) {
    sink.add('R1', `metadata.annotations.${SYNC_OPTIONS}`, `${obj.kind} ${obj.metadata?.name} lacks Delete=false: deleting its Application (a deregistration) deletes the data`);
  }
  if (!options.includes('Prune=confirm') && !options.includes('Prune=false')) {
    sink.add('R1', `metadata.annotations.${SYNC_OPTIONS}`, `${obj.kind} ${obj.metadata?.name} lacks Prune=confirm: removing it from Git prunes the data without asking`);
  }
}

/** T2: no two objects share kind, namespace and name (Applications of two environments, two workloads). */
function checkCollisions(objects: readonly any[], sinkOf: (obj: any) => ViolationSink): void {
  const seen = new Map<string, any>();
  for (const o of objects) {
    const key = `${o?.apiVersion?.split('/')[0]}|${objectRef(o)}`;
    const before = seen.get(key);
    if (before !== undefined && before !== o) sinkOf(o).add('T2', 'metadata.name', `${objectRef(o)} is rendered twice (for ${before.metadata?.labels?.[SERVICE_LABEL] ?? '?'} and ${o.metadata?.labels?.[SERVICE_LABEL] ?? '?'}): one would overwrite the other`);
    else seen.set(key, o);
  }
}

/** The tenant isolation checks T1–T6 and the data retention check R1 over a set of rendered objects. */
export function checkIsolation(objects: readonly any[], sinkOf: (obj: any) => ViolationSink): void {
  const projects = new Map<string, any>(objects.filter((o) => isArgo(o) && o.kind === 'AppProject').map((o) => [o.metadata?.name, o]));
  for (const obj of objects) {
    const sink = sinkOf(obj);
    checkReserved(obj, sink);
    checkRetention(obj, sink);
    if (isArgo(obj) && obj.kind === 'AppProject') checkProject(obj, sink);
    if (isArgo(obj) && obj.kind === 'Application') checkApplication(obj, projects, sink);
    if (obj.kind === 'NetworkPolicy') checkEgressCidr(obj, sink);
  }
  checkCollisions(objects, sinkOf);
  checkDefaultDeny(objects, sinkOf);
}
