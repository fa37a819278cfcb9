import { checkPodSecurityRestricted, containersOf } from './pod-security';
import { canonicalQuantity } from './quantity';
import { ViolationSink } from './sink';

/** A pod template found in a workload object, with its field path. */
export interface PodTemplateRef {
  readonly obj: any;
  readonly template: any;
  readonly at: string;
}

/** Pod templates of Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and bare Pods. */
export function podTemplatesOf(objects: readonly any[]): PodTemplateRef[] {
  const out: PodTemplateRef[] = [];
  for (const obj of objects) {
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(obj.kind)) {
      out.push({ obj, template: obj.spec?.template, at: 'spec.template' });
    } else if (obj.kind === 'CronJob') {
      out.push({ obj, template: obj.spec?.jobTemplate?.spec?.template, at: 'spec.jobTemplate.spec.template' });
    } else if (obj.kind === 'Pod') {
      out.push({ obj, template: { metadata: obj.metadata, spec: obj.spec }, at: '' });
    }
  }
  return out;
}

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

/** W5, W9, W14, W15, W17–W21, W25 (env) on one pod template, plus PSS restricted. */
export function checkPodTemplate(ref: PodTemplateRef, objects: readonly any[], sink: ViolationSink): void {
  const spec = ref.template?.spec ?? {};
  const at = `${ref.at ? ref.at + '.' : ''}spec`;
  checkPodSecurityRestricted(spec, at, sink);
  const podSc = spec.securityContext ?? {};
  const tmpVolumes = new Set((spec.volumes ?? []).filter((v: any) => v.emptyDir !== undefined).map((v: any) => v.name));
  if (podSc.fsGroup === undefined || podSc.fsGroup === 0) sink.add('W5', `${at}.securityContext.fsGroup`, `fsGroup must be set and non-zero (found ${podSc.fsGroup})`);
  if (spec.automountServiceAccountToken !== false) sink.add('W14', `${at}.automountServiceAccountToken`, 'the pod mounts a ServiceAccount token; set automountServiceAccountToken: false');
  const sa = spec.serviceAccountName;
  if (sa === undefined || sa === 'default') {
    sink.add('W15', `${at}.serviceAccountName`, `the pod uses ${sa ?? 'the default'} ServiceAccount; use a dedicated one`);
  } else {
    const account = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata?.name === sa && o.metadata?.namespace === ref.obj.metadata?.namespace);
    if (!account) sink.add('W15', `${at}.serviceAccountName`, `ServiceAccount ${sa} is not rendered alongside the workload`);
    else if (account.automountServiceAccountToken !== false) sink.add('W14', 'automountServiceAccountToken', `ServiceAccount ${sa} does not set automountServiceAccountToken: false`);
  }
  for (const { c, at: cat } of containersOf(spec, at)) {
    const sc = c.securityContext ?? {};
    const uid = sc.runAsUser ?? podSc.runAsUser;
    const gid = sc.runAsGroup ?? podSc.runAsGroup;
    if (uid === undefined || uid < 10000) sink.add('W5', `${cat}.securityContext.runAsUser`, `container ${c.name} runs as UID ${uid ?? 'unset'}; expected ≥ 10000`);
    if (gid === undefined || gid < 10000) sink.add('W5', `${cat}.securityContext.runAsGroup`, `container ${c.name} runs as GID ${gid ?? 'unset'}; expected ≥ 10000`);
    if (sc.readOnlyRootFilesystem !== true) sink.add('W9', `${cat}.securityContext.readOnlyRootFilesystem`, `container ${c.name} has a writable root filesystem`);
    const tmp = (c.volumeMounts ?? []).find((m: any) => m.mountPath === '/tmp');
    if (!tmp || !tmpVolumes.has(tmp.name)) sink.add('W9', `${cat}.volumeMounts`, `container ${c.name} has no emptyDir mounted at /tmp`);
    for (const kind of ['requests', 'limits']) {
      for (const res of ['cpu', 'memory']) {
        const q = c.resources?.[kind]?.[res];
        if (q === undefined) {sink.add('W17', `${cat}.resources.${kind}.${res}`, `container ${c.name} has no ${res} ${kind.slice(0, -1)}`);} else if (canonicalQuantity(String(q)) !== String(q)) {
          sink.add('W17', `${cat}.resources.${kind}.${res}`, `quantity ${q} is not canonical; the API server stores ${canonicalQuantity(String(q)) ?? 'something else'}`);
        }
      }
    }
    checkImage(c, cat, sink);
    const names = new Set<string>();
    (c.env ?? []).forEach((e: any, i: number) => {
      if (names.has(e.name)) sink.add('W25', `${cat}.env[${i}].name`, `env ${e.name} is defined twice in container ${c.name}`);
      names.add(e.name);
      if (e.value !== undefined && SECRET_NAME.test(e.name)) sink.add('W21', `${cat}.env[${i}].value`, `env ${e.name} looks like a secret but has a literal value; use secretKeyRef`);
    });
    (c.envFrom ?? []).forEach((e: any, i: number) => {
      if (e.secretRef !== undefined) sink.add('W21', `${cat}.envFrom[${i}].secretRef`, 'envFrom a Secret exposes every key; reference keys with secretKeyRef');
    });
  }
}

