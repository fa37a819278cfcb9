import { ClassifiedReference, DatabaseSecretRef, databaseSecrets } from './classify-references';
import { evidence } from './evidence';
import { Inventory, WorkloadGroup } from './inventory';
import { AdoptionEvidence, AdoptionInference } from './model';
import { ManifestObject } from './parse-manifests';
import { runtimeOfImage, RuntimeGuess } from './runtime';
import { DerivedName } from './service-name';
import { nearestSize, SizeChoice } from './size';
import { ContainerRef, containersOf, getIn, podTemplatePath } from './workload-shape';
import { SIZE_RESOURCES } from '../contract/resolve';

/** Everything known about one workload that inferences and findings read. */
export interface WorkloadFacts {
  readonly group: WorkloadGroup;
  readonly inventory: Inventory;
  readonly name: DerivedName;
  readonly refs: ClassifiedReference[];
  readonly dbSecrets: DatabaseSecretRef[];
  /** The application container (undefined when the pod has none). */
  readonly main?: ContainerRef;
  /** Why that container is the application's. */
  readonly mainRule: string;
  readonly strategy: 'http-service' | 'worker' | 'scheduled-job' | 'none';
  readonly exposure: 'public-http' | 'internal-http' | 'none';
  readonly database: 'postgres' | 'none';
  readonly size: SizeChoice;
  readonly runtime: RuntimeGuess;
  /** PostgreSQL workloads whose only user this workload is (replaced by its database). */
  readonly absorbs: ManifestObject[];
}

/** Picks the application container: the only one, else the one a Service targets, else the one named like the workload, else the first. */
function mainContainer(group: WorkloadGroup): { main?: ContainerRef; rule: string } {
  const app = containersOf(group.workload).filter((c) => !c.init);
  if (app.length <= 1) return { main: app[0], rule: 'the only container' };
  const targets = new Set<string>(group.services.flatMap((s) => (Array.isArray(s.body.spec?.ports) ? s.body.spec.ports : [])
    .map((p: any) => String(p?.targetPort ?? p?.port))));
  const served = app.find((c) => (Array.isArray(c.container.ports) ? c.container.ports : [])
    .some((p: any) => targets.has(String(p?.containerPort)) || (p?.name !== undefined && targets.has(String(p.name)))));
  if (served) return { main: served, rule: 'the container the Service targets' };
  const named = app.find((c) => c.container.name === group.workload.name);
  if (named) return { main: named, rule: 'the container named like the workload' };
  return { main: app[0], rule: 'the first container' };
}

/** Collects the facts of one workload. */
export function workloadFacts(group: WorkloadGroup, inventory: Inventory, name: DerivedName, refs: ClassifiedReference[], absorbs: ManifestObject[]): WorkloadFacts {
  const w = group.workload;
  const dbSecrets = databaseSecrets(w, inventory);
  const { main, rule } = mainContainer(group);
  const strategy = w.kind === 'CronJob' ? 'scheduled-job' : w.kind === 'Job' ? 'none' : group.services.length > 0 ? 'http-service' : 'worker';
  const publicService = group.services.some((s) => ['LoadBalancer', 'NodePort'].includes(s.body.spec?.type));
  const exposure = strategy !== 'http-service' ? 'none' : group.routes.length > 0 || publicService ? 'public-http' : 'internal-http';
  const database = refs.some((r) => r.kind === 'database') || dbSecrets.length > 0 || absorbs.length > 0 ? 'postgres' : 'none';
  return {
    group,
    inventory,
    name,
    refs,
    dbSecrets,
    ...(main ? { main } : {}),
    mainRule: rule,
    strategy,
    exposure,
    database,
    size: nearestSize(main?.container.resources),
    runtime: runtimeOfImage(typeof main?.container.image === 'string' ? main.container.image : ''),
    absorbs,
  };
}

