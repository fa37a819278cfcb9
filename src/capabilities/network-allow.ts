import { Construct } from 'constructs';
import { SyncWave, WorkloadLabels } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { workloadMetadata } from './object-metadata';

/** A port a {@link NetworkAllow} opens. */
export interface NetworkPort {
  /** Port number (1-65535). */
  readonly port: number;
  /**
   * `TCP`, `UDP` or `SCTP`.
   * @default "TCP"
   */
  readonly protocol?: string;
}

/** Label that every namespace carries (set by the API server): selects any namespace. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Props of {@link NetworkAllow}. */
export interface NetworkAllowProps extends WorkloadCapabilityProps {
  /** Name of the NetworkPolicy, e.g. `allow-prometheus`. */
  readonly name: string;
  /** `Ingress` (traffic to the selected pods) or `Egress` (traffic from them). */
  readonly direction: 'Ingress' | 'Egress';
  /** Ports opened. At least one. */
  readonly ports: NetworkPort[];
  /**
   * Pods the rule applies to.
   * @default - the workload's pods (its selector labels)
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Peer namespace, by name.
   * @default - no namespace restriction beyond the other peer fields
   */
  readonly peerNamespace?: string;
  /**
   * Peer is any namespace of the cluster (in-cluster callers). Ignored when `peerNamespace` is set.
   * @default false
   */
  readonly anyNamespace?: boolean;
  /**
   * Peer pods by label (in `peerNamespace`, or in the workload's namespace when none is given).
   * @default - every pod of the peer namespace
   */
  readonly peerPodLabels?: { [key: string]: string };
  /**
   * Peer addresses outside the cluster's pod network (e.g. the API server). Exclusive with the other peer fields.
   * @default - none
   */
  readonly peerCidr?: string;
  /**
   * `app.kubernetes.io/component` of the policy.
   * @default "network-policy"
   */
  readonly component?: string;
}

/**
 * One explicit allow on top of the default deny: a single-rule NetworkPolicy opening `ports` in one
 * direction between the selected pods and one peer. A rule without a peer would allow everyone, so
 * a peer is required.
 */
export class NetworkAllow extends Construct {
  /** The NetworkPolicy object. */
  public readonly object: ManifestObject;

  constructor(scope: Construct, id: string, props: NetworkAllowProps) {
    super(scope, id);
    const peer = peerOf(props);
    if (props.ports.length === 0) throw new Error(`NetworkAllow ${props.name}: no ports given; list the ports this allow opens`);
    for (const p of props.ports) {
      if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
        throw new Error(`NetworkAllow ${props.name}: port ${p.port} is outside 1-65535`);
      }
    }
    const ports = props.ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' }));
    const rule = props.direction === 'Ingress' ? { from: [peer], ports } : { to: [peer], ports };
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: workloadMetadata(props, props.name, props.component ?? 'network-policy', SyncWave.FOUNDATION),
      body: {
        spec: {
          podSelector: { matchLabels: props.podLabels ?? WorkloadLabels.selector(props.workload, props.environment) },
          policyTypes: [props.direction],
          [props.direction === 'Ingress' ? 'ingress' : 'egress']: [rule],
        },
      },
    });
  }
}

/** The single peer of an allow rule; throws when none is given. */
function peerOf(props: NetworkAllowProps): { [key: string]: any } {
  if (props.peerCidr !== undefined) {
    if (props.peerNamespace || props.anyNamespace || props.peerPodLabels) {
      throw new Error(`NetworkAllow ${props.name}: peerCidr cannot be combined with namespace or pod peers`);
    }
    return { ipBlock: { cidr: props.peerCidr } };
  }
  const peer: { [key: string]: any } = {};
  if (props.peerNamespace !== undefined) {
    peer.namespaceSelector = { matchLabels: { [NAMESPACE_NAME_LABEL]: props.peerNamespace } };
  } else if (props.anyNamespace) {
    peer.namespaceSelector = { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'Exists' }] };
  }
  if (props.peerPodLabels !== undefined && Object.keys(props.peerPodLabels).length > 0) {
    peer.podSelector = { matchLabels: props.peerPodLabels };
  }
  if (Object.keys(peer).length === 0) {
    throw new Error(`NetworkAllow ${props.name}: no peer given (peerNamespace, anyNamespace, peerPodLabels or peerCidr); a rule without a peer allows everyone`);
  }
  return peer;
}
