import { Combination } from './environments';
import { EnvironmentSpec } from '../../src/strategies/environment';

/** Objects (`Kind/name`) a combination must render, derived from the contract by hand. */
export function expectedObjects(c: Combination, service: string, env: EnvironmentSpec): string[] {
  const out = [`Namespace/${service}`, `ServiceAccount/${service}`, 'NetworkPolicy/default-deny', 'NetworkPolicy/allow-dns', 'NetworkPolicy/allow-prometheus'];
  if (c.exposure === 'public-http') out.push('NetworkPolicy/allow-ingress-controller', `Ingress/${service}`);
  if (c.exposure === 'internal-http') out.push('NetworkPolicy/allow-in-cluster');
  if (c.database === 'postgres') {
    out.push('NetworkPolicy/allow-database', `Cluster/${service}-db`, 'NetworkPolicy/database-allow-app',
      'NetworkPolicy/database-allow-operator', 'NetworkPolicy/database-allow-api-server');
    if (env.databaseInstances > 1) out.push('NetworkPolicy/database-allow-replication-in', 'NetworkPolicy/database-allow-replication-out');
  }
  if (c.strategy === 'http-service') {
    out.push(`Deployment/${service}`, `Service/${service}`, `HorizontalPodAutoscaler/${service}`, `PodDisruptionBudget/${service}`, `ServiceMonitor/${service}`);
  } else if (c.strategy === 'worker') {
    out.push(`Deployment/${service}`, `PodDisruptionBudget/${service}`, `PodMonitor/${service}`);
  } else {
    out.push(`CronJob/${service}`, `PodMonitor/${service}`);
  }
  return out.sort();
}

/** The flows the contract implies, in the notation of `NetworkFlows.of`, derived by hand. */
export function expectedFlows(c: Combination, service: string, env: EnvironmentSpec): string[] {
  const ns = service;
  const app = `${c.strategy === 'scheduled-job' ? 'CronJob' : 'Deployment'}/${ns}/${service}`;
  const db = `Cluster/${ns}/${service}-db`;
  const dns = 'namespace:kube-system/pods:{"matchLabels":{"k8s-app":"kube-dns"}}';
  const flows = [
    `${app} egress to ${dns} UDP/53`, `${app} egress to ${dns} TCP/53`,
    `${app} ingress from namespace:${env.monitoringNamespace ?? 'monitoring'} TCP/9090`,
  ];
  if (c.exposure === 'public-http') flows.push(`${app} ingress from namespace:${env.ingressNamespace ?? 'ingress-nginx'} TCP/8080`);
  if (c.exposure === 'internal-http') flows.push(`${app} ingress from namespace:* TCP/8080`);
  if (c.database === 'postgres') {
    const operator = env.databaseOperatorNamespace ?? 'cnpg-system';
    const api = env.apiServerCidr!;
    flows.push(
      `${app} egress to ${db} TCP/5432`,
      `${db} ingress from ${app} TCP/5432`,
      `${db} egress to ${dns} UDP/53`, `${db} egress to ${dns} TCP/53`,
      `${db} ingress from namespace:${operator} TCP/8000`, `${db} ingress from namespace:${operator} TCP/5432`,
      `${db} egress to cidr:${api} TCP/443`, `${db} egress to cidr:${api} TCP/6443`,
    );
    if (env.databaseInstances > 1) {
      flows.push(`${db} ingress from ${db} TCP/8000`, `${db} ingress from ${db} TCP/5432`, `${db} egress to ${db} TCP/8000`, `${db} egress to ${db} TCP/5432`);
    }
  }
  return flows.sort();
}
