import { LifecycleBranch } from './branches';
import { requireEnvironment } from './environments';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { runChange } from './run-change';
import { environmentOrder, migrateLegacyReleases, readReleases, writeReleases } from './state-files';
import { LifecycleOptions, LifecycleResult } from './types';
import { Release } from '../state/environment-state';
import { libraryVersion } from '../synth/fingerprint';
import { compareVersions } from '../synth/platform-pins';

/** Options of proposePlatform. */
export interface ProposePlatformOptions extends LifecycleOptions {
  /** The environment whose releases move to the running zave version. */
  readonly environment: string;
}

/** `X → Y (n services)` per version moved from, oldest first. */
export function platformMoves(releases: Readonly<Record<string, Release>>, to: string): string[] {
  const counts = new Map<string, number>();
  for (const r of Object.values(releases)) {
    const from = r.platform ?? to;
    if (from !== to) counts.set(from, (counts.get(from) ?? 0) + 1);
  }
  return [...counts.keys()].sort(compareVersions).map((from) => `${from} → ${to} (${counts.get(from)} service${counts.get(from) === 1 ? '' : 's'})`);
}

/** Services of an environment whose release is pinned to another version than `version`, sorted. */
function notAt(releases: Readonly<Record<string, Release>>, version: string): string[] {
  return Object.keys(releases).filter((s) => (releases[s].platform ?? version) !== version).sort();
}

/**
 * Proposes the running zave version for every release of one environment (`zave propose --platform
 * --env ENV`): sets `platform:` of each release in environments/<env>.yaml to this zave's version and
 * re-renders all of that environment's services with it, as one commit on `zave/platform-<env>`. Images
 * and contract revisions stay as they are. Outside the first environment the environment before it must
 * already run this version (upgrades travel dev → staging → prod like releases do). Errors:
 * unknown-environment, platform-not-staged.
 */
export async function proposePlatform(options: ProposePlatformOptions): Promise<LifecycleResult> {
  const { environment } = options;
  const running = libraryVersion();
  return runChange({
    verb: 'propose',
    service: '',
    environment,
    branch: LifecycleBranch.platform(environment),
    apply(tree) {
      const order = environmentOrder(tree);
      requireEnvironment(environment, order);
      migrateLegacyReleases(tree, order, running);
      const index = order.indexOf(environment);
      if (index > 0) {
        const previous = order[index - 1];
        const behind = notAt(readReleases(tree, previous).releases, running);
        if (behind.length > 0) {
          throw new LifecycleError(LifecycleErrorCode.PLATFORM_NOT_STAGED,
            `${environment} comes after ${previous} (${order.join(' -> ')}), and ${previous} does not run zave ${running} yet (${behind.join(', ')}); `
            + `upgrade ${previous} first: zave propose --platform --env ${previous}`);
        }
      }
      const { releases } = readReleases(tree, environment);
      const moving = notAt(releases, running);
      const moves = platformMoves(releases, running);
      for (const service of moving) releases[service] = { ...releases[service], platform: running };
      if (moving.length > 0) writeReleases(tree, environment, releases);
      const next = order[index + 1];
      return {
        title: `Upgrade ${environment} to zave ${running}`,
        summary: `Re-renders every release in ${environment} with zave ${running}: platform ${moves.join(', ')}. Images and contract revisions do not change.`,
        images: [],
        review: [
          `Only ${environment} changes: the other environments keep the bytes their pinned zave version rendered until they are upgraded in turn.`,
          `What changes in the cluster is only what zave ${running} renders differently (listed below); merging rolls it out in ${environment} when Argo CD syncs.`,
          ...(next ? [`When ${environment} is healthy, upgrade ${next}: zave propose --platform --env ${next}.`] : []),
          `To undo before merging, close this pull request; after merging, zave propose --platform --env ${environment} with the previous zave version re-pins it.`,
        ],
        trailers: [['Zave-Verb', 'propose'], ['Zave-Environment', environment], ['Zave-Platform', running]],
        unchangedSummary: Object.keys(releases).length === 0
          ? `${environment} has no releases yet; nothing to upgrade`
          : `every release in ${environment} already runs zave ${running}; nothing to do`,
      };
    },
  }, options);
}
