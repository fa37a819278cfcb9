import { EnvironmentSpec } from './environment';
import { renderWorkload } from './render';
import { ResolvedWorkload } from '../contract/resolved';

/** Renders a workload's objects (jsii entry point to `renderWorkload`). */
export class StrategyRenderer {
  /**
   * Every Kubernetes object of `workload` in `environment` running `image`, as plain JSON in a
   * stable order (dependencies first).
   */
  public static render(workload: ResolvedWorkload, environment: EnvironmentSpec, image: string): any[] {
    return renderWorkload(workload, environment, image);
  }

  private constructor() {}
}
