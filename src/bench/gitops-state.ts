import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { BENCH_ENVIRONMENTS, FleetWorkload, contractText, imageRef } from './fleet';
import { benchPlatformYaml } from './platform-adapter';
import { toGeneratedYaml } from '../common/yaml-output';
import { environmentStateYaml, Release } from '../gitops/state/environment-state';
import { libraryVersion } from '../gitops/synth/fingerprint';

function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * Writes the GitOps state of a fleet into `root` (no `deploy/`): `platform.yaml`,
 * `workloads/<service>/{zave.yaml,registration.yaml}`, `environments/<env>.yaml`, `.zave/repository.json`.
 */
export function writeGitOpsState(root: string, fleet: readonly FleetWorkload[]): void {
  write(root, 'platform.yaml', benchPlatformYaml());
  for (const w of fleet) {
    write(root, `workloads/${w.service}/zave.yaml`, contractText(w));
    write(root, `workloads/${w.service}/revisions/${createHash('sha256').update(contractText(w)).digest('hex')}.yaml`, contractText(w));
    write(root, `workloads/${w.service}/registration.yaml`, toGeneratedYaml({
      apiVersion: 'zave.dev/v1', kind: 'Registration', service: w.service, repository: `https://git.example.com/team/${w.service}.git`,
    }));
  }
  for (const env of BENCH_ENVIRONMENTS) {
    write(root, `environments/${env}.yaml`, environmentStateYaml(env, releasesOf(fleet, env)));
  }
  const record = { apiVersion: 'zave.dev/v1', kind: 'gitops', onboardedBy: 'zave bench', platformVersion: '0.0.0' };
  write(root, '.zave/repository.json', JSON.stringify(record, null, 2) + '\n');
}

const SIZES = ['small', 'medium', 'large'] as const;

/**
 * The one-contract change of the incremental scenario: step `k` (1, 2, ...) sets the first
 * workload's size `k` steps above its original size (cyclic), so each step changes exactly one
 * contract relative to the previous step. Returns the service changed.
 */
export function changeOneContract(root: string, fleet: readonly FleetWorkload[], step = 1): string {
  const w = fleet[0];
  const size = SIZES[(SIZES.indexOf(w.size) + step) % SIZES.length];
  const changed = contractText({ ...w, size });
  write(root, `workloads/${w.service}/zave.yaml`, changed);
  // A contract reaches an environment only through its release: pin dev to the new revision.
  const hex = createHash('sha256').update(changed).digest('hex');
  write(root, `workloads/${w.service}/revisions/${hex}.yaml`, changed);
  const releases = releasesOf(fleet, 'dev');
  releases[w.service] = { ...releases[w.service], contract: `sha256:${hex}` };
  write(root, 'environments/dev.yaml', environmentStateYaml('dev', releases));
  return w.service;
}

/** The releases of one environment: every workload pinned to its contract and this zave, as the verbs write them. */
function releasesOf(fleet: readonly FleetWorkload[], env: string): Record<string, Release> {
  const releases: Record<string, Release> = {};
  for (const w of [...fleet].sort((a, b) => (a.service < b.service ? -1 : 1))) {
    releases[w.service] = { image: imageRef(w.service, env), contract: `sha256:${createHash('sha256').update(contractText(w)).digest('hex')}`, platform: libraryVersion() };
  }
  return releases;
}
