import { selects } from './labels';
import { objectRef, ViolationSink } from './sink';
import { podTemplatesOf } from './workload-checks';

/** A class of pods the rendered objects create: its owner and its labels. */
export interface PodClass {
  /** `Kind/namespace/name` of the owner. */
  readonly owner: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels the pods carry (at least). */
  readonly labels: { [key: string]: string };
}

/** Pods created by the rendered objects: workload pod templates and CloudNativePG instances. */
export function podClassesOf(objects: readonly any[]): PodClass[] {
  const out: PodClass[] = podTemplatesOf(objects).map((p) => ({
    owner: objectRef(p.obj), namespace: p.obj.metadata?.namespace, labels: p.template?.metadata?.labels ?? {},
  }));
  for (const o of objects) {
    if (o.apiVersion === 'postgresql.cnpg.io/v1' && o.kind === 'Cluster') {
      out.push({
        owner: objectRef(o),
        namespace: o.metadata?.namespace,
        labels: { ...(o.spec?.inheritedMetadata?.labels ?? {}), 'cnpg.io/cluster': o.metadata?.name },
      });
    }
  }
  return out;
}

/** True when `np` is a default deny: both policy types, no rules. */
export function isDefaultDeny(np: any): boolean {
  const types: string[] = np.spec?.policyTypes ?? [];
  return types.includes('Ingress') && types.includes('Egress') && !(np.spec?.ingress?.length) && !(np.spec?.egress?.length);
}

/** N1 (every pod selected, by a default deny), N2 (allows are explicit), N3 (no dangling policy). */
export function checkNetwork(objects: readonly any[], sinkOf: (obj: any) => ViolationSink): void {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const pods = podClassesOf(objects);
  for (const pod of pods) {
    const mine = policies.filter((np) => np.metadata?.namespace === pod.namespace && selects(np.spec?.podSelector, pod.labels));
    const owner = objects.find((o) => objectRef(o) === pod.owner);
    if (mine.length === 0) sinkOf(owner).add('N1', 'metadata.labels', `pods of ${pod.owner} are selected by no NetworkPolicy`);
    else if (!mine.some(isDefaultDeny)) sinkOf(owner).add('N2', 'metadata.labels', `pods of ${pod.owner} are not under a default deny (policyTypes [Ingress, Egress], no rules)`);
  }
  for (const np of policies) {
    const sink = sinkOf(np);
    const spec = np.spec ?? {};
    if (!spec.podSelector) {sink.add('N3', 'spec.podSelector', 'no podSelector');} else if (!pods.some((p) => p.namespace === np.metadata?.namespace && selects(spec.podSelector, p.labels))) {
      sink.add('N3', 'spec.podSelector', `podSelector ${JSON.stringify(spec.podSelector)} selects no rendered pod`);
    }
    const types: string[] = spec.policyTypes ?? [];
    if (types.length === 0) sink.add('N2', 'spec.policyTypes', 'policyTypes must be explicit');
    for (const [dir, key, peers] of [['ingress', 'Ingress', 'from'], ['egress', 'Egress', 'to']] as const) {
      (spec[dir] ?? []).forEach((rule: any, i: number) => {
        if (!types.includes(key)) sink.add('N2', `spec.${dir}`, `${dir} rules without ${key} in policyTypes`);
        if (!(rule[peers]?.length > 0)) sink.add('N2', `spec.${dir}[${i}].${peers}`, `${dir} rule without peers allows every ${dir === 'ingress' ? 'source' : 'destination'}`);
        if (!(rule.ports?.length > 0)) sink.add('N2', `spec.${dir}[${i}].ports`, `${dir} rule without ports allows every port`);
        (rule[peers] ?? []).forEach((peer: any, j: number) => {
          if (peer.ipBlock?.cidr === '0.0.0.0/0' && dir === 'ingress') sink.add('N2', `spec.${dir}[${i}].${peers}[${j}].ipBlock`, 'ingress from anywhere');
        });
      });
    }
  }
}
