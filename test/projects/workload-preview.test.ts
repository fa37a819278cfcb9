import { App, Chart } from 'cdk8s';
import { WorkloadPreview } from '../../src';

const PAYMENTS = 'service: payments-api\nruntime: node\nexposure: public-http\ndatabase: postgres\n';

describe('WorkloadPreview (the cdk8s app of every tenant repository)', () => {
  test('one chart per environment of the default platform, rendered by the strategy constructs', () => {
    const app = new App();
    const preview = new WorkloadPreview(app, 'preview', { contractText: PAYMENTS });
    expect(preview.service).toBe('payments-api');
    expect(preview.environments).toEqual(['dev', 'staging', 'prod']);
    const charts = app.node.children.filter((c): c is Chart => c instanceof Chart);
    expect(charts.map((c) => c.node.id)).toEqual(['dev', 'staging', 'prod']);
    const dev = charts[0].toJson() as Array<{ kind: string; metadata: { name: string }; spec?: { template?: { spec?: { containers?: Array<{ image: string }> } } } }>;
    const kinds = dev.map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment', 'Service', 'Ingress', 'Cluster', 'NetworkPolicy']));
    const deployment = dev.find((o) => o.kind === 'Deployment')!;
    expect(deployment.spec?.template?.spec?.containers?.[0].image).toBe('payments-api:preview');
  });

  test('a subset of environments and a given image', () => {
    const app = new App();
    new WorkloadPreview(app, 'preview', { contractText: 'service: ledger\nruntime: go\n', environments: ['prod'], image: 'ghcr.io/acme/ledger@sha256:' + 'a'.repeat(64) });
    const charts = app.node.children.filter((c): c is Chart => c instanceof Chart);
    expect(charts.map((c) => c.node.id)).toEqual(['prod']);
    expect(JSON.stringify(charts[0].toJson())).toContain('ghcr.io/acme/ledger@sha256:');
  });

  test('errors name the problem: an invalid contract with its position, an unknown environment with the known ones', () => {
    expect(() => new WorkloadPreview(new App(), 'p', { contractText: 'service: x1\nexposure: publik-http\n' })).toThrow(/zave.yaml:2:11 exposure/);
    expect(() => new WorkloadPreview(new App(), 'p', { contractText: PAYMENTS, environments: ['qa'] })).toThrow('unknown preview environment(s): qa; the environments are: dev, staging, prod');
  });
});
