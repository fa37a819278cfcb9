import { checkIsolation } from './isolation-checks';
import { checkNetwork } from './network-checks';
import { checkOutput } from './output-checks';
import { checkIngress, checkService } from './service-checks';
import { objectRef, ViolationSink } from './sink';
import { PolicyViolation } from './violation';
import { checkDeployment, checkPodTemplate, podTemplatesOf } from './workload-checks';

/** The ids of the 36 checks of the security baseline, then tenant isolation (T1–T6) and data retention (R1). */
const CHECK_IDS = [
  ...Array.from({ length: 26 }, (_, i) => `W${i + 1}`), 'S1', 'S2', 'S3', 'I1', 'I2', 'I3', 'N1', 'N2', 'N3', 'G1',
  'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'R1',
];

/**
 * The platform's own checker for the security baseline and GitOps failure modes (36 checks:
 * W1–W26, S1–S3, I1–I3, N1–N3, G1), including a Pod Security Standards `restricted` checker for
 * every pod template, plus tenant isolation (T1 reserved namespaces, T2 name collisions, T3 tenant
 * AppProjects, T4 projects of Applications, T5 default deny of every pod, T6 narrow API server egress)
 * and data retention (R1 `Delete=false` on stateful objects). Run it over the complete object set of a
 * workload (and over the Argo CD objects of an environment): some checks look across objects.
 */
export class SecurityPolicy {
  /** The check ids, `W1` … `G1`, `T1` … `T6`, `R1`. */
  public static checkIds(): string[] {
    return [...CHECK_IDS];
  }

  /**
   * Checks `objects` (plain Kubernetes JSON). `highAvailability` adds the replica and spread
   * checks of W22 (set it outside dev). Returns the violations sorted by object, check and field;
   * empty when everything passes.
   */
  public static check(objects: any[], highAvailability?: boolean): PolicyViolation[] {
    const sinks = new Map<any, ViolationSink>();
    const sinkOf = (obj: any): ViolationSink => {
      let sink = sinks.get(obj);
      if (!sink) { sink = new ViolationSink(obj); sinks.set(obj, sink); }
      return sink;
    };
    for (const obj of objects) {
      const sink = sinkOf(obj);
      checkOutput(obj, objects, sink);
      if (obj.kind === 'Deployment') checkDeployment(obj, objects, highAvailability ?? false, sink);
      if (obj.kind === 'Service') checkService(obj, objects, sink);
      if (obj.kind === 'Ingress') checkIngress(obj, objects, sink);
    }
    for (const ref of podTemplatesOf(objects)) checkPodTemplate(ref, objects, sinkOf(ref.obj));
    checkNetwork(objects, sinkOf);
    checkIsolation(objects, sinkOf);
    const all: PolicyViolation[] = [];
    for (const sink of sinks.values()) all.push(...sink.violations);
    return all.sort((a, b) => cmp(a.object, b.object) || cmp(a.check, b.check) || cmp(a.field, b.field) || cmp(a.message, b.message));
  }

  /** One line per violation: `W6 Deployment/ns/name spec.template...: message`. */
  public static format(violations: PolicyViolation[]): string {
    return violations.map((v) => `${v.check} ${v.object} ${v.field}: ${v.message}`).join('\n');
  }

  /** `Kind/namespace/name` of an object, as violations name it. */
  public static objectRef(obj: any): string {
    return objectRef(obj);
  }

  private constructor() {}
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
