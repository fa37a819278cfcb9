import { Database, Exposure, Runtime, Size, Strategy } from './enums';

/** CPU and memory requests and limits, as canonical Kubernetes quantities. */
export interface ResourceProfile {
  /** CPU request, e.g. `100m`. */
  readonly cpuRequest: string;
  /** Memory request, e.g. `128Mi`. */
  readonly memoryRequest: string;
  /** CPU limit, e.g. `500m`. */
  readonly cpuLimit: string;
  /** Memory limit, e.g. `256Mi`. */
  readonly memoryLimit: string;
}

/** HTTP health probes of a long-running workload. */
export interface ProbeProfile {
  /** Liveness path, served on `port`. */
  readonly livenessPath: string;
  /** Readiness path, served on `port`. */
  readonly readinessPath: string;
  /** Startup path (same endpoint as liveness, more patient thresholds). */
  readonly startupPath: string;
  /** Name of the container port the probes target (`http` or `metrics`). */
  readonly portName: string;
}

/** Horizontal scaling bounds before the environment's replica policy is applied. */
export interface ScalingProfile {
  /** Whether a HorizontalPodAutoscaler manages the replica count. */
  readonly autoscale: boolean;
  /** Upper bound of replicas (the environment may lower it). */
  readonly maxReplicas: number;
  /** Target average CPU utilisation in percent. */
  readonly targetCpuUtilization: number;
}

/** Which platform capabilities the contract switches on. */
export interface CapabilitySet {
  /** Public Ingress with TLS (cert-manager) and DNS (external-dns). */
  readonly ingress: boolean;
  /** A ClusterIP Service. */
  readonly service: boolean;
  /** A CloudNativePG PostgreSQL cluster. */
  readonly postgres: boolean;
  /** Metrics scraping (ServiceMonitor or PodMonitor) and OpenTelemetry env. Always on. */
  readonly observability: boolean;
  /** Pod Security restricted, default-deny NetworkPolicy, dedicated ServiceAccount. Always on. */
  readonly security: boolean;
}

/** One platform decision and the rule that produced it (`zave explain` prints these). */
export interface ResolvedDecision {
  /** The decided field, e.g. `strategy` or `resources.cpuRequest`. */
  readonly field: string;
  /** The decided value, as text. */
  readonly value: string;
  /** `contract` when the tenant wrote it, otherwise the platform rule that chose it. */
  readonly rule: string;
}

/**
 * A contract with every platform decision made explicit. The single input of every strategy
 * construct; `resolve` is the only place where platform defaults live.
 */
export interface ResolvedWorkload {
  /** Contract API version. */
  readonly apiVersion: string;
  /** Service name (DNS-1035, ≤ 40 characters). */
  readonly service: string;
  /** Language runtime. */
  readonly runtime: Runtime;
  /** Exposure. */
  readonly exposure: Exposure;
  /** Database. */
  readonly database: Database;
  /** Delivery strategy. */
  readonly strategy: Strategy;
  /**
   * Cron schedule (scheduled-job only).
   * @default - none
   */
  readonly schedule?: string;
  /** Size. */
  readonly size: Size;
  /**
   * Container port serving HTTP (http-service only).
   * @default - none
   */
  readonly httpPort?: number;
  /** Container port serving Prometheus metrics (and health for workers). */
  readonly metricsPort: number;
  /**
   * Probes (long-running strategies only).
   * @default - none
   */
  readonly probes?: ProbeProfile;
  /** Requests and limits. */
  readonly resources: ResourceProfile;
  /** Scaling bounds. */
  readonly scaling: ScalingProfile;
  /**
   * Database storage per instance (when postgres), canonical quantity.
   * @default - none
   */
  readonly databaseStorage?: string;
  /** Capabilities switched on. */
  readonly capabilities: CapabilitySet;
  /** Every decision with its reason, in field order. */
  readonly decisions: ResolvedDecision[];
}
