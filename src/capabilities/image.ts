/**
 * A container image reference as the platform deploys it: pinned by digest or by a tag other than
 * `latest`, with the pull policy that matches (IfNotPresent for digests, Always for tags).
 */
export class ImageReference {
  /** Parses and checks `ref`; throws when it is unpinned (no tag or digest, or the tag `latest`). */
  public static parse(ref: string): ImageReference {
    return new ImageReference(ref);
  }

  /** The reference exactly as given. */
  public readonly ref: string;
  /** `sha256:<hex>` when pinned by digest. */
  public readonly digest?: string;
  /** The tag, when given. */
  public readonly tag?: string;
  /** `IfNotPresent` when pinned by digest (the content cannot change), else `Always`. */
  public readonly pullPolicy: string;
  /** A label-safe version (the tag, else the first 12 digest characters) for `app.kubernetes.io/version`. */
  public readonly version?: string;

  private constructor(ref: string) {
    this.ref = ref;
    if (ref.trim() !== ref || ref === '' || /\s/.test(ref)) {
      throw new Error(`image "${ref}" is not a valid image reference: expected registry/name:tag or registry/name@sha256:<digest>`);
    }
    const at = ref.indexOf('@');
    const namePart = at >= 0 ? ref.slice(0, at) : ref;
    if (at >= 0) {
      const digest = ref.slice(at + 1);
      if (!/^sha256:[a-f0-9]{64}$/.test(digest)) {
        throw new Error(`image "${ref}" has digest "${digest}"; expected sha256: followed by 64 lowercase hex characters`);
      }
      this.digest = digest;
    }
    const slash = namePart.lastIndexOf('/');
    const colon = namePart.lastIndexOf(':');
    if (colon > slash) this.tag = namePart.slice(colon + 1);
    if (!this.digest && (this.tag === undefined || this.tag === 'latest')) {
      throw new Error(`image "${ref}" is not pinned (${this.tag === undefined ? 'no tag' : 'tag latest'}): deploy a versioned tag (name:1.4.2) or a digest (name@sha256:...)`);
    }
    this.pullPolicy = this.digest ? 'IfNotPresent' : 'Always';
    const version = this.tag ?? this.digest!.slice('sha256:'.length, 'sha256:'.length + 12);
    const safe = version.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
    this.version = safe === '' ? undefined : safe;
  }
}
