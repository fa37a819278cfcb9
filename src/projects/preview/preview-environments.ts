import { defaultPlatformYaml } from '../../gitops/platform/default';
import { parsePlatform } from '../../gitops/platform/parse';
import { toEnvironmentSpec } from '../../gitops/platform/platform';
import { EnvironmentSpec } from '../../strategies/environment';

/**
 * Environments of a local preview: those of a new GitOps repository's default platform.yaml (the
 * gitops plane's defaults, so a preview looks like what a fresh platform renders). The platform
 * team's real platform.yaml is the authority for what is deployed.
 */
export function previewEnvironments(): EnvironmentSpec[] {
  const { platform, issues } = parsePlatform(defaultPlatformYaml(), 'platform.yaml (default)');
  if (!platform) throw new Error(`the default platform.yaml does not parse: ${issues.map((i) => i.message).join('; ')}`);
  return platform.environments.map(toEnvironmentSpec);
}