function checkImage(c: any, at: string, sink: ViolationSink): void {
  const image: string = c.image ?? '';
  const digest = /@sha256:[a-f0-9]{64}$/.test(image);
  const name = image.split('@')[0];
  const tag = name.lastIndexOf(':') > name.lastIndexOf('/') ? name.slice(name.lastIndexOf(':') + 1) : undefined;
  if (!digest && (tag === undefined || tag === 'latest')) sink.add('W18', `${at}.image`, `image ${image} is not pinned; use a version tag or a digest`);
  const expected = digest ? 'IfNotPresent' : 'Always';
  if (c.imagePullPolicy !== expected) {
    sink.add('W19', `${at}.imagePullPolicy`, `image ${image} is pinned by ${digest ? 'digest' : 'tag'}, so imagePullPolicy must be ${expected} (found ${c.imagePullPolicy ?? 'unset'})`);
  }
}

/** W20 (probes), W22 (replicas, budget, spread), W23 (rollout), W24 (selector) on a Deployment. */
export function checkDeployment(obj: any, objects: readonly any[], highAvailability: boolean, sink: ViolationSink): void {
  const spec = obj.spec ?? {};
  const template = spec.template ?? {};
  containersOf(template.spec, 'spec.template.spec').forEach(({ c, at }) => {
    if (at.includes('initContainers') || at.includes('ephemeralContainers')) return;
    if (!c.readinessProbe) sink.add('W20', `${at}.readinessProbe`, `container ${c.name} has no readiness probe`);
    if (!c.livenessProbe) sink.add('W20', `${at}.livenessProbe`, `container ${c.name} has no liveness probe`);
    if (!c.startupProbe) sink.add('W20', `${at}.startupProbe`, `container ${c.name} has no startup probe`);
    if (c.readinessProbe && JSON.stringify(c.readinessProbe) === JSON.stringify(c.livenessProbe)) {
      sink.add('W20', `${at}.livenessProbe`, `container ${c.name} has identical readiness and liveness probes`);
    }
  });
  if (spec.strategy?.type !== 'RollingUpdate') sink.add('W23', 'spec.strategy.type', `rollout strategy is ${spec.strategy?.type ?? 'unset'}; expected RollingUpdate`);
  const selector = spec.selector?.matchLabels ?? {};
  const labels = template.metadata?.labels ?? {};
  const keys = Object.keys(selector).sort().join(',');
  if (keys !== 'app.kubernetes.io/instance,app.kubernetes.io/name' || spec.selector?.matchExpressions !== undefined) {
    sink.add('W24', 'spec.selector', `selector must be exactly {app.kubernetes.io/name, app.kubernetes.io/instance} (found ${keys || 'none'})`);
  }
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] !== v) sink.add('W24', `spec.template.metadata.labels.${k}`, `selector ${k}=${v} does not match the pod template label (${labels[k] ?? 'missing'})`);
  }
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.name === obj.metadata?.name
    && o.metadata?.namespace === obj.metadata?.namespace);
  if (hpa && spec.replicas !== undefined) sink.add('W22', 'spec.replicas', 'replicas is set while a HorizontalPodAutoscaler owns the count');
  const minReplicas = hpa ? (hpa.spec?.minReplicas ?? 1) : (spec.replicas ?? 1);
  const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && o.metadata?.namespace === obj.metadata?.namespace
    && Object.entries(o.spec?.selector?.matchLabels ?? { none: '' }).every(([k, v]) => labels[k] === v));
  if (!pdb) sink.add('W22', 'spec.template.metadata.labels', 'no PodDisruptionBudget selects the pods');
  if (highAvailability) {
    if (minReplicas < 2) sink.add('W22', hpa ? 'HorizontalPodAutoscaler.spec.minReplicas' : 'spec.replicas', `minimum replicas is ${minReplicas}; expected ≥ 2 outside dev`);
    if (!(template.spec?.topologySpreadConstraints?.length > 0)) sink.add('W22', 'spec.template.spec.topologySpreadConstraints', 'no topology spread outside dev');
  }
}
