import { WorkloadNaming } from './naming';
import { EnvironmentSpec } from '../contract/environment-spec';
import { ResolvedWorkload } from '../contract/resolved';

/** An env var read from the operator-generated database Secret. */
export interface DatabaseEnvVar {
  /** Env var name. */
  readonly name: string;
  /** Key in the `<cluster>-app` Secret. */
  readonly key: string;
}

/** Env vars the app receives from CloudNativePG's `<cluster>-app` Secret (keys per CloudNativePG docs). */
export const DATABASE_ENV: readonly DatabaseEnvVar[] = [
  { name: 'DATABASE_URL', key: 'uri' },
  { name: 'PGDATABASE', key: 'dbname' },
  { name: 'PGHOST', key: 'host' },
  { name: 'PGPASSWORD', key: 'password' },
  { name: 'PGPORT', key: 'port' },
  { name: 'PGUSER', key: 'username' },
];

/**
 * The container environment the platform injects: port, OpenTelemetry identity, and database
 * credentials as `secretKeyRef`s (never values). Sorted by name, no duplicates.
 */
export class WorkloadEnvironment {
  /** Env vars of the workload's container. */
  public static variables(workload: ResolvedWorkload, environment: EnvironmentSpec, version?: string): any[] {
    const naming = WorkloadNaming.of(workload, environment);
    const attributes = [
      `deployment.environment=${environment.name}`,
      `service.namespace=${naming.namespace}`,
      ...(version ? [`service.version=${version}`] : []),
    ].join(',');
    const env: any[] = [
      { name: 'METRICS_PORT', value: String(workload.metricsPort) },
      { name: 'OTEL_RESOURCE_ATTRIBUTES', value: attributes },
      { name: 'OTEL_SERVICE_NAME', value: workload.service },
    ];
    if (workload.httpPort !== undefined) env.push({ name: 'PORT', value: String(workload.httpPort) });
    if (workload.capabilities.postgres) {
      for (const item of DATABASE_ENV) {
        env.push({ name: item.name, valueFrom: { secretKeyRef: { name: naming.databaseSecret, key: item.key } } });
      }
    }
    return env.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private constructor() {}
}
