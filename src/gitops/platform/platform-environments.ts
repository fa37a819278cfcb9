import * as path from 'path';
import { parsePlatform, parsePlatformFile, PlatformParseResult } from './parse';
import { toEnvironmentSpec } from './platform';
import { formatIssue } from '../../contract/issue';
import { EnvironmentSpec } from '../../strategies/environment';

/**
 * Loads a GitOps repository's `platform.yaml` into the `EnvironmentSpec`s the strategy
 * constructs take, in promotion order: what a custom strategy in a platform team's own cdk8s app
 * needs to render each environment the way `zave synth` does.
 *
 * ```ts
 * for (const env of PlatformEnvironments.load('gitops/platform.yaml')) {
 *   new QueueConsumer(new Chart(app, env.name), 'orders', { workload, environment: env });
 * }
 * ```
 */
export class PlatformEnvironments {
  /**
   * Reads and checks a platform.yaml file. Throws an error listing every problem
   * (`file:line:column field: message`) when the file is missing or invalid.
   */
  public static load(file: string): EnvironmentSpec[] {
    return PlatformEnvironments.specs(parsePlatformFile(file, path.basename(file)));
  }

  /**
   * The same from platform.yaml text.
   * @param fileName name used in error messages, default "platform.yaml"
   */
  public static fromText(text: string, fileName?: string): EnvironmentSpec[] {
    return PlatformEnvironments.specs(parsePlatform(text, fileName ?? 'platform.yaml'));
  }

  private static specs(result: PlatformParseResult): EnvironmentSpec[] {
    if (!result.platform) {
      throw new Error(`platform.yaml is invalid:\n${result.issues.map(formatIssue).join('\n')}`);
    }
    return result.platform.environments.map(toEnvironmentSpec);
  }

  private constructor() {}
}
