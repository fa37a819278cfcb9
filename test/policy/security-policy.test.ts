import * as YAML from 'yaml';
import { defaultPlatformYaml } from '../../src/gitops/platform/default';
import { parsePlatform } from '../../src/gitops/platform/parse';
import { environmentFiles } from '../../src/gitops/synth/env-files';
import { SecurityPolicy } from '../../src/policy/security-policy';
import { PolicyViolation } from '../../src/policy/violation';
import { renderWorkload } from '../../src/strategies/render';
import { combinations, DEV, PROD, TAG_IMAGE, workloadFor } from '../strategies/environments';

const base = renderWorkload(workloadFor(combinations()[0], 'shop'), PROD, TAG_IMAGE);
const clone = (): any[] => JSON.parse(JSON.stringify(base));
const of = (objs: any[], kind: string, name?: string) => objs.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const pod = (objs: any[]) => of(objs, 'Deployment').spec.template.spec;
const app = (objs: any[]) => pod(objs).containers[0];

/** Every Argo CD object synth writes for prod (bootstrap file and applications directory). */
function argoObjects(services: string[]): any[] {
  const platform = parsePlatform(defaultPlatformYaml()).platform!;
  const prod = platform.environments.find((e) => e.name === 'prod')!;
  return environmentFiles(prod, platform.gitops, services)
    .filter((f) => !f.path.endsWith('kustomization.yaml'))
    .flatMap((f) => YAML.parseAllDocuments(f.content).map((d) => d.toJS()));
}

