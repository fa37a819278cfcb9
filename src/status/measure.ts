import { measureAuthority } from './authority';
import { measureContractDriven } from './contract-driven';
import { Fleet } from './fleet';
import { CriterionResult, StatusCount, StatusReport, StatusThresholds, WorkloadStatus } from './model';
import { measureOnboarding } from './onboarding';
import { measurePipelines } from './pipelines';

function countBy(workloads: WorkloadStatus[], key: (w: WorkloadStatus) => string[]): StatusCount[] {
  const counts = new Map<string, number>();
  for (const w of workloads) for (const v of key(w)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, count]) => ({ value, count }));
}

function platformVersionOf(fleet: Fleet, service: string): { version?: string; source: string } {
  const rendered = fleet.gitops.renderedVersion[service];
  if (rendered) return { version: rendered, source: 'zave.dev/platform-version on rendered objects' };
  const cacheVersion = fleet.gitops.synthCacheVersion;
  if (cacheVersion) return { version: cacheVersion, source: 'synth cache (.git/zave)' };
  const gitopsVersion = fleet.gitops.record?.platformVersion;
  if (gitopsVersion) return { version: gitopsVersion, source: 'GitOps repository .zave/repository.json' };
  const tenantVersion = fleet.tenantOf[service]?.record?.platformVersion;
  if (tenantVersion) return { version: tenantVersion, source: 'tenant repository .zave/repository.json' };
  return { source: 'unknown' };
}

/** The tenant repository's pinned versions and, when they disagree with each other or with the GitOps repository, why. */
function tenantVersionOf(fleet: Fleet, service: string): { tenantVersion?: string; versionSkew?: string } {
  const versions = fleet.tenantOf[service]?.platformVersions ?? [];
  if (versions.length === 0) return {};
  const fleetVersion = fleet.gitops.record?.platformVersion;
  const skew = versions.length > 1
    ? `pins disagree (${versions.join(', ')}): run zave upgrade`
    : fleetVersion && versions[0] !== fleetVersion ? `${versions[0]}, GitOps repository at ${fleetVersion}: run zave upgrade` : undefined;
  return { tenantVersion: versions.join(','), ...(skew ? { versionSkew: skew } : {}) };
}

/** Measures the four Formation exit criteria of a fleet. Pure: reads only the gathered views. */
export function measureFleet(fleet: Fleet, thresholds: StatusThresholds = {}): StatusReport {
  const criteria: CriterionResult[] = [
    measureContractDriven(fleet, thresholds.contractDrivenPercent ?? 80),
    measurePipelines(fleet, thresholds.generatedPipelinesPercent ?? 100),
    measureAuthority(fleet),
    measureOnboarding(fleet, thresholds.onboardingPercent ?? 100),
  ];
  const registrations = new Map(fleet.gitops.registrations.map((r) => [r.service, r]));
  const workloads: WorkloadStatus[] = fleet.services.map((service) => {
    const w = registrations.get(service)?.workload;
    const version = platformVersionOf(fleet, service);
    const tenant = fleet.tenantOf[service];
    return {
      service,
      registered: registrations.has(service),
      ...(w ? { strategy: w.strategy, runtime: w.runtime, exposure: w.exposure } : {}),
      environments: Object.keys(fleet.gitops.images).filter((e) => service in fleet.gitops.images[e]).sort(),
      ...(version.version ? { platformVersion: version.version } : {}),
      platformVersionSource: version.source,
      ...(tenant ? { repository: tenant.name } : {}),
      releases: Object.keys(fleet.gitops.images).filter((e) => service in fleet.gitops.images[e]).map((environment) => ({
        environment,
        image: fleet.gitops.images[environment][service],
        ...fleet.gitops.releases[environment]?.[service],
      })),
      ...(tenant?.contractSha && registrations.get(service)?.contractSha && tenant.contractSha !== registrations.get(service)?.contractSha
        ? { contractDrift: `${tenant.name}/zave.yaml (sha256:${tenant.contractSha.slice(0, 12)}) differs from the registered head workloads/${service}/zave.yaml (sha256:${registrations.get(service)!.contractSha!.slice(0, 12)})` }
        : {}),
      ...tenantVersionOf(fleet, service),
      failing: criteria.filter((c) => c.offenders.some((o) => o.subject === service)).map((c) => c.id),
    };
  });
  return {
    pass: criteria.every((c) => c.status === 'pass'),
    criteria,
    workloads,
    byStrategy: countBy(workloads, (w) => [w.strategy ?? 'unknown']),
    byRuntime: countBy(workloads, (w) => [w.runtime ?? 'unknown']),
    byExposure: countBy(workloads, (w) => [w.exposure ?? 'unknown']),
    byEnvironment: countBy(workloads, (w) => w.environments),
    byPlatformVersion: countBy(workloads, (w) => [w.platformVersion ?? 'unknown']),
    repositories: (fleet.tenants ?? []).map((t) => t.name).sort(),
    retained: fleet.gitops.retained,
  };
}
