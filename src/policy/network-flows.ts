import { selects } from './labels';
import { PodClass, podClassesOf } from './network-checks';

/**
 * The traffic a set of NetworkPolicies allows, as sorted lines, one per (pod class, direction,
 * peer, port):
 * `Deployment/ns/app ingress from namespace:monitoring TCP/9090`,
 * `Deployment/ns/app egress to Cluster/ns/app-db TCP/5432`.
 * Peers in the same namespace resolve to the rendered pod class they select (or `pods:{...}` when
 * they select none); other peers are `namespace:<name>`, `namespace:*` (any namespace),
 * `namespace:<name>/pods:{...}` or `cidr:<cidr>`. Tests compare this set with the flows the
 * contract implies, so an extra allow fails as surely as a missing one.
 */
export class NetworkFlows {
  /** Allowed flows of the rendered objects. */
  public static of(objects: any[]): string[] {
    const pods = podClassesOf(objects);
    const out = new Set<string>();
    for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
      const ns = np.metadata?.namespace;
      const targets = pods.filter((p) => p.namespace === ns && selects(np.spec?.podSelector, p.labels));
      for (const [dir, key, word] of [['ingress', 'from', 'from'], ['egress', 'to', 'to']] as const) {
        for (const rule of np.spec?.[dir] ?? []) {
          const peers = (rule[key] ?? [undefined]).flatMap((peer: any) => describePeer(peer, ns, pods));
          const ports = (rule.ports ?? [undefined]).map((p: any) => (p ? `${p.protocol ?? 'TCP'}/${p.port ?? '*'}` : 'any'));
          for (const t of targets) for (const peer of peers) for (const port of ports) out.add(`${t.owner} ${dir} ${word} ${peer} ${port}`);
        }
      }
    }
    return [...out].sort();
  }

  private constructor() {}
}

function describePeer(peer: any, ns: string, pods: PodClass[]): string[] {
  if (peer === undefined) return ['anywhere'];
  if (peer.ipBlock) return [`cidr:${peer.ipBlock.cidr}${peer.ipBlock.except ? ` except ${peer.ipBlock.except.join(',')}` : ''}`];
  const labels = (sel: any) => JSON.stringify(sel ?? {});
  if (peer.namespaceSelector) {
    const byName = peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'];
    const exprs = peer.namespaceSelector.matchExpressions ?? [];
    const anyNs = !byName && exprs.length === 1 && exprs[0].key === 'kubernetes.io/metadata.name' && exprs[0].operator === 'Exists'
      && Object.keys(peer.namespaceSelector.matchLabels ?? {}).length === 0;
    const nsText = byName ? `namespace:${byName}` : anyNs ? 'namespace:*' : `namespaces:${labels(peer.namespaceSelector)}`;
    return [peer.podSelector ? `${nsText}/pods:${labels(peer.podSelector)}` : nsText];
  }
  const matched = pods.filter((p) => p.namespace === ns && selects(peer.podSelector, p.labels)).map((p) => p.owner);
  return matched.length > 0 ? matched : [`pods:${labels(peer.podSelector)}`];
}
