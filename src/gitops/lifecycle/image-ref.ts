import { LifecycleError, LifecycleErrorCode } from './errors';

/** A parsed container image reference. */
export interface ImageReference {
  /** Everything before the tag/digest, e.g. `ghcr.io/acme/payments-api`. */
  readonly name: string;
  /** Tag, if any, e.g. `1.4.2`. */
  readonly tag?: string;
  /** Digest, if any, e.g. `sha256:0123…` (64 hex). */
  readonly digest?: string;
}

const EXAMPLE = 'ghcr.io/acme/payments-api@sha256:' + '0123456789abcdef'.repeat(4);
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)';
const NAME = new RegExp(`^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** An example digest-pinned reference, for error messages and help. */
export const IMAGE_EXAMPLE = EXAMPLE;

/** Parses `name[:tag][@sha256:<64 hex>]`; throws LifecycleError (invalid-image-reference) with an example. */
export function parseImageReference(ref: string): ImageReference {
  const fail = (why: string): never => {
    throw new LifecycleError(LifecycleErrorCode.INVALID_IMAGE,
      `invalid image reference "${ref}": ${why}. Expected name[:tag][@sha256:<64 hex digits>], e.g. ${EXAMPLE}`);
  };
  if (ref.length === 0 || ref.length > 512 || /\s/.test(ref)) fail('it is empty, too long or contains whitespace');
  const at = ref.indexOf('@');
  const beforeDigest = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  if (digest !== undefined && !DIGEST.test(digest)) fail(`the digest "${digest}" is not sha256: followed by 64 lowercase hex digits`);
  const slash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  const tag = hasTag ? beforeDigest.slice(colon + 1) : undefined;
  if (!NAME.test(name)) fail(`the repository name "${name}" is not valid (lowercase letters, digits, separators . _ -, optional registry host)`);
  if (tag !== undefined && !TAG.test(tag)) fail(`the tag "${tag}" is not valid (letters, digits, _ . -, at most 128 characters)`);
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** Throws digest-required unless the reference is pinned by digest (outside the first environment). */
export function requireDigest(ref: string, environment: string, firstEnvironment: string): void {
  const parsed = parseImageReference(ref);
  if (parsed.digest) return;
  throw new LifecycleError(LifecycleErrorCode.DIGEST_REQUIRED,
    `image "${ref}" is not pinned by digest; outside ${firstEnvironment} (here: ${environment}) the image must be name@sha256:<64 hex>, e.g. ${EXAMPLE}. ` +
    `Use the digest your build pushed (docker buildx imagetools inspect ${parsed.name}${parsed.tag ? `:${parsed.tag}` : ''}).`);
}
