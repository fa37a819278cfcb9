import { PlatformConfig } from './platform';
import { WorkloadNaming } from '../../capabilities/naming';
import { ContractIssue, IssueCode } from '../../contract/issue';
import { reservedNamespaceReason } from '../../contract/reserved-namespaces';

/** A registered workload as the isolation checks see it. */
export interface IsolationWorkload {
  /** The service name (also its Namespace). */
  readonly service: string;
  /** Whether it has a database (`database: postgres`). */
  readonly database: boolean;
  /**
   * File to locate issues in.
   * @default `workloads/<service>/zave.yaml`
   */
  readonly file?: string;
}

/** Issue codes of the isolation checks (stable). */
export const IsolationIssueCode = {
  /** A service takes a namespace Kubernetes or a platform component uses (check T1). */
  RESERVED_NAMESPACE: IssueCode.RESERVED_NAMESPACE,
  /** Two workloads or environments would render the same name (check T2). */
  NAME_COLLISION: 'name-collision',
  /** An environment that runs a database has no (or too wide an) API server CIDR (check T6). */
  MISSING_API_SERVER_CIDR: 'missing-api-server-cidr',
} as const;

const fileOf = (w: IsolationWorkload) => w.file ?? `workloads/${w.service}/zave.yaml`;

/** Every namespace platform.yaml gives a platform component, with the component's name, sorted. */
export function platformComponentNamespaces(platform: PlatformConfig): { namespace: string; component: string }[] {
  const ns = platform.platformNamespaces;
  const list = [
    { namespace: ns.argocd, component: 'Argo CD' },
    { namespace: platform.gitops.argocdNamespace, component: 'Argo CD (gitops.argocdNamespace)' },
    { namespace: ns.ingressController, component: 'the ingress controller' },
    { namespace: ns.certManager, component: 'cert-manager' },
    { namespace: ns.monitoring, component: 'monitoring' },
    { namespace: ns.databaseOperator, component: 'the database operator' },
    { namespace: ns.externalDns, component: 'external-dns' },
    ...ns.other.map((n) => ({ namespace: n, component: 'a platform component (platformNamespaces.other)' })),
    ...platform.environments.flatMap((e) => [
      { namespace: e.ingressNamespace, component: `the ingress controller of ${e.name}` },
      { namespace: e.monitoringNamespace, component: `monitoring of ${e.name}` },
      { namespace: e.databaseOperatorNamespace, component: `the database operator of ${e.name}` },
    ]),
  ];
  const seen = new Map<string, string>();
  for (const item of list) if (!seen.has(item.namespace)) seen.set(item.namespace, item.component);
  return [...seen.entries()].map(([namespace, component]) => ({ namespace, component })).sort((a, b) => (a.namespace < b.namespace ? -1 : 1));
}

/**
 * Services whose name (their Namespace) is reserved: by Kubernetes and common platforms (the
 * contract's own rule, repeated here for registrations written by hand), or by a platform component
 * declared in platform.yaml (check T1). Sorted by service.
 */
export function reservedNamespaceIssues(platform: PlatformConfig, services: readonly IsolationWorkload[]): ContractIssue[] {
  const components = new Map(platformComponentNamespaces(platform).map((c) => [c.namespace, c.component]));
  const issues: ContractIssue[] = [];
  for (const w of [...services].sort((a, b) => (a.service < b.service ? -1 : 1))) {
    const component = components.get(w.service);
    const reason = component !== undefined
      ? `"${w.service}" is the namespace of ${component} in platform.yaml`
      : reservedNamespaceReason(w.service);
    if (reason === undefined) continue;
    issues.push({
      code: IsolationIssueCode.RESERVED_NAMESPACE,
      file: fileOf(w),
      line: 1,
      column: 1,
      path: 'service',
      message: `${reason}: a service name is also its Namespace, so the workload would be deployed into that namespace`,
      hint: 'rename the service (a new registration), or move the platform component to another namespace in platform.yaml',
    });
  }
  return issues;
}

/**
 * Names two workloads or environments would share (check T2). Namespaces are service names, unique
 * by registration; what remains: Argo CD Applications and AppProjects (`<service>.<env>`, all in Argo CD's namespace), public hosts
 * of environments sharing a domain, and a workload whose name is another's database cluster
 * (`<other>-db`, so its Services `<other>-db-rw` would read as that database's). Sorted.
 */
export function renderedNameCollisions(platform: PlatformConfig, services: readonly IsolationWorkload[]): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const sorted = [...services].sort((a, b) => (a.service < b.service ? -1 : 1));
  const databases = new Map(sorted.filter((w) => w.database).map((w) => [`${w.service}-db`, w.service]));
  for (const w of sorted) {
    const owner = databases.get(w.service);
    if (owner !== undefined) {
      issues.push({
        code: IsolationIssueCode.NAME_COLLISION,
        file: fileOf(w),
        line: 1,
        column: 1,
        path: 'service',
        message: `service "${w.service}" has the name of service ${owner}'s database cluster (${owner}-db, with Services ${owner}-db-rw/-ro/-r and Secret ${owner}-db-app): the two are easy to take for one another in DNS, dashboards and policies`,
        hint: `rename the service, e.g. ${w.service.replace(/-db$/, '')}-store`,
      });
    }
  }
  const apps = new Map<string, string>();
  for (const env of platform.environments) {
    for (const w of sorted) {
      const name = WorkloadNaming.applicationName(env.name, w.service);
      const owner = `service ${w.service} in ${env.name}`;
      const before = apps.get(name);
      if (before !== undefined) {
        issues.push({ code: IsolationIssueCode.NAME_COLLISION, file: fileOf(w), line: 1, column: 1, path: 'service', message: `Argo CD Application "${name}" of ${owner} is also rendered for ${before}`, hint: 'rename the service or the environment' });
      } else {
        apps.set(name, owner);
      }
    }
  }
  const domains = new Map<string, string>();
  for (const env of platform.environments) {
    const key = `${env.clusterServer} ${env.domain}`;
    const before = domains.get(key);
    if (before !== undefined) {
      issues.push({
        code: IsolationIssueCode.NAME_COLLISION,
        file: 'platform.yaml',
        line: 1,
        column: 1,
        path: 'environments',
        message: `environments ${before} and ${env.name} share the domain ${env.domain} on ${env.clusterServer}: every public service would render the same host (<service>.${env.domain}) twice`,
        hint: 'give each environment its own domain',
      });
    } else {
      domains.set(key, env.name);
    }
  }
  return issues;
}

/**
 * Environments that run a database but have no `cluster.apiServerCidr` in platform.yaml (check T6):
 * database pods must reach the API server, and only at its own address. One issue per environment.
 */
export function apiServerCidrIssues(platform: PlatformConfig, services: readonly IsolationWorkload[]): ContractIssue[] {
  const withDatabase = services.filter((w) => w.database).map((w) => w.service).sort();
  if (withDatabase.length === 0) return [];
  return platform.environments.flatMap((env, i) => (env.apiServerCidr !== undefined ? [] : [{
    code: IsolationIssueCode.MISSING_API_SERVER_CIDR,
    file: 'platform.yaml',
    line: 1,
    column: 1,
    path: `environments.${i}.cluster.apiServerCidr`,
    message: `environment ${env.name} runs a database (${withDatabase.join(', ')}) but has no cluster.apiServerCidr: database pods may reach the Kubernetes API server only at its own address, never 0.0.0.0/0`,
    hint: 'set environments[].cluster.apiServerCidr to the API server endpoint, e.g. 10.0.0.1/32 (kubectl get endpoints kubernetes -n default)',
  }]));
}
