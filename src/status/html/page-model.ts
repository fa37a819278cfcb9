/**
 * Everything the fleet page shows, gathered once from the GitOps repository (read-only): the status
 * report (the same model `--format json` prints), environments in promotion order, per service and
 * environment the release, what is rendered and how far it lags, and the open zave/* branches.
 */
import * as path from 'path';
import { renderedLocation, RenderedLocation } from './deploy-layout';
import { pendingBranches, PendingBranch, StateCommit, stateCommits } from './history';
import { readReleases, Release } from './releases';
import { readRenderedDocuments } from '../../common/rendered-yaml';
import { ResolvedDecision, ResolvedWorkload } from '../../contract/resolved';
import { parsePlatformFile, PlatformConfig, toEnvironmentSpec } from '../../gitops/internal';
import { NetworkFlows } from '../../policy/network-flows';
import { decisionsFromObjects } from '../../strategies/environment-decisions';
import { KubeObject } from '../../strategies/render';
import { readListedFile, readRegularFile, regularFilesIn } from '../files';
import { git } from '../git';
import { GitopsView } from '../gitops-view';
import { StatusReport, WorkloadStatus } from '../model';

/** How far an environment lags the previous one for a service. */
export interface Lag {
  /** Release commits of the previous environment for the service after this environment's release was set. */
  readonly commits: number;
  /** Whole days between the two releases' commits (committer time), 0 when not later. */
  readonly days: number;
}

/** One cell of the promotion matrix, and the per-environment part of a service section. */
export interface EnvCell {
  readonly environment: string;
  readonly release?: Release;
  /** Platform version: recorded in the release, else read from the rendered objects. */
  readonly platformVersion?: string;
  /** The commit that set the release (git blame of the state file). */
  readonly setBy?: StateCommit;
  /** Set when the release differs from the previous environment's (the first environment never differs). */
  readonly differs: boolean;
  readonly lag?: Lag;
  readonly location?: RenderedLocation;
  /** `Kind/name` of every rendered object, in file order. */
  readonly objects: string[];
  readonly host?: string;
  readonly database?: string;
  /** Allowed flows of the NetworkPolicies, with the service name replaced by `{service}`. */
  readonly flows: string[];
  readonly decisions: ResolvedDecision[];
}

/** One service of the fleet. */
export interface ServiceModel {
  readonly service: string;
  readonly status: WorkloadStatus;
  readonly workload?: ResolvedWorkload;
  readonly contractText?: string;
  readonly problems: string[];
  readonly repository?: string;
  /** One per environment, in promotion order. */
  readonly cells: EnvCell[];
}

/** The whole page's data. */
export interface PageModel {
  readonly report: StatusReport;
  /** Environments in promotion order (platform.yaml), else sorted. */
  readonly environments: string[];
  readonly services: ServiceModel[];
  readonly pending: PendingBranch[];
  /** HEAD commit of the GitOps repository, when it is a git repository. */
  readonly head?: string;
  readonly problems: string[];
}

/** Gathers the page model from the view the status measurement already read, and its report. */
export function gatherPageModel(view: GitopsView, report: StatusReport): PageModel {
  const root = view.root;
  const problems: string[] = [];
  const platform = readPlatform(root, problems);
  const known = new Set([...Object.keys(view.images), ...Object.keys(view.deployDirs)]);
  const environments = platform ? platform.environments.map((e) => e.name) : [...known].sort();
  const releases: Record<string, Record<string, Release>> = {};
  for (const env of environments) {
    const text = readRegularFile(path.join(root, 'environments', `${env}.yaml`))?.toString('utf8');
    releases[env] = (text === undefined ? undefined : readReleases(text)) ?? {};
  }
  const commits = view.isGit ? stateCommits(root) : [];
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const setter = new Map(view.provenance.map((p) => [`${p.environment}/${p.service}`, p.commit ? bySha.get(p.commit.sha) : undefined]));
  const registrations = new Map(view.registrations.map((r) => [r.service, r]));
  // One walk of the history for every service: its release commits, newest first.
  const commitsOf = new Map<string, StateCommit[]>();
  for (const c of commits) {
    const service = c.trailers['Zave-Service'];
    if (!service) continue;
    const list = commitsOf.get(service);
    if (list) list.push(c);
    else commitsOf.set(service, [c]);
  }
  const specs = new Map((platform?.environments ?? []).map((e) => [e.name, e]));
  // deploy/<env>/ listed once per environment, instead of a look at each file of each service.
  const envFiles = new Map(environments.map((env) => [env, regularFilesIn(path.join(root, 'deploy', env))]));

  const services = report.workloads.map((status): ServiceModel => {
    const service = status.service;
    const reg = registrations.get(service);
    const cells: EnvCell[] = [];
    for (const env of environments) {
      const prev = cells[cells.length - 1];
      const release = releases[env][service];
      const spec = specs.get(env);
      const rendered = readRendered(root, env, service, envFiles.get(env));
      const platformVersion = release?.platformVersion ?? rendered.platformVersion;
      const setBy = setter.get(`${env}/${service}`);
      const differs = prev !== undefined && !sameRelease(prev, release, platformVersion);
      const lag = differs && prev.release ? lagBehind(commitsOf.get(service) ?? [], prev, setBy) : undefined;
      cells.push({
        environment: env,
        ...(release ? { release } : {}),
        ...(platformVersion ? { platformVersion } : {}),
        ...(setBy ? { setBy } : {}),
        differs,
        ...(lag ? { lag } : {}),
        ...(rendered.location ? { location: rendered.location } : {}),
        objects: rendered.objects.map((o) => `${o.kind}/${o.metadata?.name}`),
        ...hostAndDatabase(rendered.objects),
        flows: NetworkFlows.of(rendered.objects).map((f) => normalize(f, service)),
        decisions: reg?.workload && spec && rendered.objects.length > 0 ? decisionsFromObjects(reg.workload, toEnvironmentSpec(spec), rendered.objects) : [],
      });
    }
    // The view read a registered service's contract already (the same file, the same way).
    const contractText = (reg ? reg.contractBytes : readRegularFile(path.join(root, 'workloads', service, 'zave.yaml')))?.toString('utf8');
    return {
      service,
      status,
      ...(reg?.workload ? { workload: reg.workload } : {}),
      ...(contractText !== undefined ? { contractText } : {}),
      problems: reg?.problems ?? [],
      ...(reg?.repository ? { repository: reg.repository } : {}),
      cells,
    };
  });
  const head = view.isGit ? git(root, ['rev-parse', 'HEAD']).toString().trim() : undefined;
  return { report, environments, services, pending: view.isGit ? pendingBranches(root) : [], ...(head ? { head } : {}), problems };
}

