import { Contract } from '../../src/contract/api';
import { ResolvedWorkload } from '../../src/contract/resolved';
import { EnvironmentSpec } from '../../src/strategies/environment';

/** The three environments of the test platform. */
export const DEV: EnvironmentSpec = {
  name: 'dev',
  domain: 'dev.zave.example',
  clusterName: 'dev-1',
  ingressClass: 'nginx',
  clusterIssuer: 'letsencrypt-staging',
  minReplicas: 1,
  maxReplicas: 2,
  databaseInstances: 1,
  apiServerCidr: '172.20.0.2/32',
};
export const STAGING: EnvironmentSpec = {
  name: 'staging',
  domain: 'staging.zave.example',
  clusterName: 'staging-1',
  ingressClass: 'nginx',
  clusterIssuer: 'letsencrypt-prod',
  minReplicas: 2,
  maxReplicas: 4,
  databaseInstances: 2,
  apiServerCidr: '10.10.0.0/28',
};
export const PROD: EnvironmentSpec = {
  name: 'prod',
  domain: 'zave.example',
  clusterName: 'prod-1',
  ingressClass: 'nginx-public',
  clusterIssuer: 'letsencrypt-prod',
  minReplicas: 3,
  maxReplicas: 10,
  databaseInstances: 3,
  ingressNamespace: 'ingress-public',
  monitoringNamespace: 'observability',
  databaseOperatorNamespace: 'cnpg',
  apiServerCidr: '10.0.0.1/32',
};
export const ENVIRONMENTS: EnvironmentSpec[] = [DEV, STAGING, PROD];

/** One valid combination of the contract's shape fields. */
export interface Combination {
  readonly strategy: 'http-service' | 'worker' | 'scheduled-job';
  readonly exposure: 'public-http' | 'internal-http' | 'none';
  readonly database: 'postgres' | 'none';
  readonly size: 'small' | 'medium' | 'large';
}

/** Every valid strategy x exposure x database combination (sizes rotate so each appears). */
export function combinations(): Combination[] {
  const shapes: Array<[Combination['strategy'], Combination['exposure']]> = [
    ['http-service', 'public-http'], ['http-service', 'internal-http'], ['worker', 'none'], ['scheduled-job', 'none'],
  ];
  const sizes: Combination['size'][] = ['small', 'medium', 'large'];
  const out: Combination[] = [];
  let i = 0;
  for (const [strategy, exposure] of shapes) {
    for (const database of ['postgres', 'none'] as const) out.push({ strategy, exposure, database, size: sizes[i++ % 3] });
  }
  return out;
}

/** Resolves a contract for a combination (service name derived from it). */
export function workloadFor(c: Combination, service?: string): ResolvedWorkload {
  const name = service ?? `${c.strategy === 'http-service' ? (c.exposure === 'public-http' ? 'pub' : 'int') : c.strategy === 'worker' ? 'wrk' : 'job'}-${c.database === 'postgres' ? 'pg' : 'nodb'}`;
  const lines = [`service: ${name}`, `strategy: ${c.strategy}`, `exposure: ${c.exposure}`, `database: ${c.database}`, `size: ${c.size}`];
  if (c.strategy === 'scheduled-job') lines.push('schedule: "15 3 * * *"');
  return Contract.load(lines.join('\n') + '\n', `${name}.yaml`);
}

/** A tag-pinned image and a digest-pinned image. */
export const TAG_IMAGE = 'registry.zave.example/team/app:1.4.2';
export const DIGEST_IMAGE = `registry.zave.example/team/app@sha256:${'ab12'.repeat(16)}`;
