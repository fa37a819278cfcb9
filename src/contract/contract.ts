import { Database, Exposure, Runtime, Size, Strategy } from './enums';

/** The only contract API version this release understands. */
export const API_VERSION_V1 = 'zave.dev/v1';

/**
 * The workload contract (`zave.yaml`), exactly as the tenant wrote it.
 *
 * Every field but `service` is optional; `resolve` fills in the platform defaults.
 */
export interface WorkloadContract {
  /**
   * Contract API version.
   * @default "zave.dev/v1"
   */
  readonly apiVersion?: string;
  /** Service name: a DNS-1035 label of at most 40 characters. */
  readonly service: string;
  /**
   * Language runtime.
   * @default Runtime.CONTAINER
   */
  readonly runtime?: Runtime;
  /**
   * How the workload is reached.
   * @default Exposure.INTERNAL_HTTP, or Exposure.NONE when a schedule is given or the strategy is worker / scheduled-job
   */
  readonly exposure?: Exposure;
  /**
   * Managed database.
   * @default Database.NONE
   */
  readonly database?: Database;
  /**
   * Delivery strategy.
   * @default scheduled-job when a schedule is given, worker when exposure is none, else http-service
   */
  readonly strategy?: Strategy;
  /**
   * Five-field cron schedule (scheduled-job only), evaluated in UTC.
   * @default - no schedule
   */
  readonly schedule?: string;
  /**
   * Resource size.
   * @default Size.SMALL
   */
  readonly size?: Size;
}
