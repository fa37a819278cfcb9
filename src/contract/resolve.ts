import { API_VERSION_V1, WorkloadContract } from './contract';
import { Database, Exposure, Runtime, Size, Strategy } from './enums';
import { ResolvedDecision, ResolvedWorkload, ResourceProfile, ScalingProfile } from './resolved';

/** Requests and limits per size (canonical quantities only: the API server must not rewrite them). */
export const SIZE_RESOURCES: Record<Size, ResourceProfile> = {
  [Size.SMALL]: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
  [Size.MEDIUM]: { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
  [Size.LARGE]: { cpuRequest: '500m', memoryRequest: '512Mi', cpuLimit: '2', memoryLimit: '1Gi' },
};

/** Database storage per instance, per size. */
export const SIZE_DATABASE_STORAGE: Record<Size, string> = {
  [Size.SMALL]: '1Gi',
  [Size.MEDIUM]: '10Gi',
  [Size.LARGE]: '50Gi',
};

/** Autoscaling ceiling per size. */
export const SIZE_MAX_REPLICAS: Record<Size, number> = {
  [Size.SMALL]: 3,
  [Size.MEDIUM]: 6,
  [Size.LARGE]: 10,
};

/** Port every HTTP service listens on (`$PORT`). */
export const HTTP_PORT = 8080;
/** Port serving `/metrics` (and `/healthz` for workers). */
export const METRICS_PORT = 9090;

/**
 * Applies the platform defaults to a valid contract. Pure and total: every decision is recorded
 * with the rule that made it.
 */
export function resolveContract(contract: WorkloadContract): ResolvedWorkload {
  const decisions: ResolvedDecision[] = [];
  const decide = <T>(field: string, written: T | undefined, fallback: T, rule: string): T => {
    const value = written ?? fallback;
    decisions.push({ field, value: String(value), rule: written !== undefined ? 'contract' : rule });
    return value;
  };

  const apiVersion = decide('apiVersion', contract.apiVersion, API_VERSION_V1, 'default: current contract version');
  const runtime = decide('runtime', contract.runtime, Runtime.CONTAINER, 'default: container (the repository brings its own Dockerfile)');

  let strategyFallback = Strategy.HTTP_SERVICE;
  let strategyRule = 'default: http-service (no schedule, and exposure is not none)';
  if (contract.schedule !== undefined) {
    strategyFallback = Strategy.SCHEDULED_JOB;
    strategyRule = 'derived: a schedule is given, so scheduled-job';
  } else if (contract.exposure === Exposure.NONE) {
    strategyFallback = Strategy.WORKER;
    strategyRule = 'derived: exposure is none, so worker';
  }
  const strategy = decide('strategy', contract.strategy, strategyFallback, strategyRule);

  const long = strategy !== Strategy.SCHEDULED_JOB;
  const http = strategy === Strategy.HTTP_SERVICE;
  const exposure = decide('exposure', contract.exposure, http ? Exposure.INTERNAL_HTTP : Exposure.NONE,
    http ? 'default: internal-http (reachable only inside the cluster)' : `derived: a ${strategy} receives no traffic`);
  const database = decide('database', contract.database, Database.NONE, 'default: no database');
  const size = decide('size', contract.size, Size.SMALL, 'default: small');
  const schedule = contract.schedule;
  if (schedule !== undefined) decisions.push({ field: 'schedule', value: schedule, rule: 'contract (UTC)' });

  const httpPort = http ? HTTP_PORT : undefined;
  if (httpPort !== undefined) decisions.push({ field: 'httpPort', value: String(httpPort), rule: 'platform: every http-service listens on $PORT=8080' });
  decisions.push({ field: 'metricsPort', value: String(METRICS_PORT), rule: 'platform: Prometheus metrics on port 9090 (/metrics)' });

  const probes = long
    ? { livenessPath: '/healthz', readinessPath: http ? '/readyz' : '/healthz', startupPath: '/healthz', portName: http ? 'http' : 'metrics' }
    : undefined;
  if (probes) {
    decisions.push({
      field: 'probes',
      value: `liveness ${probes.livenessPath}, readiness ${probes.readinessPath}, startup ${probes.startupPath} on port ${probes.portName}`,
      rule: http ? 'platform: http-service probes on the HTTP port' : 'platform: worker probes on the metrics port',
    });
  }

  const resources = SIZE_RESOURCES[size];
  decisions.push({
    field: 'resources',
    value: `requests ${resources.cpuRequest} CPU / ${resources.memoryRequest}, limits ${resources.cpuLimit} CPU / ${resources.memoryLimit}`,
    rule: `size ${size}`,
  });

  const scaling: ScalingProfile = { autoscale: http, maxReplicas: http ? SIZE_MAX_REPLICAS[size] : 1, targetCpuUtilization: 70 };
  decisions.push({
    field: 'scaling',
    value: http ? `HorizontalPodAutoscaler up to ${scaling.maxReplicas} replicas at 70% CPU` : long ? 'fixed replicas from the environment' : 'one pod per run',
    rule: http ? `size ${size}; minimum from the environment's replica policy` : `strategy ${strategy}`,
  });

  const postgres = database === Database.POSTGRES;
  const databaseStorage = postgres ? SIZE_DATABASE_STORAGE[size] : undefined;
  if (databaseStorage) decisions.push({ field: 'databaseStorage', value: databaseStorage, rule: `size ${size}` });

  const capabilities = {
    ingress: exposure === Exposure.PUBLIC_HTTP,
    service: http,
    postgres,
    observability: true,
    security: true,
  };
  decisions.push({
    field: 'capabilities',
    value: Object.entries(capabilities).filter(([, on]) => on).map(([k]) => k).join(', '),
    rule: 'exposure and database; observability and security are always on',
  });

  return {
    apiVersion,
    service: contract.service,
    runtime,
    exposure,
    database,
    strategy,
    ...(schedule !== undefined ? { schedule } : {}),
    size,
    ...(httpPort !== undefined ? { httpPort } : {}),
    metricsPort: METRICS_PORT,
    ...(probes ? { probes } : {}),
    resources,
    scaling,
    ...(databaseStorage ? { databaseStorage } : {}),
    capabilities,
    decisions,
  };
}
