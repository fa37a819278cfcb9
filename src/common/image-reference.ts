// The one container-image-reference grammar of the platform (distribution/reference: an optional registry
// host, lowercase path components, an optional tag, an optional sha256 digest), with a returning entry
// (ImageReference.check: a result with a problem code, message and hint, for collected input issues) and a
// throwing entry (ImageReference.parse: for constructs, whose props are checked eagerly). Every plane uses it.

/** Why an image reference was refused: a stable code, what is wrong (with the value) and the fix. */
export interface ImageReferenceProblem {
  /** `invalid-image` (not a reference at all) or `image-not-pinned` (no tag, `latest`, or no digest where one is required). */
  readonly code: 'invalid-image' | 'image-not-pinned';
  /** What went wrong, naming the value received. */
  readonly message: string;
  /** How to fix it, with an example. */
  readonly hint: string;
}

/** What ImageReference.check accepts besides the reference. */
export interface ImageReferenceOptions {
  /**
   * Require a digest (outside the first environment every image must be `name@sha256:<64 hex>` so what
   * was tested is what runs).
   * @default false
   */
  readonly requireDigest?: boolean;
  /**
   * The environment the image is for, named in messages.
   * @default "this environment"
   */
  readonly environment?: string;
  /**
   * The first environment of the promotion order, named when a digest is required.
   * @default "the first environment"
   */
  readonly firstEnvironment?: string;
}

/** The result of ImageReference.check: the parsed reference, or the problem that refused it. */
export interface ImageReferenceCheck {
  /** The parsed reference, when acceptable. */
  readonly reference?: ImageReference;
  /** Why it was refused, when it was. */
  readonly problem?: ImageReferenceProblem;
}

