import { AdoptionImpact } from './model';

/** One finding code: its usual impact and what it means (the README table is this list). @internal */
export interface FindingCodeSpec {
  readonly code: string;
  readonly impact: AdoptionImpact;
  readonly meaning: string;
}

/**
 * Stable finding codes of `zave adopt`. Tests and scripts rely on them; never rename one.
 * The impact given is the usual one; `volume` and `secret` say per finding (see the README).
 * @internal
 */
export const FindingCode = {
  NAME_CHANGED: 'name-changed',
  CONTAINER_PORT: 'container-port',
  EXTRA_CONTAINER: 'extra-container',
  INIT_CONTAINER: 'init-container',
  VOLUME: 'volume',
  CONFIG_MAP: 'config-map',
  ENV_VAR: 'env-var',
  SECRET: 'secret',
  DATASTORE: 'datastore',
  DATABASE_MIGRATION: 'database-migration',
  PRIVILEGED: 'privileged',
  RUNS_AS_ROOT: 'runs-as-root',
  HOST_NAMESPACE: 'host-namespace',
  CUSTOM_PROBE: 'custom-probe',
  FIXED_REPLICAS: 'fixed-replicas',
  AUTOSCALER: 'autoscaler',
  DISRUPTION_BUDGET: 'disruption-budget',
  NETWORK_POLICY: 'network-policy',
  BLOCKED_CALL: 'blocked-call',
  RESOURCES: 'resources',
  SERVICE_TYPE: 'service-type',
  INGRESS_HOST: 'ingress-host',
  ADDRESS_CHANGE: 'address-change',
  STATEFUL_SET: 'stateful-set',
  ONE_OFF_JOB: 'one-off-job',
  SCHEDULE_TIME_ZONE: 'schedule-time-zone',
} as const;

/** Every code with its impact and meaning, in README order. @internal */
export const FINDING_CODES: readonly FindingCodeSpec[] = [
  { code: FindingCode.NAME_CHANGED, impact: 'changes-behaviour', meaning: 'the workload name is not a valid service name (DNS-1035, at most 40 characters); the contract uses the rewritten one for every object it renders' },
  { code: FindingCode.CONTAINER_PORT, impact: 'changes-behaviour', meaning: 'a container port other than the platform\'s: HTTP on 8080 (`$PORT`), metrics on 9090' },
  { code: FindingCode.EXTRA_CONTAINER, impact: 'blocks', meaning: 'more than one container (a sidecar): the contract runs exactly one' },
  { code: FindingCode.INIT_CONTAINER, impact: 'changes-behaviour', meaning: 'an init container: its work (migrations, waiting) must move into the application\'s start-up' },
  { code: FindingCode.VOLUME, impact: 'blocks', meaning: 'a volume: persistent, host and other volumes block; an emptyDir outside `/tmp` changes behaviour (the platform gives a writable `/tmp` only); configMap and secret volumes are reported as `config-map` and `secret`' },
  { code: FindingCode.CONFIG_MAP, impact: 'loses', meaning: 'configuration from a ConfigMap (volume, `envFrom`, `configMapKeyRef`): it must move into the image' },
  { code: FindingCode.ENV_VAR, impact: 'loses', meaning: 'an environment variable with a literal value: the contract has no environment; bake it into the image or make it the code\'s default' },
  { code: FindingCode.SECRET, impact: 'blocks', meaning: 'a Secret (env or volume): the contract injects only the credentials of its own database (then it changes behaviour: the platform\'s Secret replaces it)' },
  { code: FindingCode.DATASTORE, impact: 'blocks', meaning: 'a datastore other than PostgreSQL (Redis, MySQL, MongoDB, Kafka, RabbitMQ, …), run here or used from here' },
  { code: FindingCode.DATABASE_MIGRATION, impact: 'changes-behaviour', meaning: 'the workload uses an existing PostgreSQL; the contract creates a new CloudNativePG cluster per environment, so the data must be moved' },
  { code: FindingCode.PRIVILEGED, impact: 'blocks', meaning: 'privileged mode, privilege escalation or added capabilities: the restricted profile refuses them' },
  { code: FindingCode.RUNS_AS_ROOT, impact: 'blocks', meaning: 'runs as root (`runAsUser: 0` or `runAsNonRoot: false`): the platform runs every container as UID 10001' },
  { code: FindingCode.HOST_NAMESPACE, impact: 'blocks', meaning: 'host network, PID or IPC namespace, or a host port' },
  { code: FindingCode.CUSTOM_PROBE, impact: 'changes-behaviour', meaning: 'probes other than the platform\'s (HTTP `/healthz` and `/readyz` on the HTTP port; `/healthz` on the metrics port for workers), or none' },
  { code: FindingCode.FIXED_REPLICAS, impact: 'changes-behaviour', meaning: 'a fixed replica count: the platform autoscales HTTP services and takes the replica count of workers from the environment' },
  { code: FindingCode.AUTOSCALER, impact: 'loses', meaning: 'a HorizontalPodAutoscaler with other bounds or metrics than the platform\'s (size ceiling, 70 % CPU)' },
  { code: FindingCode.DISRUPTION_BUDGET, impact: 'loses', meaning: 'a hand-written PodDisruptionBudget: the platform renders its own' },
  { code: FindingCode.NETWORK_POLICY, impact: 'loses', meaning: 'a hand-written NetworkPolicy: the platform renders default-deny plus the allows the contract implies' },
  { code: FindingCode.BLOCKED_CALL, impact: 'blocks', meaning: 'a call to another in-cluster service: the platform\'s default-deny egress allows only DNS and the workload\'s own database' },
  { code: FindingCode.RESOURCES, impact: 'changes-behaviour', meaning: 'requests and limits that are not exactly a size class (or none): the nearest size replaces them' },
  { code: FindingCode.SERVICE_TYPE, impact: 'changes-behaviour', meaning: 'a LoadBalancer or NodePort Service: the platform exposes public-http through an Ingress with TLS' },
  { code: FindingCode.INGRESS_HOST, impact: 'changes-behaviour', meaning: 'an Ingress host other than `<service>.<environment domain>` (or paths, TLS or annotations of its own)' },
  { code: FindingCode.ADDRESS_CHANGE, impact: 'changes-behaviour', meaning: 'in-cluster callers use another address than the platform\'s `<service>.<service>.svc:80` (each workload gets its own namespace)' },
  { code: FindingCode.STATEFUL_SET, impact: 'changes-behaviour', meaning: 'a StatefulSet: its pods lose stable names and ordered roll-out (the contract renders a Deployment)' },
  { code: FindingCode.ONE_OFF_JOB, impact: 'blocks', meaning: 'a Job without a schedule: the contract has no one-off run' },
  { code: FindingCode.SCHEDULE_TIME_ZONE, impact: 'changes-behaviour', meaning: 'a CronJob time zone other than UTC: the contract\'s schedule is in UTC' },
];