type Mutation = [string, string, (objs: any[]) => void, Partial<PolicyViolation>];
const mutations: Mutation[] = [
  ['W1', 'hostNetwork', (o) => { pod(o).hostNetwork = true; }, { object: 'Deployment/shop/shop', field: 'spec.template.spec.hostNetwork' }],
  ['W2', 'privileged container', (o) => { app(o).securityContext.privileged = true; }, { field: 'spec.template.spec.containers[0].securityContext.privileged' }],
  ['W3', 'privilege escalation unset', (o) => { delete app(o).securityContext.allowPrivilegeEscalation; }, { field: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation' }],
  ['W4', 'may run as root', (o) => { delete app(o).securityContext.runAsNonRoot; delete pod(o).securityContext.runAsNonRoot; }, {}],
  ['W5', 'low UID', (o) => { app(o).securityContext.runAsUser = 1000; }, { field: 'spec.template.spec.containers[0].securityContext.runAsUser' }],
  ['W6', 'capabilities kept', (o) => { delete app(o).securityContext.capabilities; }, { field: 'spec.template.spec.containers[0].securityContext.capabilities.drop' }],
  ['W7', 'capability added', (o) => { app(o).securityContext.capabilities.add = ['SYS_ADMIN']; }, {}],
  ['W8', 'seccomp missing', (o) => { delete app(o).securityContext.seccompProfile; delete pod(o).securityContext.seccompProfile; }, {}],
  ['W9', 'writable root', (o) => { app(o).securityContext.readOnlyRootFilesystem = false; }, {}],
  ['W9', 'no /tmp', (o) => { delete app(o).volumeMounts; }, { field: 'spec.template.spec.containers[0].volumeMounts' }],
  ['W10', 'hostPath', (o) => { pod(o).volumes.push({ name: 'h', hostPath: { path: '/var/run/docker.sock' } }); }, {}],
  ['W11', 'volume type', (o) => { pod(o).volumes.push({ name: 'n', nfs: { server: 'x', path: '/' } }); }, { field: 'spec.template.spec.volumes[1].nfs' }],
  ['W12', 'hostPort', (o) => { app(o).ports[0].hostPort = 8080; }, {}],
  ['W13', 'probe host', (o) => { app(o).livenessProbe.httpGet.host = 'example.com'; }, {}],
  ['W13', 'sysctls', (o) => { pod(o).securityContext.sysctls = [{ name: 'net.ipv4.ip_forward', value: '1' }]; }, {}],
  ['W14', 'token mounted', (o) => { pod(o).automountServiceAccountToken = true; }, {}],
  ['W14', 'SA token', (o) => { delete of(o, 'ServiceAccount').automountServiceAccountToken; }, {}],
  ['W15', 'default SA', (o) => { pod(o).serviceAccountName = 'default'; }, {}],
  ['W16', 'no namespace', (o) => { delete of(o, 'Service').metadata.namespace; }, { object: 'Service/shop' }],
  ['W16', 'namespace not restricted', (o) => { of(o, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline'; }, {}],
  ['W17', 'no limits', (o) => { delete app(o).resources.limits; }, { field: 'spec.template.spec.containers[0].resources.limits.cpu' }],
  ['W17', 'non-canonical quantity', (o) => { app(o).resources.requests.cpu = '1000m'; }, { message: expect.stringContaining('stores 1') }],
  ['W18', 'latest', (o) => { app(o).image = 'registry/x:latest'; }, {}],
  ['W19', 'pull policy', (o) => { app(o).imagePullPolicy = 'IfNotPresent'; }, {}],
  ['W20', 'identical probes', (o) => { app(o).livenessProbe = app(o).readinessProbe; }, {}],
  ['W20', 'no readiness', (o) => { delete app(o).readinessProbe; }, {}],
  ['W21', 'secret literal', (o) => { app(o).env.push({ name: 'DB_PASSWORD', value: 'hunter2' }); }, {}],
  ['W22', 'one replica in prod', (o) => { of(o, 'HorizontalPodAutoscaler').spec.minReplicas = 1; }, {}],
  ['W22', 'no spread in prod', (o) => { delete pod(o).topologySpreadConstraints; }, {}],
  ['W22', 'no budget', (o) => { o.splice(o.indexOf(of(o, 'PodDisruptionBudget')), 1); }, {}],
  ['W23', 'Recreate', (o) => { of(o, 'Deployment').spec.strategy = { type: 'Recreate' }; }, {}],
  ['W24', 'selector with version', (o) => { of(o, 'Deployment').spec.selector.matchLabels['app.kubernetes.io/version'] = '1.4.2'; }, {}],
  ['W25', 'duplicate env', (o) => { app(o).env.push({ name: 'PORT', value: '1' }); }, {}],
  ['W25', 'bad label value', (o) => { of(o, 'Service').metadata.labels.team = 'not valid!'; }, {}],
  ['W26', 'deprecated API', (o) => { of(o, 'PodDisruptionBudget').apiVersion = 'policy/v1beta1'; }, {}],
  ['S1', 'LoadBalancer', (o) => { of(o, 'Service').spec.type = 'LoadBalancer'; }, {}],
  ['S2', 'dangling Service', (o) => { of(o, 'Service').spec.selector = { 'app.kubernetes.io/name': 'other' }; }, {}],
  ['S3', 'unnamed port', (o) => { delete of(o, 'Service').spec.ports[0].name; }, {}],
  ['I1', 'no TLS', (o) => { delete of(o, 'Ingress').spec.tls; }, {}],
  ['I2', 'wildcard host', (o) => { of(o, 'Ingress').spec.rules[0].host = '*.zave.example'; }, {}],
  ['I2', 'no class', (o) => { delete of(o, 'Ingress').spec.ingressClassName; }, {}],
  ['I3', 'backend port missing', (o) => { of(o, 'Ingress').spec.rules[0].http.paths[0].backend.service.port = { name: 'web' }; }, {}],
  ['N1', 'pods not selected', (o) => { for (const np of o.filter((x) => x.kind === 'NetworkPolicy')) np.spec.podSelector = { matchLabels: { nothing: 'here' } }; }, {}],
  ['N2', 'no default deny', (o) => { o.splice(o.indexOf(of(o, 'NetworkPolicy', 'default-deny')), 1); }, {}],
  ['N2', 'allow without peers', (o) => { delete of(o, 'NetworkPolicy', 'allow-prometheus').spec.ingress[0].from; }, {}],
  ['N3', 'policy selects nothing', (o) => { of(o, 'NetworkPolicy', 'allow-prometheus').spec.podSelector = { matchLabels: { 'app.kubernetes.io/name': 'ghost' } }; }, {}],
  ['G1', 'empty mapping', (o) => { of(o, 'Service').metadata.annotations.empty = undefined; of(o, 'Service').spec.extra = {}; }, {}],
  ['G1', 'non-canonical storage', (o) => { of(o, 'Cluster').spec.storage.size = '1024Mi'; }, { message: expect.stringContaining('"1Gi"') }],
  ['G1', 'numeric sync wave', (o) => { of(o, 'Ingress').metadata.annotations['argocd.argoproj.io/sync-wave'] = 1; }, {}],
  ['T1', 'a Namespace named kube-system', (o) => { of(o, 'Namespace').metadata.name = 'kube-system'; }, { object: 'Namespace/kube-system', field: 'metadata.name' }],
  ['T1', 'an object in argocd', (o) => { of(o, 'Service').metadata.namespace = 'argocd'; }, { object: 'Service/argocd/shop', field: 'metadata.namespace' }],
  ['T2', 'two objects with one name', (o) => { o.push(JSON.parse(JSON.stringify(of(o, 'Service')))); }, { object: 'Service/shop/shop', field: 'metadata.name' }],
  ['T5', 'default deny selects only the workload', (o) => { of(o, 'NetworkPolicy', 'default-deny').spec.podSelector = { matchLabels: { 'app.kubernetes.io/part-of': 'shop' } }; }, { field: 'metadata.namespace' }],
  ['T5', 'default deny of one direction', (o) => { of(o, 'NetworkPolicy', 'default-deny').spec.policyTypes = ['Ingress']; }, {}],
  ['T6', 'database egress to 0.0.0.0/0', (o) => { of(o, 'NetworkPolicy', 'database-allow-api-server').spec.egress[0].to[0].ipBlock.cidr = '0.0.0.0/0'; }, { object: 'NetworkPolicy/shop/database-allow-api-server', field: 'spec.egress[0].to[0].ipBlock.cidr' }],
  ['R1', 'a database without Delete=false', (o) => { of(o, 'Cluster').metadata.annotations['argocd.argoproj.io/sync-options'] = 'Prune=confirm'; }, { object: 'Cluster/shop/shop-db' }],
  ['R1', 'a Namespace Argo CD prunes unasked', (o) => { delete of(o, 'Namespace').metadata.annotations['argocd.argoproj.io/sync-options']; }, { object: 'Namespace/shop' }],
];

/** The Argo CD objects of prod for two services (AppProjects, Applications, root, namespaces). */
const argoBase = (): any[] => argoObjects(['shop', 'ledger']);
const argoOf = (objs: any[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const argoMutations: Mutation[] = [
  ['T1', 'a tenant Application into kube-system', (o) => { argoOf(o, 'Application', 'shop.prod').spec.destination.namespace = 'kube-system'; }, { object: 'Application/argocd/shop.prod', field: 'spec.destination.namespace' }],
  ['T2', 'two Applications with one name', (o) => { argoOf(o, 'Application', 'ledger.prod').metadata.name = 'shop.prod'; }, { check: 'T2' }],
  ['T3', 'AppProject of shop can deploy into ledger', (o) => { argoOf(o, 'AppProject', 'shop.prod').spec.destinations.push({ server: 'https://kubernetes.default.svc', namespace: 'ledger' }); }, { object: 'AppProject/argocd/shop.prod', field: 'spec.destinations[1].namespace' }],
  ['T3', 'AppProject of shop without a kind whitelist', (o) => { delete argoOf(o, 'AppProject', 'shop.prod').spec.namespaceResourceWhitelist; }, { field: 'spec.namespaceResourceWhitelist' }],
  ['T3', 'AppProject of shop allows Namespaces', (o) => { argoOf(o, 'AppProject', 'shop.prod').spec.clusterResourceWhitelist = [{ group: '', kind: 'Namespace' }]; }, { field: 'spec.clusterResourceWhitelist[0]' }],
  ['T3', 'AppProject of shop allows every kind', (o) => { argoOf(o, 'AppProject', 'shop.prod').spec.namespaceResourceWhitelist = [{ group: '*', kind: '*' }]; }, { field: 'spec.namespaceResourceWhitelist[0]' }],
  ['T3', 'platform project allows ClusterRoles', (o) => { argoOf(o, 'AppProject', 'zave-prod').spec.clusterResourceWhitelist.push({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }); }, { object: 'AppProject/argocd/zave-prod' }],
  ['T4', 'root Application in the default project', (o) => { argoOf(o, 'Application', 'zave-prod').spec.project = 'default'; }, { object: 'Application/argocd/zave-prod', field: 'spec.project' }],
  ['T4', 'Application of shop in the project of ledger', (o) => { argoOf(o, 'Application', 'shop.prod').spec.project = 'ledger.prod'; }, { object: 'Application/argocd/shop.prod', field: 'spec.project' }],
  ['T4', 'Application of shop creates its Namespace', (o) => { argoOf(o, 'Application', 'shop.prod').spec.syncPolicy.syncOptions.push('CreateNamespace=true'); }, { field: 'spec.syncPolicy.syncOptions' }],
];

describe('SecurityPolicy', () => {
  test('the rendered baseline passes every check, in dev and with high availability', () => {
    expect(SecurityPolicy.check(clone(), true)).toEqual([]);
    expect(SecurityPolicy.check(renderWorkload(workloadFor(combinations()[0], 'shop'), DEV, TAG_IMAGE), false)).toEqual([]);
  });

  test('lists the 36 checks of the baseline, then the isolation checks T1–T6 and retention R1', () => {
    expect(SecurityPolicy.checkIds()).toHaveLength(43);
    expect(SecurityPolicy.checkIds().slice(26, 36)).toEqual(['S1', 'S2', 'S3', 'I1', 'I2', 'I3', 'N1', 'N2', 'N3', 'G1']);
    expect(SecurityPolicy.checkIds().slice(36)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'R1']);
  });

  test('the rendered Argo CD objects of an environment pass every check', () => {
    expect(SecurityPolicy.format(SecurityPolicy.check(argoBase()))).toBe('');
  });

  test.each(argoMutations)('%s refuses %s', (check, _what, mutate, expected) => {
    const objs = argoBase();
    mutate(objs);
    const violations = SecurityPolicy.check(objs);
    expect(violations).toEqual(expect.arrayContaining([expect.objectContaining({ check, ...expected })]));
  });

  test.each(mutations)('%s fails on %s', (check, _what, mutate, expected) => {
    const objs = clone();
    mutate(objs);
    const violations = SecurityPolicy.check(objs, true);
    expect(violations).toEqual(expect.arrayContaining([expect.objectContaining({ check, ...expected })]));
    for (const v of violations) expect(v.message.length).toBeGreaterThan(10);
  });

  test('every check id is exercised by a mutation', () => {
    const exercised = new Set([...mutations, ...argoMutations].map(([id]) => id));
    expect(SecurityPolicy.checkIds().filter((id) => !exercised.has(id))).toEqual([]);
  });

  test('formats one line per violation naming check, object and field', () => {
    const objs = clone();
    app(objs).securityContext.privileged = true;
    expect(SecurityPolicy.format(SecurityPolicy.check(objs))).toBe(
      'W2 Deployment/shop/shop spec.template.spec.containers[0].securityContext.privileged: container app is privileged');
  });
});
