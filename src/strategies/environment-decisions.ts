import { EnvironmentSpec } from './environment';
import { KubeObject, renderWorkload } from './render';
import { ResolvedDecision, ResolvedWorkload } from '../contract/resolved';

/** Image used to render an explanation when no real image is given (never written anywhere). */
const EXPLAIN_IMAGE = 'registry.invalid/explain:0.0.0';

type Obj = KubeObject & { spec?: any };

/**
 * The decisions one environment adds to a resolved workload (replicas, host, TLS issuer, database
 * instances...), read back from the objects the strategy actually renders, so the explanation can
 * never drift from the output.
 */
export function environmentDecisions(workload: ResolvedWorkload, environment: EnvironmentSpec): ResolvedDecision[] {
  return decisionsFromObjects(workload, environment, renderWorkload(workload, environment, EXPLAIN_IMAGE));
}

/**
 * The same decisions read back from objects already rendered (e.g. the committed deploy/ of a
 * GitOps repository, as the fleet page shows them).
 */
export function decisionsFromObjects(workload: ResolvedWorkload, environment: EnvironmentSpec, rendered: readonly KubeObject[]): ResolvedDecision[] {
  const objects = rendered as Obj[];
  const find = (kind: string) => objects.find((o) => o.kind === kind);
  const out: ResolvedDecision[] = [];
  const env = `environment ${environment.name}`;
  const namespace = find('Namespace');
  if (namespace) out.push({ field: 'namespace', value: namespace.metadata.name, rule: 'platform: one namespace per workload, enforcing Pod Security restricted' });

  const hpa = find('HorizontalPodAutoscaler');
  const deployment = find('Deployment');
  if (hpa) {
    out.push({
      field: 'replicas',
      value: `${hpa.spec.minReplicas}-${hpa.spec.maxReplicas} (HorizontalPodAutoscaler)`,
      rule: `${env}: minimum ${environment.minReplicas}, ceiling ${environment.maxReplicas}; size ${workload.size}: up to ${workload.scaling.maxReplicas}`,
    });
  } else if (deployment) {
    out.push({ field: 'replicas', value: String(deployment.spec.replicas), rule: `${env}: minimum replicas ${environment.minReplicas}` });
  } else if (find('CronJob')) {
    out.push({ field: 'replicas', value: 'one pod per run', rule: 'strategy scheduled-job' });
  }
  const spread = deployment?.spec?.template?.spec?.topologySpreadConstraints;
  if (deployment) {
    out.push({
      field: 'highAvailability',
      value: spread ? 'PodDisruptionBudget + topology spread across nodes and zones' : 'PodDisruptionBudget',
      rule: spread ? `${env}: at least two replicas` : `${env}: a single replica is allowed`,
    });
  }

  const ingress = find('Ingress');
  if (ingress) {
    const host = ingress.spec.rules?.[0]?.host;
    const issuer = (ingress.metadata.annotations as Record<string, string> | undefined)?.['cert-manager.io/cluster-issuer'];
    out.push({ field: 'host', value: `https://${host}`, rule: `exposure public-http: <service>.<domain of ${environment.name}>; DNS by external-dns` });
    out.push({ field: 'tls', value: `certificate from ClusterIssuer ${issuer}, ingress class ${ingress.spec.ingressClassName}`, rule: `${env}` });
  } else if (find('Service')) {
    const svc = find('Service')!;
    out.push({ field: 'address', value: `http://${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local`, rule: 'exposure internal-http: reachable only inside the cluster' });
  }

  const cluster = find('Cluster');
  if (cluster) {
    out.push({
      field: 'database',
      value: `PostgreSQL ${cluster.metadata.name}: ${cluster.spec.instances} instance(s), ${cluster.spec.storage?.size} each`,
      rule: `${env}: ${environment.databaseInstances} instance(s); size ${workload.size}: storage`,
    });
  }
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort();
  out.push({ field: 'networkPolicies', value: policies.join(', '), rule: 'platform: default deny, then only the flows the contract implies' });
  out.push({ field: 'objects', value: String(objects.length), rule: `rendered by the ${workload.strategy} strategy` });
  return out;
}