function readPlatform(root: string, problems: string[]): PlatformConfig | undefined {
  const parsed = parsePlatformFile(path.join(root, 'platform.yaml'));
  if (!parsed.platform) problems.push(`platform.yaml is invalid (${parsed.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('; ')}): environments are shown in name order`);
  return parsed.platform;
}

/** The objects rendered for a service in an environment, where they are, and the platform version they carry. */
interface Rendered {
  readonly location?: RenderedLocation;
  readonly objects: KubeObject[];
  readonly platformVersion?: string;
}

/** What is rendered for a service in an environment; `envFiles` names the regular files of deploy/<env>/ (undefined: look at each). */
function readRendered(root: string, env: string, service: string, envFiles?: ReadonlySet<string>): Rendered {
  const location = renderedLocation(root, env, service, envFiles);
  if (!location) return { objects: [] };
  const objects: KubeObject[] = [];
  for (const f of location.files) {
    // Files of the listing are read without a second look; those of a folder per service as before.
    const text = (envFiles && path.posix.dirname(f) === `deploy/${env}` ? readListedFile(path.join(root, f)) : readRegularFile(path.join(root, f)))?.toString('utf8');
    if (text !== undefined) for (const o of readRenderedDocuments(text)) if (o && typeof o === 'object' && typeof o.kind === 'string') objects.push(o as KubeObject);
  }
  let platformVersion: string | undefined;
  for (const o of objects) {
    const meta = o.metadata as { annotations?: Record<string, string>; labels?: Record<string, string> };
    platformVersion = platformVersion ?? meta.annotations?.['zave.dev/platform-version'] ?? meta.labels?.['zave.dev/platform-version'];
  }
  return { location, objects, ...(platformVersion ? { platformVersion } : {}) };
}

function hostAndDatabase(objects: KubeObject[]): { host?: string; database?: string } {
  const ingress = objects.find((o) => o.kind === 'Ingress') as { spec?: { rules?: { host?: string }[] } } | undefined;
  const db = objects.find((o) => o.kind === 'Cluster');
  const host = ingress?.spec?.rules?.[0]?.host;
  return { ...(host ? { host } : {}), ...(db ? { database: db.metadata.name } : {}) };
}

function sameRelease(prev: EnvCell, release: Release | undefined, platformVersion: string | undefined): boolean {
  return prev.release?.image === release?.image
    && prev.release?.contractRevision === release?.contractRevision
    && prev.platformVersion === platformVersion;
}

/**
 * Lag of an environment behind `prev` for a service: of the service's commits (those whose
 * `Zave-Service` trailer names it), the ones that changed `prev`'s state after this environment's
 * release was set (all of them when it has none), and the whole days between the two setting commits.
 */
function lagBehind(serviceCommits: StateCommit[], prev: EnvCell, setBy: StateCommit | undefined): Lag {
  const since = setBy?.order ?? Number.MAX_SAFE_INTEGER;
  const n = serviceCommits.filter((c) => c.order < since && c.environments.includes(prev.environment)).length;
  const days = prev.setBy && setBy ? Math.max(0, Math.floor((prev.setBy.time - setBy.time) / 86400)) : 0;
  return { commits: n, days };
}

function normalize(flow: string, service: string): string {
  return flow.split(service).join('{service}');
}
