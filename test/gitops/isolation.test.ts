import * as YAML from 'yaml';
import { run } from '../../src/cli/main';
import { parseContract } from '../../src/contract/parse';
import { RESERVED_NAMESPACES } from '../../src/contract/reserved-namespaces';
import { defaultPlatformYaml } from '../../src/gitops/platform/default';
import { apiServerCidrIssues, renderedNameCollisions, reservedNamespaceIssues } from '../../src/gitops/platform/isolation';
import { parsePlatform } from '../../src/gitops/platform/parse';
import { PlatformConfig } from '../../src/gitops/platform/platform';
import { ArgoNames, TENANT_KINDS } from '../../src/gitops/synth/argo';
import { applicationsDirFileNames, environmentFiles } from '../../src/gitops/synth/env-files';
import { SecurityPolicy } from '../../src/policy/security-policy';
import { formatRetainedData, retainedData } from '../../src/status/retained-data';
import { renderWorkload } from '../../src/strategies/render';
import { bufferIo } from '../common/buffer-io';
import { combinations, DEV, PROD, TAG_IMAGE, workloadFor } from '../strategies/environments';

const platform = (text = defaultPlatformYaml()): PlatformConfig => {
  const r = parsePlatform(text);
  expect(r.issues).toEqual([]);
  return r.platform!;
};
const w = (service: string, database = false) => ({ service, database });
const docs = (content: string): any[] => YAML.parseAllDocuments(content).map((d) => d.toJS());
const argo = (p: PlatformConfig, env: string, services: string[]): any[] => {
  const e = p.environments.find((x) => x.name === env)!;
  return environmentFiles(e, p.gitops, services).filter((f) => !f.path.endsWith('kustomization.yaml')).flatMap((f) => docs(f.content));
};

describe('attack: a service named like a system or platform namespace', () => {
  test.each(['kube-system', 'default', 'argocd', 'kube-public', 'kube-node-lease', 'cert-manager', 'monitoring', 'cnpg-system', 'ingress-nginx', 'openshift-console', 'flux-system'])(
    'refuses service %s (reserved-namespace)', (name) => {
      const r = parseContract(`service: ${name}\n`, 'zave.yaml');
      expect(r.contract).toBeUndefined();
      expect(r.issues).toEqual([expect.objectContaining({ code: 'reserved-namespace', path: 'service', line: 1, column: 10 })]);
    });

  test('zave validate refuses service kube-system with exit 1 and a located message', async () => {
    const io = bufferIo(process.cwd());
    expect(await run(['validate', 'test/fixtures/contracts/invalid/reserved-kube-system.yaml'], io)).toBe(1);
    expect(io.stderr()).toContain('reserved-kube-system.yaml:1:10 service: "kube-system" is a namespace Kubernetes or a platform component uses');
    expect(io.stderr()).toContain('[reserved-namespace]');
  });

  test('every reserved name is refused, and ordinary names are not', () => {
    for (const name of RESERVED_NAMESPACES) expect(parseContract(`service: ${name}\n`, 'z.yaml').issues.map((i) => i.code)).toEqual(['reserved-namespace']);
    for (const name of ['payments-api', 'kubernetes-dashboard-clone', 'monitor', 'argo', 'defaults']) expect(parseContract(`service: ${name}\n`, 'z.yaml').issues).toEqual([]);
  });

  test('synth refuses a service named like a namespace platform.yaml gives a platform component', () => {
    const text = defaultPlatformYaml().replace('  ingressController: ingress-nginx', '  ingressController: edge').replace('  monitoring: monitoring', '  monitoring: observe');
    const issues = reservedNamespaceIssues(platform(text), [w('edge'), w('observe'), w('shop')]);
    expect(issues.map((i) => [i.code, i.file, i.message])).toEqual([
      ['reserved-namespace', 'workloads/edge/zave.yaml', expect.stringContaining('"edge" is the namespace of the ingress controller in platform.yaml')],
      ['reserved-namespace', 'workloads/observe/zave.yaml', expect.stringContaining('"observe" is the namespace of monitoring in platform.yaml')],
    ]);
  });

  test('platform.yaml declares the platform component namespaces, with defaults', () => {
    const p = platform('apiVersion: zave.dev/v1\nkind: Platform\ngitops:\n  repoURL: https://git.example.com/g.git\nenvironments:\n  - name: dev\n    domain: dev.example.com\n');
    expect(p.platformNamespaces).toEqual({ argocd: 'argocd', ingressController: 'ingress-nginx', certManager: 'cert-manager', monitoring: 'monitoring', databaseOperator: 'cnpg-system', externalDns: 'external-dns', other: [] });
  });
});

