import { RetainedEnvironmentData } from '../gitops/state/retained';

export { RetainedEnvironmentData, RetainedWorkloadData } from '../gitops/state/retained';

/** Identifier of one Formation exit criterion. */
export enum CriterionId {
  /** Workloads whose rendered state comes only from their contract and platform defaults. */
  CONTRACT_DRIVEN = 'contract-driven',
  /** Tenant repositories whose CI files are platform-generated and unmodified. */
  GENERATED_PIPELINES = 'generated-pipelines',
  /** GitOps is the single lifecycle authority: registered, current, proposed through Git. */
  GITOPS_AUTHORITY = 'gitops-authority',
  /** Workloads onboarded through `zave init` with no manual follow-up to platform-owned files. */
  NO_EXPERT_ONBOARDING = 'no-expert-onboarding',
}

/** One thing that fails a criterion, and why. */
export interface StatusOffender {
  /** What fails: a workload name, a tenant repository, or a path in the GitOps repository. */
  readonly subject: string;
  /** Why, in one sentence naming the file or commit at fault. */
  readonly reason: string;
}

/** The measurement of one criterion. */
export interface CriterionResult {
  /** Which criterion. */
  readonly id: CriterionId;
  /** Human title. */
  readonly title: string;
  /** `pass`, `fail`, or `unmeasured` when the inputs needed were not given (counts as not passing). */
  readonly status: 'pass' | 'fail' | 'unmeasured';
  /** The figure as shown to people, e.g. `4/5 (80%)` or `0 violations`. */
  readonly figure: string;
  /** The threshold as shown to people, e.g. `>= 80%`. */
  readonly threshold: string;
  /** Subjects that satisfy the criterion. */
  readonly passed: number;
  /** Subjects measured. */
  readonly total: number;
  /** Every offender, sorted by subject then reason. */
  readonly offenders: StatusOffender[];
  /** Remarks about how the figure was measured (missing inputs, sources used). */
  readonly notes: string[];
}

/** What one environment runs for a workload (its release). */
export interface ReleaseStatus {
  /** Environment name. */
  readonly environment: string;
  /** Image reference. */
  readonly image: string;
  /**
   * Contract revision (`sha256:<hex>`) the release pins.
   * @default - none recorded (the release follows the registered head; written before 0.1)
   */
  readonly contract?: string;
  /**
   * Platform version that renders the release.
   * @default - none recorded
   */
  readonly platform?: string;
}

/** What the status measurement knows about one workload. */
export interface WorkloadStatus {
  /** Service name. */
  readonly service: string;
  /** Whether `workloads/<service>/zave.yaml` exists in the GitOps repository. */
  readonly registered: boolean;
  /**
   * Delivery strategy from the registered contract.
   * @default - unknown (unregistered or invalid contract)
   */
  readonly strategy?: string;
  /**
   * Runtime from the registered contract.
   * @default - unknown
   */
  readonly runtime?: string;
  /**
   * Exposure from the registered contract.
   * @default - unknown
   */
  readonly exposure?: string;
  /** Environments that hold an image for the workload, sorted. */
  readonly environments: string[];
  /**
   * Platform version the workload was rendered with.
   * @default - unknown
   */
  readonly platformVersion?: string;
  /** Where `platformVersion` was read from (an annotation, a record), or `unknown`. */
  readonly platformVersionSource: string;
  /**
   * Tenant repository checkout found for the workload.
   * @default - none found
   */
  readonly repository?: string;
  /** The release each environment runs, sorted by environment (environments without one are left out). */
  readonly releases: ReleaseStatus[];
  /**
   * Set when the tenant repository's zave.yaml differs from the registered head: the contract change has
   * not been proposed yet (its CI proposes it), or the registration is stale.
   * @default - no drift, or no tenant repository inspected
   */
  readonly contractDrift?: string;
  /**
   * Platform version(s) the tenant repository pins (record, package, workflow refs), comma-separated.
   * @default - no tenant repository inspected
   */
  readonly tenantVersion?: string;
  /**
   * Why the tenant repository's version is skewed (pins disagree, or differ from the GitOps repository's).
   * @default - no skew
   */
  readonly versionSkew?: string;
  /** Whether the workload passes each criterion it is measured by (ids of failed criteria). */
  readonly failing: string[];
}

/** Counts of the fleet along one dimension. */
export interface StatusCount {
  /** The value, e.g. `http-service`, or `unknown`. */
  readonly value: string;
  /** How many workloads. */
  readonly count: number;
}

/** The full Formation exit measurement of a fleet. */
export interface StatusReport {
  /** Whether all four criteria pass (the exit code of `zave status` is 0 only then). */
  readonly pass: boolean;
  /** The four criteria, in order. */
  readonly criteria: CriterionResult[];
  /** Every workload (registered or rendered), sorted by service. */
  readonly workloads: WorkloadStatus[];
  /** Workloads per delivery strategy. */
  readonly byStrategy: StatusCount[];
  /** Workloads per runtime. */
  readonly byRuntime: StatusCount[];
  /** Workloads per exposure. */
  readonly byExposure: StatusCount[];
  /** Workloads with an image per environment. */
  readonly byEnvironment: StatusCount[];
  /** Workloads per platform version they were rendered with. */
  readonly byPlatformVersion: StatusCount[];
  /** Tenant repositories inspected, sorted. */
  readonly repositories: string[];
  /**
   * Data deregistered workloads left behind (their Namespace, database Cluster and volumes), per
   * environment in platform.yaml order: recorded under `retained:` in environments/<env>.yaml until
   * `zave deregister <service> --delete-data` is merged. Empty when nothing is retained.
   */
  readonly retained: RetainedEnvironmentData[];
}

/** Thresholds of the Formation exit criteria. */
export interface StatusThresholds {
  /**
   * Minimum share of contract-driven workloads, in percent.
   * @default 80
   */
  readonly contractDrivenPercent?: number;
  /**
   * Minimum share of tenant repositories with only generated, unmodified CI files, in percent.
   * @default 100
   */
  readonly generatedPipelinesPercent?: number;
  /**
   * Minimum share of workloads onboarded without a platform expert, in percent.
   * @default 100
   */
  readonly onboardingPercent?: number;
}
