import { LifecycleBranch, lifecycleTrailers } from './branches';
import { requireEnvironment, requireRegistered, requireServiceName } from './environments';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { requireDigest } from './image-ref';
import { shortImage } from './propose';
import { runChange } from './run-change';
import { environmentOrder, migrateLegacyReleases, readReleases, releaseContractChange, writeReleases } from './state-files';
import { LifecycleOptions, LifecycleResult } from './types';
import { libraryVersion } from '../synth/fingerprint';

/**
 * Refuses to write a release pinned to another zave version than the running one: this zave cannot
 * render it (platform-mismatch), so the verb would commit manifests that --check then rejects.
 */
export function requireRunningPlatform(platform: string | undefined, what: string, fix: string): void {
  const running = libraryVersion();
  if (platform === undefined || platform === running) return;
  throw new LifecycleError(LifecycleErrorCode.PLATFORM_MISMATCH, `${what} is pinned to zave ${platform}, and this is zave ${running}, which renders only releases pinned to ${running}; ${fix}`);
}

/** Options of promoteImage. */
export interface PromoteOptions extends LifecycleOptions {
  /** A registered service. */
  readonly service: string;
  /** Source environment. @default the environment before `to` */
  readonly from?: string;
  /** Target environment: the one right after `from` in platform.yaml. @default the environment after `from` */
  readonly to?: string;
}

/**
 * Copies the service's exact release (image, contract revision, zave version) from one environment to the next one in platform.yaml order,
 * re-renders, and commits on `zave/promote-<service>-<to>`. Errors: skipped-environment (to is not right
 * after from), no-image-to-promote, digest-required (the target is not the first environment), unknown-environment, platform-mismatch (the release is pinned to another zave version).
 */
export async function promoteImage(options: PromoteOptions): Promise<LifecycleResult> {
  const { service } = options;
  requireServiceName(options.service);
  if (!options.from && !options.to) throw new LifecycleError(LifecycleErrorCode.UNKNOWN_ENVIRONMENT, 'promote needs --from or --to (e.g. --from dev --to staging)');
  return runChange({
    verb: 'promote',
    service,
    environment: options.to,
    branch: LifecycleBranch.promote(service, options.to ?? 'next'),
    services: [service],
    ...(options.from && options.to ? { environments: { reads: [options.from, options.to], writes: [options.to] } } : {}),
    apply(tree) {
      const order = environmentOrder(tree);
      if (options.from) requireEnvironment(options.from, order);
      if (options.to) requireEnvironment(options.to, order);
      const from = options.from ?? order[order.indexOf(options.to!) - 1];
      if (from === undefined) {
        throw new LifecycleError(LifecycleErrorCode.SKIPPED_ENVIRONMENT, `${options.to} is the first environment; images enter it with zave propose, not promote`);
      }
      const fromIndex = order.indexOf(from);
      const next = order[fromIndex + 1];
      if (next === undefined) {
        throw new LifecycleError(LifecycleErrorCode.SKIPPED_ENVIRONMENT, `${from} is the last environment (${order.join(' -> ')}); there is nothing to promote to`);
      }
      const to = options.to ?? next;
      if (to !== next) {
        const toIndex = order.indexOf(to);
        const why = toIndex <= fromIndex
          ? `${to} comes before ${from} in ${order.join(' -> ')}; promotion only moves forward`
          : `promoting ${from} -> ${to} skips ${order.slice(fromIndex + 1, toIndex).join(', ')}; promote ${from} -> ${next} first (order: ${order.join(' -> ')})`;
        throw new LifecycleError(LifecycleErrorCode.SKIPPED_ENVIRONMENT, why);
      }
      requireRegistered(tree, service);
      // The head does not move: releases that still follow it are pinned where this change reads.
      migrateLegacyReleases(tree, [from, to], libraryVersion());
      const release = readReleases(tree, from).releases[service];
      const image = release?.image;
      if (!release || !image) {
        throw new LifecycleError(LifecycleErrorCode.NO_IMAGE_TO_PROMOTE,
          `${service} has no image in ${from} (environments/${from}.yaml), so there is nothing to promote; propose one first: zave propose --service ${service} --image <ref> --env ${from}`);
      }
      requireDigest(image, to, order[0]);
      requireRunningPlatform(release.platform, `${service}'s release in ${from}`, `promote it with zave ${release.platform}: npx --yes --package @zave/platform@${release.platform} zave promote ${service} --from ${from} --to ${to}; or upgrade ${from} first: zave propose --platform --env ${from}`);
      const target = readReleases(tree, to).releases;
      const previousRelease = target[service];
      const previous = previousRelease?.image;
      // The whole release travels: image, contract revision and platform version, exactly as in `from`.
      target[service] = { ...release };
      writeReleases(tree, to, target);
      const contractMoves = release.contract !== previousRelease?.contract;
      return {
        environment: to,
        branch: LifecycleBranch.promote(service, to),
        title: `Promote ${service} ${shortImage(image)} from ${from} to ${to}`,
        summary: `Promotes the whole release of ${service} running in ${from} to ${to}: image, contract revision ${release.contract?.slice(0, 19) ?? '(head)'} and platform version ${release.platform ?? '(running)'}${previous ? `, replacing ${previous}` : ' (its first release there)'}.`,
        images: previous === image ? [] : [{ environment: to, ...(previous ? { from: previous } : {}), to: image }],
        ...(contractMoves && release.contract ? {
          contract: releaseContractChange(tree, service, to, previousRelease?.contract, release.contract),
        } : {}),
        review: [
          `The release is copied unchanged from environments/${from}.yaml: ${to} gets the same image, contract and platform version that were tested in ${from}.`,
          `Merging rolls it out in ${to} when Argo CD syncs; to roll back, zave rollback ${service} --env ${to}.`,
        ],
        trailers: lifecycleTrailers('promote', service, to, image, release.contract),
        unchangedSummary: `${service} already runs this release (${image}) in ${to}; nothing to promote`,
      };
    },
  }, options);
}
