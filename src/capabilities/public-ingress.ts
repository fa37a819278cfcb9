import { Construct } from 'constructs';
import { SyncWave } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { HTTP_PORT_NAME, WorkloadNaming } from './naming';
import { workloadMetadata } from './object-metadata';

/** Props of {@link PublicIngress}. */
export interface PublicIngressProps extends WorkloadCapabilityProps {}

/**
 * The public entry of a public-http service: an Ingress on `<service>.<environment domain>` with an
 * explicit `ingressClassName`, TLS from cert-manager (`cert-manager.io/cluster-issuer`) and DNS from
 * external-dns (`external-dns.alpha.kubernetes.io/hostname`). The host derives only from the service
 * name and the environment.
 */
export class PublicIngress extends Construct {
  /** The Ingress object. */
  public readonly object: ManifestObject;
  /** The public host. */
  public readonly host: string;

  constructor(scope: Construct, id: string, props: PublicIngressProps) {
    super(scope, id);
    const { workload, environment } = props;
    if (!workload.capabilities.ingress) {
      throw new Error(`PublicIngress ${workload.service}: exposure is ${workload.exposure}; only public-http gets an Ingress`);
    }
    const naming = WorkloadNaming.of(workload, environment);
    this.host = naming.host;
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: workloadMetadata(props, naming.service, 'ingress', SyncWave.EXPOSURE, {
        'cert-manager.io/cluster-issuer': environment.clusterIssuer,
        'external-dns.alpha.kubernetes.io/hostname': naming.host,
      }),
      body: {
        spec: {
          ingressClassName: environment.ingressClass,
          tls: [{ hosts: [naming.host], secretName: naming.tlsSecret }],
          rules: [{
            host: naming.host,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: naming.service, port: { name: HTTP_PORT_NAME } } } }] },
          }],
        },
      },
    });
  }
}
