import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ResolvedWorkload } from '../../contract/resolved';
import { EnvironmentSpec } from '../../strategies/environment';
import { LoadedState } from '../engine';

/*
 * The kustomize route a team would hand-roll: one base per strategy, components for ingress and
 * postgres, and one overlay per service and environment (namespace, name prefix, labels, image,
 * resource/replica/host patches). Rendering is `kubectl kustomize` per overlay, as an Argo CD
 * Application per service and environment would do, output written to a file.
 */

const stringify = (v: unknown): string => YAML.stringify(v, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 });

function write(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Array.isArray(value) ? value.map(stringify).join('---\n') : stringify(value));
}

const labels = { 'app.kubernetes.io/name': 'app' };
const podSecurity = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } };
const containerSecurity = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

function podSpec(port: number, probes: boolean): Record<string, unknown> {
  const probe = (p: string) => ({ httpGet: { path: p, port } });
  return {
    serviceAccountName: 'app',
    automountServiceAccountToken: false,
    securityContext: podSecurity,
    containers: [{
      name: 'app',
      image: 'app-image',
      ports: [{ name: 'http', containerPort: port }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      securityContext: containerSecurity,
      ...(probes ? { livenessProbe: probe('/healthz'), readinessProbe: probe('/readyz'), startupProbe: probe('/healthz') } : {}),
    }],
  };
}

function writeBases(root: string): void {
  const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app' }, automountServiceAccountToken: false };
  const netpol = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'app' }, spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'] } };
  const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'app' }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } };
  const deployment = (port: number) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(port, true) } },
  });
  const http = [sa, deployment(8080), netpol, pdb,
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app' }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'app' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] } }];
  const worker = [sa, deployment(9090), netpol, pdb];
  const job = [sa, netpol, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'app' },
    spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { metadata: { labels }, spec: { ...podSpec(9090, false), restartPolicy: 'Never' } } } } },
  }];
  for (const [name, objects] of [['http-service', http], ['worker', worker], ['scheduled-job', job]] as const) {
    write(path.join(root, 'base', name, 'resources.yaml'), objects);
    write(path.join(root, 'base', name, 'kustomization.yaml'), { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['resources.yaml'] });
  }
  write(path.join(root, 'components', 'ingress', 'ingress.yaml'), {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'app', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } },
    spec: { ingressClassName: 'nginx', tls: [{ hosts: ['app.example.com'], secretName: 'app-tls' }], rules: [{ host: 'app.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'app', port: { name: 'http' } } } }] } }] },
  });
  write(path.join(root, 'components', 'ingress', 'kustomization.yaml'), { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', resources: ['ingress.yaml'] });
  write(path.join(root, 'components', 'postgres', 'cluster.yaml'), { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'app-db' }, spec: { instances: 1, storage: { size: '1Gi' } } });
  write(path.join(root, 'components', 'postgres', 'kustomization.yaml'), { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', resources: ['cluster.yaml'] });
}

function jsonPatch(kind: string, ops: unknown[]): Record<string, unknown> {
  return { target: { kind }, patch: stringify(ops) };
}

function overlay(w: ResolvedWorkload, env: EnvironmentSpec, image: string): Record<string, unknown> {
  const at = image.indexOf('@');
  const colon = image.lastIndexOf(':');
  const img = at >= 0 ? { name: 'app-image', newName: image.slice(0, at), digest: image.slice(at + 1) } : { name: 'app-image', newName: image.slice(0, colon), newTag: image.slice(colon + 1) };
  const r = w.resources;
  const resources = { requests: { cpu: r.cpuRequest, memory: r.memoryRequest }, limits: { cpu: r.cpuLimit, memory: r.memoryLimit } };
  const patches: unknown[] = [];
  if (w.strategy === 'scheduled-job') {
    patches.push(jsonPatch('CronJob', [
      { op: 'replace', path: '/spec/schedule', value: w.schedule },
      { op: 'replace', path: '/spec/jobTemplate/spec/template/spec/containers/0/resources', value: resources },
    ]));
  } else {
    patches.push(jsonPatch('Deployment', [
      { op: 'replace', path: '/spec/template/spec/containers/0/resources', value: resources },
      ...(w.strategy === 'worker' ? [{ op: 'add', path: '/spec/replicas', value: env.minReplicas }] : []),
    ]));
  }
  if (w.strategy === 'http-service') {
    patches.push(jsonPatch('HorizontalPodAutoscaler', [
      { op: 'replace', path: '/spec/minReplicas', value: env.minReplicas },
      { op: 'replace', path: '/spec/maxReplicas', value: Math.min(w.scaling.maxReplicas, env.maxReplicas) },
    ]));
  }
  const components: string[] = [];
  if (w.capabilities.ingress) {
    const host = `${w.service}.${env.domain}`;
    components.push('../../../components/ingress');
    patches.push(jsonPatch('Ingress', [
      { op: 'replace', path: '/spec/rules/0/host', value: host },
      { op: 'replace', path: '/spec/tls/0/hosts/0', value: host },
      { op: 'replace', path: '/metadata/annotations/cert-manager.io~1cluster-issuer', value: env.clusterIssuer },
    ]));
  }
  if (w.database === 'postgres') {
    components.push('../../../components/postgres');
    patches.push(jsonPatch('Cluster', [
      { op: 'replace', path: '/spec/instances', value: env.databaseInstances },
      { op: 'replace', path: '/spec/storage/size', value: w.databaseStorage },
    ]));
  }
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: w.service,
    namePrefix: `${w.service}-`,
    labels: [{ pairs: { 'app.kubernetes.io/instance': w.service, 'zave.dev/environment': env.name }, includeSelectors: true }],
    resources: [`../../../base/${w.strategy}`],
    ...(components.length ? { components } : {}),
    images: [img],
    patches,
  };
}

/** Writes the hand-rolled kustomize tree of a state under `root`; returns the overlay directories. */
export function writeKustomizeTree(root: string, state: LoadedState): string[] {
  writeBases(root);
  const overlays: string[] = [];
  for (const env of state.environments) {
    for (const w of state.workloads) {
      const dir = path.join(root, 'overlays', env.name, w.service);
      write(path.join(dir, 'kustomization.yaml'), overlay(w, env, state.images[env.name][w.service]));
      overlays.push(dir);
    }
  }
  return overlays;
}

/** Renders every overlay with `kubectl kustomize` (one process each), writing the output to `outDir`. */
export function kustomizeRender(root: string, outDir: string): number {
  let docs = 0;
  const overlaysRoot = path.join(root, 'overlays');
  for (const env of fs.readdirSync(overlaysRoot).sort()) {
    fs.mkdirSync(path.join(outDir, env), { recursive: true });
    for (const service of fs.readdirSync(path.join(overlaysRoot, env)).sort()) {
      const out = execFileSync('kubectl', ['kustomize', path.join(overlaysRoot, env, service)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      fs.writeFileSync(path.join(outDir, env, `${service}.yaml`), out);
      docs += out.split('\n---\n').length;
    }
  }
  return docs;
}

/** True when `kubectl kustomize` can run here. */
export function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
