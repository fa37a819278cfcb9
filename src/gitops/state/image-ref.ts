/** A parsed container image reference. */
export interface ImageReference {
  /** Repository including registry, e.g. `ghcr.io/acme/payments-api`. */
  readonly repository: string;
  /** Tag, when given. */
  readonly tag?: string;
  /** Digest `sha256:<64 hex>`, when given. */
  readonly digest?: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);

/** Parses `[registry/]name[:tag][@sha256:<64 hex>]`; undefined when malformed. */
export function parseImageReference(ref: string): ImageReference | undefined {
  if (ref.length > 512) return undefined;
  const m = REFERENCE.exec(ref);
  if (!m) return undefined;
  return { repository: m[1], ...(m[2] ? { tag: m[2] } : {}), ...(m[3] ? { digest: m[3] } : {}) };
}

/** What is wrong with an image reference in an environment, or undefined when acceptable. */
export function imageProblem(ref: string, pinRequired: boolean, environment: string): { code: 'invalid-image' | 'image-not-pinned'; message: string; hint: string } | undefined {
  const parsed = parseImageReference(ref);
  if (!parsed) {
    const digestish = /@sha256:/.test(ref) && !/@sha256:[a-f0-9]{64}$/.test(ref);
    return {
      code: 'invalid-image',
      message: `${JSON.stringify(ref)} is not a valid image reference${digestish ? ': a digest is "sha256:" followed by 64 lower-case hex characters' : ''}`,
      hint: 'write registry/name:tag or registry/name@sha256:<64 hex>, e.g. ghcr.io/acme/payments-api@sha256:4f1c…',
    };
  }
  if (pinRequired && !parsed.digest) {
    return {
      code: 'image-not-pinned',
      message: `${JSON.stringify(ref)} is not pinned by digest; outside the first environment every image must be name@sha256:<64 hex> so what was tested is what runs`,
      hint: 'promote the digest that ran in the previous environment (zave promote), or write the digest from your registry',
    };
  }
  if (!parsed.digest && (!parsed.tag || parsed.tag === 'latest')) {
    return {
      code: 'image-not-pinned',
      message: `${JSON.stringify(ref)} ${parsed.tag ? 'uses the "latest" tag' : 'has no tag (so it means "latest")'}: ${environment} would run whatever was pushed last`,
      hint: 'use an immutable tag (e.g. the commit SHA) or a digest',
    };
  }
  return undefined;
}
