import { evidence, finding } from './evidence';
import { FindingCode as F } from './finding-codes';
import { WorkloadFacts } from './infer';
import { AdoptionFinding } from './model';
import { FieldPath } from './parse-manifests';
import { containersOf, fieldText, getIn, podTemplatePath } from './workload-shape';
import { DATABASE_ENV } from '../capabilities/container-env';
import { HTTP_PORT, METRICS_PORT, SIZE_RESOURCES } from '../contract/resolve';

/** Env vars the platform sets itself (a value written for one of them is replaced). */
const PLATFORM_ENV = new Set(['PORT', 'METRICS_PORT', 'OTEL_SERVICE_NAME', 'OTEL_RESOURCE_ATTRIBUTES']);

/** Findings about the pod: containers, ports, probes, volumes, env, secrets, security, resources. */
export function podFindings(f: WorkloadFacts): AdoptionFinding[] {
  const w = f.group.workload;
  const out: AdoptionFinding[] = [];
  const at = (path: FieldPath, value?: unknown) => evidence(w, path, value);
  const spec = getIn(w.body, [...podTemplatePath(w), 'spec']) ?? {};
  const specPath = [...podTemplatePath(w), 'spec'];
  const long = f.strategy === 'http-service' || f.strategy === 'worker';

  for (const c of containersOf(w)) {
    const name = String(c.container.name ?? '');
    if (c.init) {
      out.push(finding(F.INIT_CONTAINER, 'changes-behaviour', at([...c.path, 'name'], name), `init container "${name}" runs before the application`,
        'move its work into the application\'s start-up (or a scheduled-job); the contract renders no init containers'));
    } else if (!f.main || fieldText(c.path) !== fieldText(f.main.path)) {
      out.push(finding(F.EXTRA_CONTAINER, 'blocks', at([...c.path, 'name'], name), `container "${name}" runs beside the application container "${f.main?.container.name}"`,
        'the contract runs one container: fold the sidecar\'s job into the application or the platform (logs and metrics are collected by the platform)'));
    }
    securityFindings(f, c.container, c.path, name, out);
  }

  const main = f.main;
  if (main) {
    const allowed = f.strategy === 'http-service' ? [HTTP_PORT, METRICS_PORT] : [METRICS_PORT];
    (Array.isArray(main.container.ports) ? main.container.ports : []).forEach((p: any, i: number) => {
      if (p?.hostPort !== undefined) {
        out.push(finding(F.HOST_NAMESPACE, 'blocks', at([...main.path, 'ports', i, 'hostPort'], p.hostPort), `container port ${p.containerPort} is bound to host port ${p.hostPort}`,
          'remove the host port; the platform reaches pods through Services and Ingresses'));
      }
      if (typeof p?.containerPort === 'number' && !allowed.includes(p.containerPort)) {
        const proto = /grpc/i.test(String(p.name ?? '')) ? 'gRPC' : 'traffic';
        out.push(finding(F.CONTAINER_PORT, 'changes-behaviour', at([...main.path, 'ports', i, 'containerPort'], p.containerPort),
          `the container serves ${proto} on port ${p.containerPort}${p.name ? ` ("${p.name}")` : ''}`,
          f.strategy === 'http-service' ? `listen on $PORT (${HTTP_PORT}) for HTTP and serve /metrics on ${METRICS_PORT}` : `a ${f.strategy} receives no traffic: serve only /metrics and /healthz on ${METRICS_PORT}`));
      }
    });
    envFindings(f, main.container, main.path, out);
    if (long) probeFindings(f, main.container, main.path, out);
    if (!f.size.exact) {
      const p = SIZE_RESOURCES[f.size.size as keyof typeof SIZE_RESOURCES];
      const found = Object.entries(f.size.found).map(([k, v]) => `${k} ${v}`).join(', ');
      out.push(finding(F.RESOURCES, 'changes-behaviour', at([...main.path, 'resources'], main.container.resources),
        found ? `requests and limits (${found}) are not exactly a size class` : 'no requests or limits: the pod is not bounded today',
        `size ${f.size.size} sets requests ${p.cpuRequest} CPU / ${p.memoryRequest}, limits ${p.cpuLimit} CPU / ${p.memoryLimit}`));
    }
  }

  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[key] === true) {
      out.push(finding(F.HOST_NAMESPACE, 'blocks', at([...specPath, key], true), `${key}: true shares the node's namespace`,
        'remove it: the restricted profile refuses host namespaces'));
    }
  }
  volumeFindings(f, spec, specPath, out);
  return out;
}