const EXAMPLE = 'ghcr.io/acme/payments-api@sha256:' + '0123456789abcdef'.repeat(4);
const MAX_LENGTH = 512;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)';
const NAME = new RegExp(`^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const SYNTAX_HINT = `write registry/name:tag or registry/name@sha256:<64 hex>, e.g. ${EXAMPLE}`;

interface Parts { readonly name: string; readonly tag?: string; readonly digest?: string }

/** Splits and checks the syntax; a reason (for "is not a valid image reference: <reason>") when malformed. */
function split(ref: string): Parts | string {
  if (ref.length === 0) return 'it is empty';
  if (ref.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`;
  if (/\s/.test(ref)) return 'it contains whitespace';
  const at = ref.indexOf('@');
  const beforeDigest = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return `the digest ${JSON.stringify(digest)} is malformed: expected sha256: followed by 64 lowercase hex digits`;
  const slash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  const tag = hasTag ? beforeDigest.slice(colon + 1) : undefined;
  if (!NAME.test(name)) return `the repository name ${JSON.stringify(name)} is not valid (lowercase letters, digits, separators . _ -, optional registry host)`;
  if (tag !== undefined && !TAG.test(tag)) return `the tag ${JSON.stringify(tag)} is not valid (letters, digits, _ . -, at most 128 characters, not starting with . or -)`;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** Why `ref` (split into `parts`) is refused with these options, or undefined when it is accepted. Messages are built only for a problem. */
function problemOf(ref: string, parts: Parts | string, options: ImageReferenceOptions): ImageReferenceProblem | undefined {
  const shown = () => `image ${JSON.stringify(ref)}`;
  if (typeof parts === 'string') {
    return { code: 'invalid-image', message: `${shown()} is not a valid image reference: ${parts}`, hint: SYNTAX_HINT };
  }
  if (options.requireDigest && !parts.digest) {
    const first = options.firstEnvironment ?? 'the first environment';
    const here = options.environment ? ` (here: ${options.environment})` : '';
    return {
      code: 'image-not-pinned',
      message: `${shown()} is not pinned by digest; outside ${first}${here} every image must be name@sha256:<64 hex>, e.g. ${EXAMPLE}, so what was tested is what runs`,
      hint: `promote the digest that ran in the previous environment (zave promote), or write the digest your build pushed (docker buildx imagetools inspect ${parts.name}${parts.tag ? `:${parts.tag}` : ''})`,
    };
  }
  if (!parts.digest && (parts.tag === undefined || parts.tag === 'latest')) {
    const environment = options.environment ?? 'this environment';
    return {
      code: 'image-not-pinned',
      message: parts.tag === undefined
        ? `${shown()} is not pinned (no tag): without a tag it means "latest", so ${environment} would run whatever was pushed last`
        : `${shown()} is not pinned (tag latest): the "latest" tag means ${environment} would run whatever was pushed last`,
      hint: 'use an immutable tag (e.g. the commit SHA, name:1.4.2) or a digest (name@sha256:<64 hex>)',
    };
  }
  return undefined;
}

/**
 * True when ImageReference.check would accept `ref` with these options: the same grammar and rules,
 * without building the reference (for readers that check thousands of references and keep none).
 */
export function imageAccepted(ref: string, options: ImageReferenceOptions = {}): boolean {
  return problemOf(ref, split(ref), options) === undefined;
}

/**
 * A container image reference, `[registry/]name[:tag][@sha256:<64 hex>]`, as the platform deploys it:
 * pinned by digest or by a tag other than `latest`, with the pull policy that matches (IfNotPresent for
 * digests, Always for tags).
 */
export class ImageReference {
  /** An example digest-pinned reference, for error messages and help. */
  public static readonly EXAMPLE: string = EXAMPLE;

  /**
   * Parses and checks `ref` as something a workload may run; throws when it is malformed or unpinned
   * (no tag or digest, or the tag `latest`). The message says what is wrong and how to fix it.
   */
  public static parse(ref: string): ImageReference {
    const result = ImageReference.check(ref);
    if (result.problem) throw new Error(`${result.problem.message}; ${result.problem.hint}`);
    return result.reference!;
  }

  /**
   * Checks `ref` without throwing: the parsed reference, or the problem (code, message, hint) that refuses
   * it: malformed, unpinned (no tag or `latest`), or without a digest where `requireDigest` asks for one.
   */
  public static check(ref: string, options: ImageReferenceOptions = {}): ImageReferenceCheck {
    const parts = split(ref);
    const problem = problemOf(ref, parts, options);
    return problem ? { problem } : { reference: new ImageReference(ref, parts as Parts) };
  }

  /**
   * Checks only the syntax (any tag, `latest` or none, is accepted): the parsed reference, or the
   * `invalid-image` problem. For references that are read, not deployed.
   */
  public static checkSyntax(ref: string): ImageReferenceCheck {
    const parts = split(ref);
    if (typeof parts === 'string') {
      return { problem: { code: 'invalid-image', message: `image ${JSON.stringify(ref)} is not a valid image reference: ${parts}`, hint: SYNTAX_HINT } };
    }
    return { reference: new ImageReference(ref, parts) };
  }

  /** The reference exactly as given. */
  public readonly ref: string;
  /** Everything before the tag and digest, registry included, e.g. `ghcr.io/acme/payments-api`. */
  public readonly name: string;
  /** `sha256:<hex>` when pinned by digest. */
  public readonly digest?: string;
  /** The tag, when given. */
  public readonly tag?: string;
  /** `IfNotPresent` when pinned by digest (the content cannot change), else `Always`. */
  public readonly pullPolicy: string;
  /** A label-safe version (the tag, else the first 12 digest characters) for `app.kubernetes.io/version`. */
  public readonly version?: string;

  private constructor(ref: string, parts: Parts) {
    this.ref = ref;
    this.name = parts.name;
    if (parts.tag !== undefined) this.tag = parts.tag;
    if (parts.digest !== undefined) this.digest = parts.digest;
    this.pullPolicy = this.digest ? 'IfNotPresent' : 'Always';
    const version = this.tag ?? this.digest?.slice('sha256:'.length, 'sha256:'.length + 12) ?? '';
    const safe = version.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
    if (safe !== '') this.version = safe;
  }
}
