import { EnvironmentSpec } from './environment';
import { ResolvedWorkload } from '../contract/resolved';

/** Props of every strategy construct: what to run, where, and which image. */
export interface StrategyProps {
  /** The resolved workload (every platform decision already made). */
  readonly workload: ResolvedWorkload;
  /** The environment it is rendered for. */
  readonly environment: EnvironmentSpec;
  /** The image to run, pinned by tag (not `latest`) or digest. */
  readonly image: string;
}