function securityFindings(f: WorkloadFacts, container: Record<string, any>, path: FieldPath, name: string, out: AdoptionFinding[]): void {
  const w = f.group.workload;
  const podPath = [...podTemplatePath(w), 'spec', 'securityContext'];
  const pod = getIn(w.body, podPath) ?? {};
  const sc = container.securityContext ?? {};
  const scPath = [...path, 'securityContext'];
  const change = 'the platform runs every container as UID 10001 with a read-only root filesystem and no capabilities: make the image run that way';
  if (sc.privileged === true) out.push(finding(F.PRIVILEGED, 'blocks', evidence(w, [...scPath, 'privileged'], true), `container "${name}" is privileged`, change));
  if (sc.allowPrivilegeEscalation === true) {
    out.push(finding(F.PRIVILEGED, 'blocks', evidence(w, [...scPath, 'allowPrivilegeEscalation'], true), `container "${name}" allows privilege escalation`, change));
  }
  const added = getIn(sc, ['capabilities', 'add']);
  if (Array.isArray(added) && added.length > 0) {
    out.push(finding(F.PRIVILEGED, 'blocks', evidence(w, [...scPath, 'capabilities', 'add'], added), `container "${name}" adds capabilities ${added.join(', ')}`, change));
  }
  const root = (ctx: any, p: FieldPath, who: string) => {
    if (ctx.runAsUser === 0) out.push(finding(F.RUNS_AS_ROOT, 'blocks', evidence(w, [...p, 'runAsUser'], 0), `${who} runs as root (runAsUser: 0)`, change));
    if (ctx.runAsNonRoot === false) out.push(finding(F.RUNS_AS_ROOT, 'blocks', evidence(w, [...p, 'runAsNonRoot'], false), `${who} may run as root (runAsNonRoot: false)`, change));
  };
  root(sc, scPath, `container "${name}"`);
  if (container === f.main?.container) root(pod, podPath, 'the pod');
}

function envFindings(f: WorkloadFacts, container: Record<string, any>, path: FieldPath, out: AdoptionFinding[]): void {
  const w = f.group.workload;
  const dbSecretPaths = new Set(f.dbSecrets.map((s) => JSON.stringify(s.path)));
  const dbNames = new Set(DATABASE_ENV.map((d) => d.name));
  const platformSets = (n: string) => PLATFORM_ENV.has(n) || (f.database === 'postgres' && dbNames.has(n));
  (Array.isArray(container.env) ? container.env : []).forEach((e: any, i: number) => {
    const name = String(e?.name ?? '');
    const p = [...path, 'env', i];
    const secret = getIn(e, ['valueFrom', 'secretKeyRef']);
    const config = getIn(e, ['valueFrom', 'configMapKeyRef']);
    if (secret) {
      const sp = [...p, 'valueFrom', 'secretKeyRef', 'name'];
      const db = dbSecretPaths.has(JSON.stringify(sp)) || (f.database === 'postgres' && dbNames.has(name));
      out.push(db
        ? finding(F.SECRET, 'changes-behaviour', evidence(w, sp, secret.name), `${name} comes from Secret "${secret.name}" (database credentials)`,
          'the platform injects DATABASE_URL, PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD from the Secret of its own database (<service>-db-app); read those')
        : finding(F.SECRET, 'blocks', evidence(w, sp, secret.name), `${name} comes from Secret "${secret.name}" (key ${secret.key})`,
          'the contract injects no Secrets but its database\'s: the workload cannot get this credential'));
    } else if (config) {
      out.push(finding(F.CONFIG_MAP, 'loses', evidence(w, [...p, 'valueFrom', 'configMapKeyRef', 'name'], config.name), `${name} comes from ConfigMap "${config.name}" (key ${config.key})`,
        'put the value in the image or make it the code\'s default'));
    } else if (e?.valueFrom) {
      out.push(finding(F.ENV_VAR, 'loses', evidence(w, [...p, 'valueFrom'], e.valueFrom), `${name} is read from the pod (downward API)`, 'the contract sets no downward-API variables; OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME carry the identity'));
    } else if (platformSets(name)) {
      if (!(name === 'PORT' && String(e?.value) === String(HTTP_PORT))) {
        out.push(finding(F.ENV_VAR, 'changes-behaviour', evidence(w, [...p, 'value'], e?.value), `${name}=${e?.value ?? ''} is set by hand`, `the platform sets ${name} itself; the value written here is replaced`));
      }
    } else {
      out.push(finding(F.ENV_VAR, 'loses', evidence(w, [...p, 'value'], e?.value), `${name} is set to ${JSON.stringify(String(e?.value ?? ''))}`,
        'the contract has no environment: bake the value into the image or make it the code\'s default'));
    }
  });
  (Array.isArray(container.envFrom) ? container.envFrom : []).forEach((e: any, i: number) => {
    const p = [...path, 'envFrom', i];
    if (e?.configMapRef) {
      out.push(finding(F.CONFIG_MAP, 'loses', evidence(w, [...p, 'configMapRef', 'name'], e.configMapRef.name), `every key of ConfigMap "${e.configMapRef.name}" becomes an env var`,
        'put the values in the image or make them the code\'s defaults'));
    } else if (e?.secretRef) {
      const sp = [...p, 'secretRef', 'name'];
      out.push(dbSecretPaths.has(JSON.stringify(sp))
        ? finding(F.SECRET, 'changes-behaviour', evidence(w, sp, e.secretRef.name), `every key of Secret "${e.secretRef.name}" (database credentials) becomes an env var`, 'read the platform\'s DATABASE_URL and PG* variables instead')
        : finding(F.SECRET, 'blocks', evidence(w, sp, e.secretRef.name), `every key of Secret "${e.secretRef.name}" becomes an env var`, 'the contract injects no Secrets but its database\'s'));
    }
  });
}

