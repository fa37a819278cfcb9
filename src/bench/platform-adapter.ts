import * as path from 'path';
import { defaultPlatformYaml, parsePlatformFile, toEnvironmentSpec } from '../gitops/internal';
import { EnvironmentSpec } from '../strategies/environment';

/*
 * ADAPTER: the only file of the benchmark that knows where `platform.yaml` comes from. It uses the
 * GitOps plane's own default platform (dev, staging, prod on example.com) and parser.
 */

/** Text of the benchmark's `platform.yaml`: the platform a new GitOps repository starts with. */
export function benchPlatformYaml(): string {
  return defaultPlatformYaml();
}

/** Reads the environments of the `platform.yaml` at the root of a GitOps repo. Throws if invalid (a bench bug). */
export function readPlatformEnvironments(root: string): EnvironmentSpec[] {
  const parsed = parsePlatformFile(path.join(root, 'platform.yaml'));
  if (!parsed.platform) throw new Error(`bench platform.yaml is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.platform.environments.map(toEnvironmentSpec);
}