describe('attack: rendered names that collide', () => {
  test('Application names are unique by construction: dev + eu-api and dev-eu + api no longer share dev-eu-api', () => {
    expect(ArgoNames.tenant('dev', 'eu-api')).toBe('eu-api.dev');
    expect(ArgoNames.tenant('dev-eu', 'api')).toBe('api.dev-eu');
    const text = defaultPlatformYaml({ environments: ['dev', 'dev-eu'] });
    expect(renderedNameCollisions(platform(text), [w('eu-api'), w('api')])).toEqual([]);
    const names = [...argo(platform(text), 'dev', ['eu-api', 'api']), ...argo(platform(text), 'dev-eu', ['eu-api', 'api'])].map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(SecurityPolicy.check([...argo(platform(text), 'dev', ['eu-api', 'api']), ...argo(platform(text), 'dev-eu', ['eu-api', 'api'])]).filter((v) => v.check === 'T2')).toEqual([]);
  });

  test('platform names (zave-<env>, zave.<env>.<role>) never equal a tenant name (<service>.<env>)', () => {
    const tenant = ArgoNames.tenant('x', 'zave');
    expect([ArgoNames.rootApplication('x'), ArgoNames.rootProject('x'), ArgoNames.platformProject('x'), ArgoNames.namespacesApplication('x')]).not.toContain(tenant);
    expect(ArgoNames.namespacesApplication('x').split('.')).toHaveLength(3);
  });

  test('refuses a service named like another service\'s database (foo beside foo-db)', () => {
    const issues = renderedNameCollisions(platform(), [w('foo', true), w('foo-db')]);
    expect(issues).toEqual([expect.objectContaining({ code: 'name-collision', file: 'workloads/foo-db/zave.yaml', message: expect.stringContaining("name of service foo's database cluster") })]);
    expect(renderedNameCollisions(platform(), [w('foo'), w('foo-db')])).toEqual([]); // foo has no database
  });

  test('refuses two environments that share a domain on one cluster (the same public host twice)', () => {
    const text = defaultPlatformYaml({ environments: ['dev', 'qa'] }).replace('domain: qa.example.com', 'domain: dev.example.com').replace('domain: example.com', 'domain: dev.example.com');
    const issues = renderedNameCollisions(platform(text), [w('shop')]);
    expect(issues.map((i) => i.code)).toContain('name-collision');
    expect(issues.map((i) => i.message).join('\n')).toContain('share the domain dev.example.com');
  });
});

describe('attack: a tenant Application reaching beyond its namespace', () => {
  const p = platform();
  const objs = argo(p, 'prod', ['api', 'eu-api']);
  const project = (name: string) => objs.find((o) => o.kind === 'AppProject' && o.metadata.name === name);

  test('AppProject of eu-api cannot deploy into api: exactly its own namespace on its cluster', () => {
    expect(project('eu-api.prod').spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'eu-api' }]);
    expect(project('api.prod').spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'api' }]);
  });

  test('AppProject of eu-api allows only the kinds zave renders and no cluster-scoped kind (no Namespace, no ClusterRole)', () => {
    const spec = project('eu-api.prod').spec;
    expect(spec.namespaceResourceWhitelist).toEqual(TENANT_KINDS.map((k) => ({ group: k.group, kind: k.kind })));
    expect(spec.clusterResourceWhitelist).toBeUndefined(); // absent: Argo CD allows no cluster-scoped kind
    expect(spec.namespaceResourceWhitelist.map((k: any) => k.kind)).not.toEqual(expect.arrayContaining(['Secret']));
    expect(spec.sourceRepos).toEqual([p.gitops.repoURL]);
  });

  test('the whitelist is exactly the namespaced kinds the strategies render (every combination, every environment)', () => {
    const rendered = new Set<string>();
    for (const c of combinations()) for (const env of [DEV, PROD]) for (const o of renderWorkload(workloadFor(c, 'shop'), env, TAG_IMAGE)) if (o.kind !== 'Namespace') rendered.add(`${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`);
    expect([...rendered].sort()).toEqual(TENANT_KINDS.map((k) => `${k.group}/${k.kind}`).sort());
  });

  test('each tenant Application uses its own project, never default; the root uses its own restricted project', () => {
    for (const app of objs.filter((o) => o.kind === 'Application')) expect(app.spec.project).not.toBe('default');
    expect(objs.find((o) => o.kind === 'Application' && o.metadata.name === 'eu-api.prod').spec.project).toBe('eu-api.prod');
    const root = objs.find((o) => o.kind === 'Application' && o.metadata.name === 'zave-prod');
    expect(root.spec.project).toBe('zave.prod.root');
    expect(project('zave.prod.root').spec).toMatchObject({
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
      namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'AppProject' }, { group: 'argoproj.io', kind: 'Application' }],
    });
    expect(project('zave.prod.root').spec.clusterResourceWhitelist).toBeUndefined();
  });

  test('Namespaces belong to the platform-owned namespaces Application; tenants neither create nor sync them', () => {
    const nsApp = objs.find((o) => o.kind === 'Application' && o.metadata.name === 'zave.prod.namespaces');
    expect(nsApp.spec).toMatchObject({ project: 'zave-prod', source: { path: 'deploy/prod', directory: { include: '*.namespace.yaml' } } });
    expect(nsApp.metadata.finalizers).toBeUndefined();
    expect(project('zave-prod').spec).toMatchObject({ clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }], namespaceResourceBlacklist: [{ group: '*', kind: '*' }] });
    const tenant = objs.find((o) => o.kind === 'Application' && o.metadata.name === 'api.prod');
    // The tenant Application reads only its own file, never a *.namespace.yaml.
    expect(tenant.spec.source).toMatchObject({ path: 'deploy/prod', directory: { include: 'api.yaml' } });
    expect(tenant.spec.syncPolicy.syncOptions).not.toContain('CreateNamespace=true');
  });

  test('every Argo CD object passes the isolation checks', () => {
    expect(SecurityPolicy.format(SecurityPolicy.check(objs))).toBe('');
  });

  test('the applications directory holds exactly the files applicationsDirFileNames lists', () => {
    const files = environmentFiles(p.environments[2], p.gitops, ['api', 'eu-api']).filter((f) => f.path.startsWith('deploy/applications/prod/')).map((f) => f.path.slice('deploy/applications/prod/'.length));
    expect(files.sort()).toEqual(applicationsDirFileNames('prod', ['api', 'eu-api']));
  });
});

