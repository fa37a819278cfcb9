import { ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';

/** Props of a {@link ManifestObject}. */
export interface ManifestObjectProps {
  /** API version, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `Deployment`. */
  readonly kind: string;
  /** Metadata; `name` is required (names come from the contract, never from construct paths). */
  readonly metadata: ApiObjectMetadata;
  /**
   * Every top-level field but apiVersion, kind and metadata (`spec`, `data`, ...), as plain JSON.
   * @default - no further fields
   */
  readonly body?: { [key: string]: any };
}

/**
 * A Kubernetes object whose body is plain JSON known at construction time.
 *
 * It is a regular cdk8s `ApiObject` (charts, `toJson()`, `metadata.addLabel()` and `addJsonPatch()`
 * all work), but serializes without walking the body for tokens: the body must not contain cdk8s
 * tokens (`Lazy`). That keeps one render of a workload far below a millisecond, which matters when a
 * GitOps repository renders thousands of them. Keys come out in the order given; `renderWorkload`
 * canonicalizes (sorts) them.
 */
export class ManifestObject extends ApiObject {
  /** The body given at construction (read-only view). */
  public readonly body: { [key: string]: any };
  private patched = false;

  constructor(scope: Construct, id: string, props: ManifestObjectProps) {
    if (!props.metadata.name) {
      throw new Error(`ManifestObject ${id}: metadata.name is required (received none); names come from the contract`);
    }
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata, ...(props.body ?? {}) });
    this.body = props.body ?? {};
  }

  /** Adds JSON patches; a patched object serializes through the full cdk8s path. */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /** Renders the object to Kubernetes JSON. */
  public toJson(): any {
    if (this.patched) return super.toJson();
    const out: { [key: string]: any } = { apiVersion: this.apiVersion, kind: this.kind, metadata: plainMetadata(this.metadata) };
    for (const key of Object.keys(this.body)) out[key] = this.body[key];
    return out;
  }
}

/** The fields `ApiObjectMetadataDefinition` keeps (cdk8s 2.x), read without token resolution. */
interface MetadataState {
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
  readonly finalizers?: string[];
  readonly ownerReferences?: unknown[];
  readonly _additionalAttributes?: { [key: string]: unknown };
}

/**
 * Metadata as JSON, honouring `addLabel`/`addAnnotation`/... made after construction. Reads the
 * definition's state directly (no token resolution, which costs more than the rest of a render);
 * falls back to `toJson()` if a cdk8s release stores it differently.
 */
function plainMetadata(metadata: ApiObjectMetadataDefinition): { [key: string]: any } {
  const state = metadata as unknown as MetadataState;
  const { labels, annotations, finalizers, ownerReferences, _additionalAttributes: extra } = state;
  if (typeof labels !== 'object' || typeof annotations !== 'object' || !Array.isArray(finalizers)
    || !Array.isArray(ownerReferences) || typeof extra !== 'object') {
    return metadata.toJson();
  }
  const out: { [key: string]: any } = {};
  for (const key of Object.keys(extra)) {
    if (extra[key] !== undefined) out[key] = extra[key];
  }
  out.name = metadata.name;
  if (metadata.namespace !== undefined) out.namespace = metadata.namespace;
  if (Object.keys(labels).length > 0) out.labels = { ...labels };
  if (Object.keys(annotations).length > 0) out.annotations = { ...annotations };
  if (finalizers.length > 0) out.finalizers = [...finalizers];
  if (ownerReferences.length > 0) out.ownerReferences = [...ownerReferences];
  return out;
}