/** The inferred contract fields with their rules and evidence, in contract order. */
export function inferences(f: WorkloadFacts): AdoptionInference[] {
  const w = f.group.workload;
  const out: AdoptionInference[] = [];
  const add = (field: string, value: string, rule: string, ev: AdoptionEvidence[]) => out.push({ field, value, rule, evidence: ev });

  add('service', f.name.name, f.name.changes.length === 0 ? 'the workload\'s name, already a valid service name' : `the workload's name: ${f.name.changes.join('; ')}`,
    [evidence(w, ['metadata', 'name'], w.name)]);

  const podLabelsPath = [...podTemplatePath(w), 'metadata', 'labels'];
  if (f.strategy === 'scheduled-job') {
    add('strategy', 'scheduled-job', 'a CronJob runs to completion on a schedule', [evidence(w, ['kind'], w.kind)]);
    add('schedule', String(w.body.spec?.schedule ?? ''), 'the CronJob\'s schedule', [evidence(w, ['spec', 'schedule'], w.body.spec?.schedule)]);
  } else if (f.strategy === 'none') {
    add('strategy', 'none', 'a Job runs once: no strategy of the contract fits (scheduled-job needs a schedule)', [evidence(w, ['kind'], w.kind)]);
  } else if (f.strategy === 'worker') {
    add('strategy', 'worker', `a ${w.kind} that no Service selects receives no traffic`, [evidence(w, podLabelsPath, getIn(w.body, podLabelsPath))]);
  } else {
    add('strategy', 'http-service', `a ${w.kind} selected by a Service serves requests`, f.group.services.map((s) => evidence(s, ['spec', 'selector'], s.body.spec?.selector)));
  }

  if (f.strategy !== 'http-service') {
    add('exposure', 'none', f.strategy === 'worker' ? 'no Service selects the pods' : 'a job receives no traffic',
      f.strategy === 'worker' ? [evidence(w, podLabelsPath, getIn(w.body, podLabelsPath))] : [evidence(w, ['kind'], w.kind)]);
  } else if (f.group.routes.length > 0) {
    add('exposure', 'public-http', 'an Ingress routes to its Service', f.group.routes.map((r) => evidence(r.ingress, r.path, r.service)));
  } else if (f.exposure === 'public-http') {
    const pub = f.group.services.filter((s) => ['LoadBalancer', 'NodePort'].includes(s.body.spec?.type));
    add('exposure', 'public-http', 'a LoadBalancer or NodePort Service takes traffic from outside the cluster', pub.map((s) => evidence(s, ['spec', 'type'], s.body.spec.type)));
  } else {
    add('exposure', 'internal-http', 'only ClusterIP Services select it and no Ingress routes to them',
      f.group.services.map((s) => evidence(s, s.body.spec?.type ? ['spec', 'type'] : ['spec'], s.body.spec?.type ?? 'ClusterIP (default)')));
  }

  const dbEvidence: AdoptionEvidence[] = [
    ...f.refs.filter((r) => r.kind === 'database').map((r) => evidence(w, r.ref.path, r.ref.value)),
    ...f.dbSecrets.map((s) => evidence(w, s.path, s.secret)),
    ...[...new Set([...f.dbSecrets.map((s) => s.cluster), ...f.refs.flatMap((r) => (r.cluster ? [r.cluster] : []))])]
      .map((c) => evidence(c, ['kind'], `${c.kind} ${c.name}`)),
    ...f.absorbs.map((p) => evidence(p, [...podTemplatePath(p), 'spec', 'containers', 0, 'image'], getIn(p.body, [...podTemplatePath(p), 'spec', 'containers', 0, 'image']))),
  ];
  add('database', f.database, f.database === 'postgres'
    ? 'it uses PostgreSQL: a postgres host or URL, a CloudNativePG Secret, or a postgres server only it uses'
    : 'no PostgreSQL host or URL, CloudNativePG Secret or postgres server beside it', dbEvidence);

  const c = f.main;
  const profile = SIZE_RESOURCES[f.size.size as keyof typeof SIZE_RESOURCES];
  const classText = `requests ${profile.cpuRequest}/${profile.memoryRequest}, limits ${profile.cpuLimit}/${profile.memoryLimit}`;
  const foundText = Object.entries(f.size.found).map(([k, v]) => `${k} ${v}`).join(', ');
  add('size', f.size.size, Object.keys(f.size.found).length === 0
    ? `no requests or limits: the platform default (${classText})`
    : `nearest size class to ${foundText}: ${f.size.size} (${classText})`,
  c ? [evidence(w, [...c.path, 'resources'], c.container.resources)] : []);

  const image = typeof c?.container.image === 'string' ? c.container.image : undefined;
  add('runtime', f.runtime.runtime, f.runtime.word
    ? `the image name says "${f.runtime.word}"`
    : 'the image name names no runtime clearly: container (the repository brings its own Dockerfile)',
  c ? [evidence(w, [...c.path, 'image'], image)] : []);
  return out;
}
