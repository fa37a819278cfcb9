import { combinations, DEV, DIGEST_IMAGE, ENVIRONMENTS, PROD, STAGING, TAG_IMAGE, workloadFor } from './environments';
import { toYamlStream } from '../../src/common/yaml-output';
import { renderWorkload } from '../../src/strategies/render';
import { StrategyRenderer } from '../../src/strategies/strategy-renderer';

const [publicPg, publicPlain, internalPg, , workerPg, , jobPg] = combinations();
const find = (objs: any[], kind: string, name?: string): any => objs.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

describe('http-service', () => {
  const prod = renderWorkload(workloadFor(publicPg, 'payments-api'), PROD, TAG_IMAGE);
  const dev = renderWorkload(workloadFor(publicPg, 'payments-api'), DEV, TAG_IMAGE);

  test('public Ingress on <service>.<domain> with class, TLS, cert-manager and external-dns', () => {
    const ingress = find(prod, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx-public');
    expect(ingress.spec.rules[0].host).toBe('payments-api.zave.example');
    expect(ingress.spec.tls).toEqual([{ hosts: ['payments-api.zave.example'], secretName: 'payments-api-tls' }]);
    expect(ingress.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '1',
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'external-dns.alpha.kubernetes.io/hostname': 'payments-api.zave.example',
    });
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'payments-api', port: { name: 'http' } });
  });

  test('internal-http gets a ClusterIP Service and no Ingress', () => {
    const objs = renderWorkload(workloadFor(internalPg, 'ledger'), PROD, TAG_IMAGE);
    expect(find(objs, 'Ingress')).toBeUndefined();
    expect(find(objs, 'Service').spec.type).toBe('ClusterIP');
    expect(find(objs, 'Service').spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort}`)).toEqual(['http:80->http', 'metrics:9090->metrics']);
  });

  test('the autoscaler owns replicas: min from the environment, max from size capped by the environment', () => {
    expect(find(prod, 'Deployment').spec.replicas).toBeUndefined();
    expect(find(prod, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 3 });
    expect(find(dev, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 1, maxReplicas: 2 });
    const medium = renderWorkload(workloadFor(publicPlain), STAGING, TAG_IMAGE);
    expect(find(medium, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
  });

  test('spread over zones and nodes outside dev only', () => {
    expect(find(prod, 'Deployment').spec.template.spec.topologySpreadConstraints.map((t: any) => t.topologyKey))
      .toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(find(dev, 'Deployment').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('three different probes on the http port', () => {
    const c = find(prod, 'Deployment').spec.template.spec.containers[0];
    expect([c.startupProbe.httpGet.path, c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path]).toEqual(['/healthz', '/readyz', '/healthz']);
    expect(new Set([JSON.stringify(c.startupProbe), JSON.stringify(c.readinessProbe), JSON.stringify(c.livenessProbe)]).size).toBe(3);
    expect(c.readinessProbe.httpGet.port).toBe('http');
  });

  test('sync waves as strings: database -1, app 0, ingress 1', () => {
    const waves = Object.fromEntries(prod.map((o) => [`${o.kind}/${o.metadata.name}`, (o.metadata as any).annotations['argocd.argoproj.io/sync-wave']]));
    expect(waves['Cluster/payments-api-db']).toBe('-1');
    expect(waves['Deployment/payments-api']).toBe('0');
    expect(waves['Ingress/payments-api']).toBe('1');
    expect(Object.values(waves).every((w) => typeof w === 'string')).toBe(true);
  });
});

describe('database', () => {
  const objs = renderWorkload(workloadFor(workerPg, 'email-worker'), PROD, TAG_IMAGE);

  test('deregistration never deletes data: only stateful objects (Namespace, database Cluster) carry Prune=confirm and Delete=false', () => {
    const confirmed = objs.filter((o: any) => o.metadata.annotations?.['argocd.argoproj.io/sync-options'] === 'Prune=confirm,Delete=false').map((o: any) => o.kind).sort();
    expect(confirmed).toEqual(['Cluster', 'Namespace']);
    const plain = renderWorkload(workloadFor(publicPlain, 'shop'), PROD, TAG_IMAGE);
    expect(plain.filter((o: any) => o.metadata.annotations?.['argocd.argoproj.io/sync-options']).map((o: any) => o.kind)).toEqual(['Namespace']);
  });

  test('a CloudNativePG Cluster with the environment instances and the size storage', () => {
    const cluster = find(objs, 'Cluster');
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(cluster.spec).toMatchObject({ instances: 3, storage: { size: '10Gi' }, enableSuperuserAccess: false, bootstrap: { initdb: { database: 'app', owner: 'app' } } });
    expect(find(renderWorkload(workloadFor(workerPg, 'email-worker'), DEV, TAG_IMAGE), 'Cluster').spec.instances).toBe(1);
  });

  test('credentials only as secretKeyRefs to <cluster>-app, never as values; no Secret rendered', () => {
    const env = find(objs, 'Deployment').spec.template.spec.containers[0].env;
    const fromSecret = env.filter((e: any) => e.valueFrom);
    expect(fromSecret.map((e: any) => `${e.name}=${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`)).toEqual([
      'DATABASE_URL=email-worker-db-app/uri', 'PGDATABASE=email-worker-db-app/dbname', 'PGHOST=email-worker-db-app/host',
      'PGPASSWORD=email-worker-db-app/password', 'PGPORT=email-worker-db-app/port', 'PGUSER=email-worker-db-app/username',
    ]);
    expect(objs.some((o) => o.kind === 'Secret')).toBe(false);
    expect(toYamlStream(objs)).not.toMatch(/password:\s*\S/i);
  });

  test('database pods are under the default deny but never match the app selector', () => {
    const labels = find(objs, 'Cluster').spec.inheritedMetadata.labels;
    expect(labels['app.kubernetes.io/part-of']).toBe('email-worker');
    expect(labels['app.kubernetes.io/name']).toBeUndefined();
    expect(labels['app.kubernetes.io/instance']).toBeUndefined();
  });
});

describe('worker and scheduled-job', () => {
  test('a worker: fixed replicas from the environment, PodMonitor, no Service or Ingress', () => {
    const objs = renderWorkload(workloadFor(workerPg, 'email-worker'), STAGING, TAG_IMAGE);
    expect(find(objs, 'Deployment').spec.replicas).toBe(2);
    expect(find(objs, 'PodMonitor').spec.podMetricsEndpoints).toEqual([{ interval: '30s', path: '/metrics', port: 'metrics', scheme: 'http' }]);
    expect(objs.some((o) => ['Service', 'Ingress', 'HorizontalPodAutoscaler'].includes(o.kind))).toBe(false);
    expect(find(objs, 'Deployment').spec.template.spec.containers[0].readinessProbe.httpGet.port).toBe('metrics');
  });

  test('a scheduled-job: Forbid, bounded history, deadlines, backoff, UTC', () => {
    const cron = find(renderWorkload(workloadFor(jobPg, 'nightly-report'), PROD, TAG_IMAGE), 'CronJob');
    expect(cron.spec).toMatchObject({
      schedule: '15 3 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: { spec: { backoffLimit: 2, activeDeadlineSeconds: 3600, template: { spec: { restartPolicy: 'Never' } } } },
    });
  });
});

describe('images', () => {
  test('IfNotPresent for digests, Always for tags; version label from the tag', () => {
    const byDigest = find(renderWorkload(workloadFor(publicPg), PROD, DIGEST_IMAGE), 'Deployment');
    const byTag = find(renderWorkload(workloadFor(publicPg), PROD, TAG_IMAGE), 'Deployment');
    expect(byDigest.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(byTag.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(byTag.metadata.labels['app.kubernetes.io/version']).toBe('1.4.2');
    expect(byTag.spec.selector.matchLabels['app.kubernetes.io/version']).toBeUndefined();
  });

  test.each([
    ['registry/app', /not pinned \(no tag\)/],
    ['registry/app:latest', /not pinned \(tag latest\)/],
    ['registry/app@sha256:abc', /expected sha256: followed by 64/],
    ['', /not a valid image reference/],
  ])('refuses %j', (image, message) => {
    expect(() => renderWorkload(workloadFor(publicPg), PROD, image)).toThrow(message);
  });
});

describe('determinism', () => {
  const reverseKeys = (v: any): any => (Array.isArray(v) ? v.map(reverseKeys)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reverseKeys(v[k])])) : v);

  test('byte-identical across input key orders and render orders', () => {
    const all = combinations().flatMap((c) => ENVIRONMENTS.map((env) => ({ w: workloadFor(c), env })));
    const first = all.map(({ w, env }) => toYamlStream(renderWorkload(w, env, TAG_IMAGE)));
    const reversed = [...all].reverse().map(({ w, env }) => toYamlStream(renderWorkload(reverseKeys(w), reverseKeys(env), TAG_IMAGE))).reverse();
    expect(reversed).toEqual(first);
  });

  test('StrategyRenderer.render (the jsii entry point) is renderWorkload', () => {
    const w = workloadFor(publicPg);
    expect(StrategyRenderer.render(w, PROD, TAG_IMAGE)).toEqual(renderWorkload(w, PROD, TAG_IMAGE));
  });

  test('names never depend on construct paths or hashes', () => {
    const yaml = toYamlStream(renderWorkload(workloadFor(publicPg, 'payments-api'), PROD, TAG_IMAGE));
    expect(yaml).not.toMatch(/cdk8s|Workload|Foundation|-c[0-9a-f]{7}/);
  });
});
