import { PolicyViolation } from './violation';

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