describe('attack: deregistration deleting data', () => {
  test('the Namespace and the database Cluster survive deletion of their Application (Delete=false) and ask before pruning', () => {
    const objs = renderWorkload(workloadFor(combinations()[0], 'shop'), PROD, TAG_IMAGE);
    for (const kind of ['Namespace', 'Cluster']) {
      expect((objs.find((o) => o.kind === kind) as any).metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=confirm,Delete=false');
    }
  });

  test('zave status can list the retained data per environment: namespace, database and its volumes', () => {
    const records = [...['dev', 'staging', 'prod'].map((environment) => ({ environment, service: 'ledger', database: true })), { environment: 'dev', service: 'cron', database: false }];
    const data = retainedData(platform(), records);
    expect(data.map((e) => [e.environment, e.workloads.map((x) => x.service)])).toEqual([['dev', ['cron', 'ledger']], ['staging', ['ledger']], ['prod', ['ledger']]]);
    expect(data[0].workloads[0].objects).toEqual(['Namespace cron']);
    expect(formatRetainedData(data.slice(2))).toEqual([
      'Retained data in prod (cluster prod):',
      '  ledger  Cluster ledger/ledger-db, Namespace ledger, PersistentVolumeClaim ledger/ledger-db-1, PersistentVolumeClaim ledger/ledger-db-2, PersistentVolumeClaim ledger/ledger-db-3',
    ]);
    // Records of an environment platform.yaml does not declare are left out; none at all lists nothing.
    expect(retainedData(platform(), [{ environment: 'qa', service: 'ledger', database: true }])).toEqual([]);
  });
});

describe('attack: database pods reaching anywhere on 443/6443', () => {
  test('the default deny selects every pod of the namespace (podSelector: {}) in both directions', () => {
    const objs = renderWorkload(workloadFor(combinations()[0], 'shop'), PROD, TAG_IMAGE);
    expect((objs.find((o) => o.metadata?.name === 'default-deny') as any).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('database egress to the API server goes to the CIDR of platform.yaml only', () => {
    const p = platform(defaultPlatformYaml().replace(/apiServerCidr: 10\.0\.0\.1\/32/g, 'apiServerCidr: 192.168.10.4/32'));
    expect(p.environments.map((e) => e.apiServerCidr)).toEqual(['192.168.10.4/32', '192.168.10.4/32', '192.168.10.4/32']);
    const objs = renderWorkload(workloadFor(combinations()[0], 'shop'), { ...PROD, apiServerCidr: p.environments[2].apiServerCidr }, TAG_IMAGE);
    expect((objs.find((o) => o.metadata?.name === 'database-allow-api-server') as any).spec.egress[0].to).toEqual([{ ipBlock: { cidr: '192.168.10.4/32' } }]);
  });

  test('refuses an environment with a database but no apiServerCidr, naming the field', () => {
    const text = defaultPlatformYaml({ environments: ['dev', 'prod'] }).replace(/ {6}# The only address database pods may reach.*\n {6}# \(kubectl.*\n {6}apiServerCidr: .*\n/g, '');
    const issues = apiServerCidrIssues(platform(text), [w('shop', true), w('web')]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([['missing-api-server-cidr', 'environments.0.cluster.apiServerCidr'], ['missing-api-server-cidr', 'environments.1.cluster.apiServerCidr']]);
    expect(issues[0].message).toContain('environment dev runs a database (shop) but has no cluster.apiServerCidr');
    expect(apiServerCidrIssues(platform(text), [w('web')])).toEqual([]);
    expect(() => renderWorkload(workloadFor(combinations()[0], 'shop'), { ...PROD, apiServerCidr: undefined }, TAG_IMAGE)).toThrow(/no apiServerCidr/);
  });

  test('platform.yaml refuses apiServerCidr 0.0.0.0/0 with its position', () => {
    const r = parsePlatform(defaultPlatformYaml({ environments: ['dev'] }).replace('apiServerCidr: 10.0.0.1/32', 'apiServerCidr: 0.0.0.0/0'));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'invalid-value', path: 'environments.0.cluster.apiServerCidr', message: expect.stringContaining('/0 prefix') })]);
    expect(r.issues[0].line).toBeGreaterThan(1);
  });
});
