import { Database, Exposure, Runtime, Size, Strategy } from '../../contract/enums';

/**
 * Options of a tenant service repository. The contract fields seed `zave.yaml` when it does not
 * exist yet; once it exists, `zave.yaml` is the only source and these fields are ignored.
 */
export interface ZaveServiceProjectOptions {
  /**
   * Service name (DNS-1035 label, at most 40 characters).
   * @default - read from zave.yaml; required when zave.yaml does not exist yet
   */
  readonly service?: string;
  /**
   * Language runtime.
   * @default Runtime.NODE when creating zave.yaml
   */
  readonly runtime?: Runtime;
  /**
   * How the workload is reached.
   * @default - the contract default (internal-http for an http-service)
   */
  readonly exposure?: Exposure;
  /**
   * Managed database.
   * @default - the contract default (none)
   */
  readonly database?: Database;
  /**
   * Delivery strategy.
   * @default - derived by the contract (schedule: scheduled-job, exposure none: worker, else http-service)
   */
  readonly strategy?: Strategy;
  /**
   * Five-field cron schedule in UTC (scheduled-job only).
   * @default - none
   */
  readonly schedule?: string;
  /**
   * Resource size.
   * @default - the contract default (small)
   */
  readonly size?: Size;
  /**
   * Directory of the repository.
   * @default "."
   */
  readonly outdir?: string;
  /**
   * GitHub `owner/name` of the shared platform workflows repository the CI calls.
   * @default "zave/platform-workflows"
   */
  readonly workflowsRepository?: string;
  /**
   * Git ref (tag) of the shared platform workflows.
   * @default - "v" + the platform package version
   */
  readonly workflowsRef?: string;
  /**
   * Development dependencies (npm specs) of the repository tooling. `projen new --from SPEC` passes
   * the platform package spec here; it replaces the default platform dependency.
   * @default - the platform package at this version, projen and cdk8s
   */
  readonly devDeps?: string[];
  /**
   * How the repository is being onboarded, recorded in `.zave/repository.json`.
   * @default - "projen new" when created by projen, otherwise the value already recorded
   */
  readonly onboardedBy?: string;
}
