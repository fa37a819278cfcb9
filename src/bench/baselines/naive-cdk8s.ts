import { ApiObject, ApiObjectProps, App, Chart, Cron, Size, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedWorkload } from '../../contract/resolved';
import { EnvironmentSpec } from '../../strategies/environment';
import { KubeObject } from '../../strategies/render';
import { LoadedState } from '../engine';

/** Kinds the hand-written L2 chart below builds itself (one NetworkPolicy among them). */
const L2_KINDS = new Set(['ServiceAccount', 'Deployment', 'CronJob', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Cluster']);

/**
 * The objects the strategies render that the L2 chart does not build (Namespace, ServiceMonitor or
 * PodMonitor, the NetworkPolicies beyond the first): a team would add them as `ApiObject`s, so the
 * naive route produces as many objects as the real one. Computed before the clock starts.
 */
export function objectsBeyondL2(objects: readonly KubeObject[]): KubeObject[] {
  let policies = 0;
  return objects.filter((o) => {
    if (o.kind === 'NetworkPolicy') return policies++ > 0;
    return !L2_KINDS.has(o.kind);
  });
}

function cpu(q: string): kplus.Cpu {
  return q.endsWith('m') ? kplus.Cpu.millis(Number(q.slice(0, -1))) : kplus.Cpu.units(Number(q));
}

function memory(q: string): Size {
  return q.endsWith('Gi') ? Size.gibibytes(Number(q.slice(0, -2))) : Size.mebibytes(Number(q.slice(0, -2)));
}

/** The objects of one workload, as a team would write them by hand with cdk8s-plus-28 L2 constructs. */
class NaiveWorkloadChart extends Chart {
  constructor(scope: Construct, id: string, w: ResolvedWorkload, env: EnvironmentSpec, image: string, extras: readonly KubeObject[]) {
    super(scope, id, { namespace: w.service, disableResourceNameHashes: true, labels: { 'app.kubernetes.io/name': w.service } });
    for (const o of extras) new ApiObject(this, `${o.kind}-${o.metadata.name}`, o as unknown as ApiObjectProps);
    const serviceAccount = new kplus.ServiceAccount(this, 'sa', { metadata: { name: w.service }, automountToken: false });
    const container: kplus.ContainerProps = {
      name: 'app',
      image,
      portNumber: w.httpPort ?? w.metricsPort,
      resources: {
        cpu: { request: cpu(w.resources.cpuRequest), limit: cpu(w.resources.cpuLimit) },
        memory: { request: memory(w.resources.memoryRequest), limit: memory(w.resources.memoryLimit) },
      },
      envVariables: { OTEL_SERVICE_NAME: kplus.EnvValue.fromValue(w.service), ZAVE_ENVIRONMENT: kplus.EnvValue.fromValue(env.name) },
      ...(w.probes ? {
        liveness: kplus.Probe.fromHttpGet(w.probes.livenessPath, { port: w.httpPort ?? w.metricsPort }),
        readiness: kplus.Probe.fromHttpGet(w.probes.readinessPath, { port: w.httpPort ?? w.metricsPort }),
        startup: kplus.Probe.fromHttpGet(w.probes.startupPath, { port: w.httpPort ?? w.metricsPort }),
      } : {}),
      securityContext: { user: 10001, group: 10001 },
    };
    if (w.strategy === 'scheduled-job') {
      const [minute, hour, day, month, weekDay] = (w.schedule ?? '0 0 * * *').split(' ');
      const job = new kplus.CronJob(this, 'cronjob', {
        metadata: { name: w.service },
        schedule: Cron.schedule({ minute, hour, day, month, weekDay }),
        serviceAccount,
        containers: [container],
      });
      new kplus.NetworkPolicy(this, 'netpol', { metadata: { name: w.service }, selector: job, ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY } });
    } else {
      const http = w.strategy === 'http-service';
      const deployment = new kplus.Deployment(this, 'deployment', {
        metadata: { name: w.service },
        serviceAccount,
        containers: [container],
        ...(http ? {} : { replicas: env.minReplicas }),
      });
      const ingressPeers: kplus.NetworkPolicyRule[] = [];
      if (http) {
        const service = deployment.exposeViaService({ name: w.service, ports: [{ port: 80, targetPort: w.httpPort }] });
        new kplus.HorizontalPodAutoscaler(this, 'hpa', {
          metadata: { name: w.service },
          target: deployment,
          minReplicas: env.minReplicas,
          maxReplicas: Math.min(w.scaling.maxReplicas, env.maxReplicas),
          metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(w.scaling.targetCpuUtilization))],
        });
        if (w.capabilities.ingress) {
          const host = `${w.service}.${env.domain}`;
          const ingress = new kplus.Ingress(this, 'ingress', {
            metadata: { name: w.service, annotations: { 'cert-manager.io/cluster-issuer': env.clusterIssuer, 'external-dns.alpha.kubernetes.io/hostname': host } },
            className: env.ingressClass,
          });
          ingress.addHostRule(host, '/', kplus.IngressBackend.fromService(service));
          ingress.addTls([{ hosts: [host] }]);
          ingressPeers.push({ peer: kplus.Namespaces.select(this, 'ingress-ns', { names: [env.ingressNamespace ?? 'ingress-nginx'] }), ports: [kplus.NetworkPolicyPort.tcp(w.httpPort ?? 8080)] });
        }
      }
      new kplus.NetworkPolicy(this, 'netpol', {
        metadata: { name: w.service },
        selector: deployment,
        ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: ingressPeers },
        egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      });
      new ApiObject(this, 'pdb', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: w.service },
        spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': w.service } } },
      });
    }
    if (w.database === 'postgres') {
      new ApiObject(this, 'db', {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: `${w.service}-db` },
        spec: { instances: env.databaseInstances, storage: { size: w.databaseStorage } },
      });
    }
  }
}

/**
 * The naive baseline: every workload as a cdk8s-plus-28 Chart, all Charts of an environment in ONE
 * `App`, then `app.synth()` into `outDir/<env>`. `extras` (by `<env>/<service>`) are the objects
 * beyond the L2 constructs, added as `ApiObject`s. Returns the number of Charts synthesized.
 */
export function naiveSynth(state: LoadedState, outDir: string, extras: ReadonlyMap<string, readonly KubeObject[]> = new Map()): number {
  let charts = 0;
  for (const env of state.environments) {
    const app = new App({ outdir: `${outDir}/${env.name}`, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    for (const w of state.workloads) {
      new NaiveWorkloadChart(app, w.service, w, env, state.images[env.name][w.service], extras.get(`${env.name}/${w.service}`) ?? []);
      charts++;
    }
    app.synth();
  }
  return charts;
}
