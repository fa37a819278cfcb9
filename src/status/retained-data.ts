import { parsePlatform } from '../gitops/platform/parse';
import { PLATFORM_FILE } from '../gitops/repo/layout';
import { DirectorySource } from '../gitops/repo/source';
import { ENVIRONMENT_STATE_MAX_BYTES, parseEnvironmentState } from '../gitops/state/environment-state';
import { PLATFORM_MAX_BYTES } from '../gitops/state/load';
import { RetainedEnvironmentData, RetainedRecord, retainedData } from '../gitops/state/retained';

export { formatRetainedData, retainedData, RetainedRecord } from '../gitops/state/retained';

/**
 * Reads the `retained:` records of every environment file of the GitOps checkout at `root` through
 * the repository model (the strict platform.yaml and environment-state parsers, regular files only)
 * and lists the retained data with `retainedData`. A file that does not parse costs only its own
 * environment's list (criterion 3 reports the file: synth --check cannot load it). Image pins are not
 * checked here (they do not change what is retained). Never writes.
 */
export function readRetainedData(root: string): RetainedEnvironmentData[] {
  const src = new DirectorySource(root);
  const platformFile = src.read(PLATFORM_FILE, PLATFORM_MAX_BYTES);
  const platform = 'bytes' in platformFile ? parsePlatform(platformFile.bytes, PLATFORM_FILE).platform : undefined;
  if (!platform) return [];
  const records: RetainedRecord[] = [];
  for (const env of platform.environments) {
    const file = `environments/${env.name}.yaml`;
    const got = src.read(file, ENVIRONMENT_STATE_MAX_BYTES);
    const state = 'bytes' in got ? parseEnvironmentState(got.bytes, file, env.name, false).state : undefined;
    for (const service of Object.keys(state?.retained ?? {}).sort()) records.push({ environment: env.name, service, database: state!.retained[service].database });
  }
  return retainedData(platform, records);
}
