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

/** `Kind/namespace/name` of a rendered object. */
export function objectRef(obj: any): string {
  const md = obj?.metadata ?? {};
  return md.namespace ? `${obj?.kind}/${md.namespace}/${md.name}` : `${obj?.kind}/${md.name}`;
}

/** Collects violations of one object. */
export class ViolationSink {
  public readonly violations: PolicyViolation[] = [];
  constructor(private readonly obj: any) {}

  /** Records a violation of `check` at `field`. */
  public add(check: string, field: string, message: string): void {
    this.violations.push({ check, object: objectRef(this.obj), field, message });
  }
}
