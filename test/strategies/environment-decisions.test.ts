import * as path from 'path';
import { parseContractFile } from '../../src/contract/parse';
import { resolveContract } from '../../src/contract/resolve';
import { EnvironmentSpec } from '../../src/strategies/environment';
import { environmentDecisions } from '../../src/strategies/environment-decisions';
import { renderWorkload } from '../../src/strategies/render';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'contracts');
const workload = (name: string) => resolveContract(parseContractFile(path.join(EXAMPLES, `${name}.yaml`)).contract!);

const dev: EnvironmentSpec = { name: 'dev', domain: 'dev.acme.io', clusterName: 'dev', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-staging', minReplicas: 1, maxReplicas: 2, databaseInstances: 1, apiServerCidr: '10.0.0.1/32' };
const prod: EnvironmentSpec = { name: 'prod', domain: 'acme.io', clusterName: 'prod', ingressClass: 'nginx-public', clusterIssuer: 'letsencrypt-prod', minReplicas: 2, maxReplicas: 10, databaseInstances: 3, apiServerCidr: '10.0.0.1/32' };

const byField = (decisions: { field: string; value: string }[]) => Object.fromEntries(decisions.map((d) => [d.field, d.value]));

describe('environmentDecisions (zave explain --env)', () => {
  test('public http-service with postgres in prod: replicas, host, TLS and database come from the rendered objects', () => {
    const d = byField(environmentDecisions(workload('payments-api'), prod));
    expect(d.replicas).toBe('2-3 (HorizontalPodAutoscaler)');
    expect(d.host).toBe('https://payments-api.acme.io');
    expect(d.tls).toBe('certificate from ClusterIssuer letsencrypt-prod, ingress class nginx-public');
    expect(d.database).toBe('PostgreSQL payments-api-db: 3 instance(s), 1Gi each');
    expect(d.highAvailability).toMatch(/topology spread/);
    expect(d.objects).toBe(String(renderWorkload(workload('payments-api'), prod, 'registry.invalid/explain:0.0.0').length));
  });

  test('the same workload in dev: one replica minimum, one database instance, no spread', () => {
    const d = byField(environmentDecisions(workload('payments-api'), dev));
    expect(d.replicas).toBe('1-2 (HorizontalPodAutoscaler)');
    expect(d.database).toBe('PostgreSQL payments-api-db: 1 instance(s), 1Gi each');
    expect(d.highAvailability).toBe('PodDisruptionBudget');
  });

  test('internal service gets a cluster address and no host; worker a fixed replica count; job one pod per run', () => {
    const ledger = byField(environmentDecisions(workload('ledger-internal'), prod));
    expect(ledger.address).toBe('http://ledger.ledger.svc.cluster.local');
    expect(ledger.host).toBeUndefined();
    expect(byField(environmentDecisions(workload('email-worker'), prod)).replicas).toBe('2');
    const job = byField(environmentDecisions(workload('nightly-report'), prod));
    expect(job.replicas).toBe('one pod per run');
    expect(job.highAvailability).toBeUndefined();
    expect(job.networkPolicies).toBe('allow-dns, allow-prometheus, default-deny');
  });
});
