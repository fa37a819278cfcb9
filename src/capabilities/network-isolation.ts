import { Construct } from 'constructs';
import { LABEL_PART_OF, SyncWave } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { POSTGRES_PORT, WorkloadNaming } from './naming';
import { NetworkAllow } from './network-allow';
import { workloadMetadata } from './object-metadata';
import { Exposure } from '../contract/enums';
import { DEFAULT_INGRESS_NAMESPACE, DEFAULT_MONITORING_NAMESPACE } from '../contract/environment-spec';

/** Props of {@link NetworkIsolation}. */
export interface NetworkIsolationProps extends WorkloadCapabilityProps {}

/** Namespace of the cluster DNS. */
export const DNS_NAMESPACE = 'kube-system';
/** Pod labels of the cluster DNS. */
export const DNS_POD_LABELS: { readonly [key: string]: string } = { 'k8s-app': 'kube-dns' };

/**
 * Network isolation of a workload: a default deny in both directions for every pod of the namespace
 * (`podSelector: {}`: database pods and pods zave did not render included), DNS egress to kube-dns, and exactly the allows its contract implies:
 * ingress-controller namespace → HTTP port (public-http), any in-cluster caller → HTTP port
 * (internal-http), Prometheus → metrics port, app → its database. The database's own flows are
 * opened by {@link PostgresDatabase}.
 */
export class NetworkIsolation extends Construct {
  /** The default-deny NetworkPolicy. */
  public readonly defaultDeny: ManifestObject;

  constructor(scope: Construct, id: string, props: NetworkIsolationProps) {
    super(scope, id);
    const { workload, environment } = props;
    const naming = WorkloadNaming.of(workload, environment);
    const everyPod = { [LABEL_PART_OF]: workload.service };
    // `podSelector: {}` selects every pod of the namespace, including pods zave did not render
    // (an operator's job, a debug pod): nothing in the namespace talks unless an allow says so.
    this.defaultDeny = new ManifestObject(this, 'DefaultDeny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: workloadMetadata(props, 'default-deny', 'network-policy', SyncWave.FOUNDATION),
      body: { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    });
    new NetworkAllow(this, 'Dns', {
      workload,
      environment,
      name: 'allow-dns',
      direction: 'Egress',
      podLabels: everyPod,
      peerNamespace: DNS_NAMESPACE,
      peerPodLabels: { ...DNS_POD_LABELS },
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    });
    if (workload.httpPort !== undefined) {
      if (workload.exposure === Exposure.PUBLIC_HTTP) {
        new NetworkAllow(this, 'IngressController', {
          workload,
          environment,
          name: 'allow-ingress-controller',
          direction: 'Ingress',
          peerNamespace: environment.ingressNamespace ?? DEFAULT_INGRESS_NAMESPACE,
          ports: [{ port: workload.httpPort }],
        });
      } else if (workload.exposure === Exposure.INTERNAL_HTTP) {
        new NetworkAllow(this, 'InCluster', {
          workload,
          environment,
          name: 'allow-in-cluster',
          direction: 'Ingress',
          anyNamespace: true,
          ports: [{ port: workload.httpPort }],
        });
      }
    }
    new NetworkAllow(this, 'Prometheus', {
      workload,
      environment,
      name: 'allow-prometheus',
      direction: 'Ingress',
      peerNamespace: environment.monitoringNamespace ?? DEFAULT_MONITORING_NAMESPACE,
      ports: [{ port: workload.metricsPort }],
    });
    if (workload.capabilities.postgres) {
      new NetworkAllow(this, 'Database', {
        workload,
        environment,
        name: 'allow-database',
        direction: 'Egress',
        peerPodLabels: { 'cnpg.io/cluster': naming.databaseCluster },
        ports: [{ port: POSTGRES_PORT }],
      });
    }
  }
}
