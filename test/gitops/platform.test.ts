import { defaultPlatformYaml } from '../../src/gitops/platform/default';
import { parsePlatform } from '../../src/gitops/platform/parse';
import { toEnvironmentSpec } from '../../src/gitops/platform/platform';

describe('platform.yaml', () => {
  test('the default file parses to dev, staging, prod with the documented replica and database policy', () => {
    const { platform, issues } = parsePlatform(defaultPlatformYaml());
    expect(issues).toEqual([]);
    expect(platform!.environments.map((e) => [e.name, e.domain, e.minReplicas, e.maxReplicas, e.databaseInstances, e.clusterIssuer])).toEqual([
      ['dev', 'dev.example.com', 1, 3, 1, 'letsencrypt-staging'],
      ['staging', 'staging.example.com', 2, 5, 2, 'letsencrypt-prod'],
      ['prod', 'example.com', 2, 10, 3, 'letsencrypt-prod'],
    ]);
    expect(platform!.gitops).toEqual({ repoURL: 'https://git.example.com/platform/gitops.git', targetRevision: 'main', path: '', argocdNamespace: 'argocd' });
    expect(toEnvironmentSpec(platform!.environments[2])).toEqual({
      name: 'prod',
      domain: 'example.com',
      clusterName: 'prod',
      ingressClass: 'nginx',
      clusterIssuer: 'letsencrypt-prod',
      minReplicas: 2,
      maxReplicas: 10,
      databaseInstances: 3,
      ingressNamespace: 'ingress-nginx',
      monitoringNamespace: 'monitoring',
      databaseOperatorNamespace: 'cnpg-system',
      apiServerCidr: '10.0.0.1/32',
    });
  });

  test('a minimal file gets position-dependent defaults', () => {
    const text = 'apiVersion: zave.dev/v1\nkind: Platform\ngitops:\n  repoURL: git@github.com:acme/gitops.git\nenvironments:\n  - name: qa\n    domain: qa.acme.io\n  - name: live\n    domain: acme.io\n';
    const { platform, issues } = parsePlatform(text);
    expect(issues).toEqual([]);
    expect(platform!.environments.map((e) => [e.name, e.minReplicas, e.databaseInstances, e.clusterServer])).toEqual([
      ['qa', 1, 1, 'https://kubernetes.default.svc'], ['live', 2, 3, 'https://kubernetes.default.svc'],
    ]);
    expect(platform!.capabilities).toEqual({ publicIngress: true, postgres: true, serviceMonitors: true });
  });

  test('reports every problem in one run with position and did-you-mean', () => {
    const text = [
      'apiVersion: zave.dev/v1',
      'kind: Platform',
      'gitops:',
      '  repoURL: ftp://example.com/repo',
      'capabilites:',
      '  postgres: true',
      'environments:',
      '  - name: dev',
      '    domian: dev.example.com',
      '  - name: Prod',
      '    domain: example.com',
      '    replicas: { min: 3, max: 2 }',
      '  - name: bootstrap',
      '    domain: example.org',
      '',
    ].join('\n');
    const { platform, issues } = parsePlatform(text, 'platform.yaml');
    expect(platform).toBeUndefined();
    expect(issues.map((i) => [i.code, i.line, i.column, i.path, i.hint])).toEqual([
      ['invalid-value', 4, 12, 'gitops.repoURL', 'write an https:// or ssh:// URL, e.g. https://github.com/acme/gitops.git'],
      ['unknown-field', 5, 1, 'capabilites', 'did you mean capabilities?'],
      ['missing-field', 8, 5, 'environments.0.domain', undefined],
      ['unknown-field', 9, 5, 'environments.0.domian', 'did you mean domain?'],
      ['invalid-value', 10, 11, 'environments.1.name', 'use a name such as dev, staging or prod'],
      ['conflicting-fields', 12, 30, 'environments.1.replicas.max', 'raise max to at least 3'],
      ['invalid-value', 13, 11, 'environments.2.name', 'choose another environment name'],
    ]);
  });

  test('duplicate environments and an inverted replica range are located', () => {
    const text = 'apiVersion: zave.dev/v1\nkind: Platform\ngitops:\n  repoURL: https://g.example/r.git\nenvironments:\n  - name: dev\n    domain: a.io\n    replicas:\n      min: 3\n      max: 2\n  - name: dev\n    domain: b.io\n';
    const { issues } = parsePlatform(text);
    expect(issues.map((i) => [i.code, i.line, i.column, i.message])).toEqual([
      ['conflicting-fields', 10, 12, 'replicas.max 2 is below replicas.min 3'],
      ['conflicting-fields', 11, 11, 'environment "dev" is declared twice (first as environments[0])'],
    ]);
  });
});
