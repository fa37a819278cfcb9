import { LifecycleError, LifecycleErrorCode } from './errors';
import { ImageReference } from '../../common/image-reference';

// The lifecycle verbs' face of the one image-reference grammar (src/common/image-reference.ts): the same
// checks, thrown as LifecycleError so the CLI reports them as input errors (exit 1) with a stable code.

/** An example digest-pinned reference, for error messages and help. */
export const IMAGE_EXAMPLE = ImageReference.EXAMPLE;

/** Parses `name[:tag][@sha256:<64 hex>]` (syntax only); throws LifecycleError (invalid-image-reference) with an example. */
export function parseImageReference(ref: string): ImageReference {
  const result = ImageReference.checkSyntax(ref);
  if (result.problem) throw new LifecycleError(LifecycleErrorCode.INVALID_IMAGE, `${result.problem.message}; ${result.problem.hint}`);
  return result.reference!;
}

/** Throws digest-required unless the reference is pinned by digest (outside the first environment). */
export function requireDigest(ref: string, environment: string, firstEnvironment: string): void {
  parseImageReference(ref);
  const result = ImageReference.check(ref, { requireDigest: true, environment, firstEnvironment });
  if (result.problem) throw new LifecycleError(LifecycleErrorCode.DIGEST_REQUIRED, `${result.problem.message}; ${result.problem.hint}`);
}
