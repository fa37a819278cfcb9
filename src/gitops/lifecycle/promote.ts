import { LifecycleBranch, lifecycleTrailers } from './branches';
import { requireEnvironment, requireRegistered, requireServiceName } from './environments';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { requireDigest } from './image-ref';
import { shortImage } from './propose';
import { runChange } from './run-change';
import { environmentOrder, readImages, writeImages } from './state-files';
import { LifecycleOptions, LifecycleResult } from './types';

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
 * Copies the service's exact image reference from one environment to the next one in platform.yaml order,
 * re-renders, and commits on `zave/promote-<service>-<to>`. Errors: skipped-environment (to is not right
 * after from), no-image-to-promote, digest-required (the target is not the first environment), unknown-environment.
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
      const image = readImages(tree, from)[service];
      if (!image) {
        throw new LifecycleError(LifecycleErrorCode.NO_IMAGE_TO_PROMOTE,
          `${service} has no image in ${from} (environments/${from}.yaml), so there is nothing to promote; propose one first: zave propose --service ${service} --image <ref> --env ${from}`);
      }
      requireDigest(image, to, order[0]);
      const images = readImages(tree, to);
      const previous = images[service];
      images[service] = image;
      writeImages(tree, to, images);
      return {
        environment: to,
        branch: LifecycleBranch.promote(service, to),
        title: `Promote ${service} ${shortImage(image)} from ${from} to ${to}`,
        summary: `Promotes ${service} to ${to} with the exact image running in ${from}${previous ? `, replacing ${previous}` : ' (its first image there)'}.`,
        images: [{ environment: to, ...(previous ? { from: previous } : {}), to: image }],
        review: [
          `The reference is copied unchanged from environments/${from}.yaml: ${to} gets the same bytes that were tested in ${from}.`,
          `Merging rolls it out in ${to} when Argo CD syncs; to roll back, revert this merge.`,
        ],
        trailers: lifecycleTrailers('promote', service, to, image),
        unchangedSummary: `${service} already runs ${image} in ${to}; nothing to promote`,
      };
    },
  }, options);
}
