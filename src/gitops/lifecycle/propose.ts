import { LifecycleBranch, lifecycleTrailers } from './branches';
import { requireEnvironment, requireRegistered, requireServiceName } from './environments';
import { parseImageReference, requireDigest } from './image-ref';
import { runChange } from './run-change';
import { environmentOrder, readImages, writeImages } from './state-files';
import { checkImageForEnvironment } from './synth-adapter';
import { LifecycleOptions, LifecycleResult } from './types';

/** Options of proposeImage. */
export interface ProposeOptions extends LifecycleOptions {
  /** A registered service. */
  readonly service: string;
  /** Image reference `name[:tag][@sha256:<64 hex>]`; digest-pinned outside the first environment. */
  readonly image: string;
  /** Target environment. @default the first environment of platform.yaml (dev) */
  readonly environment?: string;
}

/**
 * The CI plane's step after a build: sets the service's image in `environments/<env>.yaml`, re-renders,
 * and commits on `zave/propose-<service>-<env>`. Errors: invalid-image-reference, digest-required (outside
 * the first environment), unknown-environment, not-registered.
 */
export async function proposeImage(options: ProposeOptions): Promise<LifecycleResult> {
  parseImageReference(options.image);
  requireServiceName(options.service);
  const { service, image } = options;
  return runChange({
    verb: 'propose',
    service,
    environment: options.environment,
    branch: LifecycleBranch.propose(service, options.environment ?? 'dev'),
    services: [service],
    apply(tree) {
      const order = environmentOrder(tree);
      const environment = options.environment ?? order[0];
      requireEnvironment(environment, order);
      requireRegistered(tree, service);
      if (environment !== order[0]) requireDigest(image, environment, order[0]);
      checkImageForEnvironment(image, environment, environment !== order[0]);
      const images = readImages(tree, environment);
      const from = images[service];
      images[service] = image;
      writeImages(tree, environment, images);
      return {
        environment,
        branch: LifecycleBranch.propose(service, environment),
        title: `Deploy ${service} ${shortImage(image)} to ${environment}`,
        summary: from
          ? `Proposes a new image for ${service} in ${environment}, replacing ${from}.`
          : `Proposes the first image for ${service} in ${environment}: merging deploys it there.`,
        images: [{ environment, ...(from ? { from } : {}), to: image }],
        review: [
          `Check that ${image} is the build you expect (CI built and pushed it; the reference is used exactly as written).`,
          `Merging rolls it out in ${environment} when Argo CD syncs; to roll back, revert this merge.`,
        ],
        trailers: lifecycleTrailers('propose', service, environment, image),
        unchangedSummary: `${service} already runs ${image} in ${environment}; nothing to do`,
      };
    },
  }, options);
}

/** The part of an image reference a title needs: tag, short digest, or the name. */
export function shortImage(ref: string): string {
  const parsed = parseImageReference(ref);
  if (parsed.tag && parsed.digest) return `${parsed.tag} (${parsed.digest.slice(0, 19)})`;
  if (parsed.tag) return parsed.tag;
  if (parsed.digest) return parsed.digest.slice(0, 19);
  return parsed.name;
}
