import { workloadDatastore } from './classify-references';
import { datastoreOfImage, POSTGRES } from './datastores';
import { evidence, finding } from './evidence';
import { FindingCode as F } from './finding-codes';
import { WorkloadFacts } from './infer';
import { AdoptionFinding } from './model';
import { objectRef } from './parse-manifests';
import { containersOf, getIn } from './workload-shape';
import { SERVICE_HTTP_PORT } from '../capabilities/cluster-service';
import { SIZE_MAX_REPLICAS } from '../contract/resolve';

/** Target CPU utilisation of the platform's autoscaler (see resolve). */
const TARGET_CPU = 70;

/** Findings about the workload's shape and what surrounds it: name, kind, replicas, Services, Ingresses, HPAs, PDBs, NetworkPolicies, calls, datastores. */
export function topologyFindings(f: WorkloadFacts): AdoptionFinding[] {
  const w = f.group.workload;
  const out: AdoptionFinding[] = [];
  const service = f.name.name;

  if (f.name.changes.length > 0) {
    out.push(finding(F.NAME_CHANGED, 'changes-behaviour', evidence(w, ['metadata', 'name'], w.name), `"${w.name}" is not a valid service name (${f.name.changes.join('; ')})`,
      `the contract names everything "${service}": its namespace, Deployment, Service and labels`));
  }
  if (w.kind === 'StatefulSet') {
    out.push(finding(F.STATEFUL_SET, 'changes-behaviour', evidence(w, ['kind'], w.kind), 'a StatefulSet gives its pods stable names and ordered roll-out',
      'the contract renders a Deployment: pods get random names and roll out in parallel'));
  }
  if (w.kind === 'Job') {
    out.push(finding(F.ONE_OFF_JOB, 'blocks', evidence(w, ['kind'], w.kind), 'a Job runs once', 'the contract has no one-off run: give it a schedule (scheduled-job) or run it by hand outside the contract'));
  }
  const tz = w.kind === 'CronJob' ? w.body.spec?.timeZone : undefined;
  if (typeof tz === 'string' && !['UTC', 'Etc/UTC'].includes(tz)) {
    out.push(finding(F.SCHEDULE_TIME_ZONE, 'changes-behaviour', evidence(w, ['spec', 'timeZone'], tz), `the schedule "${w.body.spec?.schedule}" is in ${tz}`,
      'the contract\'s schedule is in UTC: convert it (and mind daylight saving time)'));
  }

  const replicas = w.body.spec?.replicas;
  if ((w.kind === 'Deployment' || w.kind === 'StatefulSet') && replicas !== undefined) {
    if (f.strategy === 'worker') {
      out.push(finding(F.FIXED_REPLICAS, 'changes-behaviour', evidence(w, ['spec', 'replicas'], replicas), `replicas are fixed at ${replicas}`,
        'a worker runs the replica count of its environment (minReplicas in platform.yaml)'));
    } else if (f.group.autoscalers.length === 0) {
      out.push(finding(F.FIXED_REPLICAS, 'changes-behaviour', evidence(w, ['spec', 'replicas'], replicas), `replicas are fixed at ${replicas} and no HorizontalPodAutoscaler scales it`,
        `the platform autoscales an http-service from the environment's minimum up to ${SIZE_MAX_REPLICAS[f.size.size as keyof typeof SIZE_MAX_REPLICAS]} replicas at ${TARGET_CPU}% CPU`));
    }
  }
  for (const h of f.group.autoscalers) {
    const max = h.body.spec?.maxReplicas;
    const metrics = Array.isArray(h.body.spec?.metrics) ? h.body.spec.metrics : [];
    const cpu = metrics.length === 1 && getIn(metrics[0], ['resource', 'name']) === 'cpu' ? getIn(metrics[0], ['resource', 'target', 'averageUtilization']) : undefined;
    const platformMax = SIZE_MAX_REPLICAS[f.size.size as keyof typeof SIZE_MAX_REPLICAS];
    if (f.strategy !== 'http-service' || max !== platformMax || cpu !== TARGET_CPU) {
      const what = metrics.map((m: any) => `${getIn(m, ['resource', 'name']) ?? m?.type} ${getIn(m, ['resource', 'target', 'averageUtilization']) ?? ''}`.trim()).join(', ') || 'no metrics';
      out.push(finding(F.AUTOSCALER, 'loses', evidence(h, ['spec'], { minReplicas: h.body.spec?.minReplicas, maxReplicas: max }),
        `scales ${h.body.spec?.minReplicas ?? 1}-${max} replicas on ${what}`,
        f.strategy === 'http-service' ? `the platform scales from the environment's minimum to ${platformMax} (size ${f.size.size}) at ${TARGET_CPU}% CPU` : `a ${f.strategy} is not autoscaled`));
    }
  }
  for (const p of f.group.budgets) {
    const rule = p.body.spec?.minAvailable !== undefined ? `minAvailable ${p.body.spec.minAvailable}` : `maxUnavailable ${p.body.spec?.maxUnavailable}`;
    out.push(finding(F.DISRUPTION_BUDGET, 'loses', evidence(p, ['spec'], rule), `${objectRef(p)} keeps ${rule}`, 'the platform renders its own PodDisruptionBudget for replicated workloads'));
  }
  for (const p of f.group.policies) {
    out.push(finding(F.NETWORK_POLICY, 'loses', evidence(p, ['spec'], p.body.spec?.policyTypes), `${objectRef(p)} is hand-written`,
      'the platform renders default-deny plus the allows the contract implies (ingress controller or in-cluster callers, Prometheus, DNS, its database)'));
  }
  for (const s of f.group.services) {
    const type = s.body.spec?.type;
    if (type === 'LoadBalancer' || type === 'NodePort') {
      out.push(finding(F.SERVICE_TYPE, 'changes-behaviour', evidence(s, ['spec', 'type'], type), `${objectRef(s)} is a ${type} Service`,
        `the platform exposes public-http through an Ingress with TLS at ${service}.<environment domain>; point clients there`));
    }
  }
  const ingresses = [...new Set(f.group.routes.map((r) => r.ingress))];
  for (const ing of ingresses) {
    const hosts = (Array.isArray(ing.body.spec?.rules) ? ing.body.spec.rules : []).map((r: any) => r?.host).filter((h: unknown) => typeof h === 'string');
    out.push(finding(F.INGRESS_HOST, 'changes-behaviour', evidence(ing, ['spec', 'rules'], hosts.join(', ') || '(no host)'), `${objectRef(ing)} serves ${hosts.join(', ') || 'every host'}`,
      `the platform serves ${service}.<environment domain> with its own TLS certificate and paths; keep the old host with a DNS CNAME or redirect`));
  }
  if (f.exposure === 'internal-http') {
    for (const s of f.group.services) {
      const ports = (Array.isArray(s.body.spec?.ports) ? s.body.spec.ports : []).map((p: any) => p?.port);
      if (s.name !== service || s.namespace !== service || ports.some((p: unknown) => p !== SERVICE_HTTP_PORT)) {
        const ns = s.namespace || '<namespace>';
        out.push(finding(F.ADDRESS_CHANGE, 'changes-behaviour', evidence(s, ['metadata', 'name'], s.name), `callers reach it at ${s.name}.${ns}.svc:${ports.join(',')}`,
          `under the contract it is ${service}.${service}.svc:${SERVICE_HTTP_PORT} (its own namespace): update the callers`));
      }
    }
  }

  const own = workloadDatastore(w);
  if (own !== undefined) {
    const image = containersOf(w).find((c) => !c.init && typeof c.container.image === 'string' && datastoreOfImage(c.container.image) === own);
    out.push(finding(F.DATASTORE, 'blocks', evidence(w, image ? [...image.path, 'image'] : ['kind'], image?.container.image ?? w.kind),
      own === POSTGRES ? 'a PostgreSQL server (not the database of exactly one workload)' : `it runs ${own}`,
      own === POSTGRES ? 'the contract gives PostgreSQL only as one workload\'s own database (database: postgres)' : `the contract offers PostgreSQL only: replace ${own} or keep it outside the contract`));
  }
  for (const r of f.refs) {
    const target = r.service ? objectRef(r.service) : r.ref.host;
    if (r.kind === 'datastore') {
      out.push(finding(F.DATASTORE, 'blocks', evidence(w, r.ref.path, r.ref.value), `${r.ref.envName ?? 'an argument'} points at ${r.datastore} (${target})`,
        `the contract offers PostgreSQL only, and its network policy allows no egress to ${r.datastore}`));
    } else if (r.kind === 'call') {
      out.push(finding(F.BLOCKED_CALL, 'blocks', evidence(w, r.ref.path, r.ref.value), `${r.ref.envName ?? 'an argument'} calls ${target}`,
        'the platform\'s default-deny egress allows only DNS and the workload\'s own database: the call would be dropped'));
    }
  }
  if (f.database === 'postgres') {
    const sources = [
      ...f.absorbs.map((p) => objectRef(p)),
      ...f.dbSecrets.map((s) => objectRef(s.cluster)),
      ...f.refs.filter((r) => r.kind === 'database').map((r) => (r.cluster ? objectRef(r.cluster) : r.service ? objectRef(r.service) : r.ref.host)),
    ];
    const unique = [...new Set(sources)].sort();
    const first = f.refs.find((r) => r.kind === 'database');
    const ev = first ? evidence(w, first.ref.path, first.ref.value) : f.dbSecrets[0] ? evidence(w, f.dbSecrets[0].path, f.dbSecrets[0].secret) : evidence(w, ['metadata', 'name'], w.name);
    out.push(finding(F.DATABASE_MIGRATION, 'changes-behaviour', ev, `it uses the existing PostgreSQL ${unique.join(', ')}`,
      `the contract creates a new CloudNativePG cluster ${service}-db per environment: move the data (pg_dump/pg_restore or a CloudNativePG import)`));
  }
  return out;
}
