import { EnvironmentSpec } from '../contract/environment-spec';
import { ResolvedWorkload } from '../contract/resolved';

/** Props shared by every capability construct: the workload and the environment it is rendered for. */
export interface WorkloadCapabilityProps {
  /** The resolved workload. */
  readonly workload: ResolvedWorkload;
  /** The environment it runs in. */
  readonly environment: EnvironmentSpec;
}
