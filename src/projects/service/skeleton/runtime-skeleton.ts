import { ResolvedWorkload } from '../../../contract/resolved';

/** What a runtime contributes to a tenant repository. */
export interface RuntimeSkeleton {
  /** Scaffold files (path -> content): application code and one unit test, written once, then the tenant's. */
  readonly files: Record<string, string>;
  /** The multi-stage Dockerfile body (without the marker line). */
  readonly dockerfile: string;
  /** The command that runs the unit tests (the `test` task). */
  readonly testCommand: string;
  /** Extra `.gitignore` patterns (build output). */
  readonly gitignore: string[];
  /** Extra `.dockerignore` patterns. */
  readonly dockerignore: string[];
}

/** A runtime's skeleton builder. */
export type SkeletonBuilder = (workload: ResolvedWorkload) => RuntimeSkeleton;