function probeFindings(f: WorkloadFacts, container: Record<string, any>, path: FieldPath, out: AdoptionFinding[]): void {
  const w = f.group.workload;
  const http = f.strategy === 'http-service';
  const ports = http ? [String(HTTP_PORT), 'http'] : [String(METRICS_PORT), 'metrics'];
  const expected: Record<string, string> = { livenessProbe: '/healthz', readinessProbe: http ? '/readyz' : '/healthz', startupProbe: '/healthz' };
  const where = `port ${http ? HTTP_PORT : METRICS_PORT}`;
  for (const [probe, want] of Object.entries(expected)) {
    const p = container[probe];
    if (p === undefined) {
      if (probe === 'startupProbe') continue; // an added start-up probe on /healthz is covered by the liveness finding
      out.push(finding(F.CUSTOM_PROBE, 'changes-behaviour', evidence(w, [...path, 'name'], container.name), `no ${probe}`,
        `the platform probes GET ${want} on ${where}: serve it`));
      continue;
    }
    const get = p?.httpGet;
    const same = get && get.path === want && ports.includes(String(get.port)) && (get.scheme ?? 'HTTP') === 'HTTP';
    if (!same) {
      const kind = get ? `GET ${get.path ?? '/'} on port ${get.port}` : p?.grpc ? `gRPC health on port ${p.grpc.port}` : p?.tcpSocket ? `TCP on port ${p.tcpSocket.port}` : p?.exec ? `command ${JSON.stringify(p.exec.command ?? [])}` : 'a probe';
      out.push(finding(F.CUSTOM_PROBE, 'changes-behaviour', evidence(w, [...path, probe], p), `${probe} is ${kind}`, `the platform probes GET ${want} on ${where} instead: serve it`));
    }
  }
}

function volumeFindings(f: WorkloadFacts, spec: Record<string, any>, specPath: FieldPath, out: AdoptionFinding[]): void {
  const w = f.group.workload;
  const mounts = (name: string) => [...new Set(containersOf(w).flatMap((c) => (Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : [])
    .filter((m: any) => m?.name === name).map((m: any) => String(m.mountPath))))].sort();
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: any, i: number) => {
    const name = String(v?.name ?? '');
    const p = [...specPath, 'volumes', i];
    const at = mounts(name).join(', ') || 'not mounted';
    if (v?.configMap) {
      out.push(finding(F.CONFIG_MAP, 'loses', evidence(w, [...p, 'configMap', 'name'], v.configMap.name), `ConfigMap "${v.configMap.name}" is mounted at ${at}`, 'put the files in the image'));
    } else if (v?.secret) {
      out.push(finding(F.SECRET, 'blocks', evidence(w, [...p, 'secret', 'secretName'], v.secret.secretName), `Secret "${v.secret.secretName}" is mounted at ${at}`, 'the contract mounts no Secrets'));
    } else if (v?.emptyDir) {
      const elsewhere = mounts(name).filter((m) => m !== '/tmp');
      if (elsewhere.length > 0) {
        out.push(finding(F.VOLUME, 'changes-behaviour', evidence(w, [...p, 'emptyDir'], v.emptyDir), `scratch volume "${name}" is mounted at ${elsewhere.join(', ')}`,
          'write scratch files under /tmp (64Mi emptyDir): the root filesystem is read-only'));
      }
    } else {
      const type = Object.keys(v ?? {}).find((k) => k !== 'name') ?? 'unknown';
      out.push(finding(F.VOLUME, 'blocks', evidence(w, [...p, type], v[type]), `${type} volume "${name}" is mounted at ${at}`,
        type === 'persistentVolumeClaim' ? 'the contract has no volumes: keep state in the PostgreSQL database' : `the contract has no ${type} volumes`));
    }
  });
  (Array.isArray(w.body.spec?.volumeClaimTemplates) ? w.body.spec.volumeClaimTemplates : []).forEach((t: any, i: number) => {
    out.push(finding(F.VOLUME, 'blocks', evidence(w, ['spec', 'volumeClaimTemplates', i, 'metadata', 'name'], t?.metadata?.name),
      `each pod gets its own persistent volume "${t?.metadata?.name}" (${getIn(t, ['spec', 'resources', 'requests', 'storage']) ?? 'no size'})`,
      'the contract has no volumes: keep state in the PostgreSQL database'));
  });
}
