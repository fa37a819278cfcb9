/** One failed check of the security baseline (`SECURITY.md`), located at an object and field. */
export interface PolicyViolation {
  /** Check id, e.g. `W6`. */
  readonly check: string;
  /** The object, as `Kind/namespace/name` (or `Kind/name` when cluster-scoped). */
  readonly object: string;
  /** Dotted path of the offending field, e.g. `spec.template.spec.containers[0].securityContext`. */
  readonly field: string;
  /** What is wrong and what is expected. */
  readonly message: string;
}
