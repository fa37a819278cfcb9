/**
 * Namespaces a service can never take: a service name is also its Namespace, so a tenant called
 * `kube-system` would render a Namespace, pods and a default-deny NetworkPolicy into the cluster's own
 * system namespace. A semantic rule beyond the frozen JSON Schema (like the cron range check).
 */

/** Exact names Kubernetes, Argo CD and the common platform add-ons use for their own namespaces. */
export const RESERVED_NAMESPACES: readonly string[] = [
  // Kubernetes
  'default', 'kube-system', 'kube-public', 'kube-node-lease',
  // GitOps controllers
  'argocd', 'argo-cd', 'argo-rollouts', 'argo-workflows', 'flux-system',
  // ingress, certificates, DNS
  'ingress-nginx', 'cert-manager', 'external-dns', 'external-secrets', 'gateway-system', 'istio-system', 'linkerd', 'envoy-gateway-system',
  // observability
  'monitoring', 'prometheus', 'grafana', 'logging', 'observability', 'opentelemetry-operator-system',
  // database operator and storage
  'cnpg-system', 'longhorn-system', 'rook-ceph', 'velero',
  // networking and policy
  'calico-system', 'tigera-operator', 'cilium', 'metallb-system', 'gatekeeper-system', 'kyverno', 'local-path-storage',
  // the platform itself
  'zave', 'zave-system',
];

/** Prefixes reserved by Kubernetes and distributions (`kube-*`, `openshift-*`, ...). */
export const RESERVED_NAMESPACE_PREFIXES: readonly string[] = ['kube-', 'openshift-', 'k8s-', 'cattle-', 'gke-', 'aks-', 'eks-', 'zave-'];

/** Why `name` is reserved as a namespace, or undefined when a service may use it. */
export function reservedNamespaceReason(name: string): string | undefined {
  if (RESERVED_NAMESPACES.includes(name)) return `"${name}" is a namespace Kubernetes or a platform component uses`;
  const prefix = RESERVED_NAMESPACE_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `"${name}" starts with "${prefix}", a prefix Kubernetes or a platform distribution reserves for its own namespaces`;
  return undefined;
}
