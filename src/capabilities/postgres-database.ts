import { Construct } from 'constructs';
import { SyncWave, WorkloadLabels } from './labels';
import { ManifestObject } from './manifest-object';
import { WorkloadCapabilityProps } from './meta';
import { POSTGRES_PORT, POSTGRES_STATUS_PORT, WorkloadNaming } from './naming';
import { NetworkAllow } from './network-allow';
import { RETAIN_DATA_ANNOTATIONS, workloadMetadata } from './object-metadata';
import { ANYWHERE_CIDRS, DEFAULT_DATABASE_OPERATOR_NAMESPACE } from '../contract/environment-spec';

/** Props of {@link PostgresDatabase}. */
export interface PostgresDatabaseProps extends WorkloadCapabilityProps {}

/** Label CloudNativePG puts on every pod of a Cluster. */
export const CNPG_CLUSTER_LABEL = 'cnpg.io/cluster';

/**
 * A CloudNativePG `Cluster` (postgresql.cnpg.io/v1) named `<service>-db`, with the environment's
 * instance count, storage by size, database `app` owned by `app`, and no superuser access. The
 * operator generates the `<service>-db-app` Secret the app reads through `secretKeyRef`s: no
 * secret value is ever rendered.
 *
 * Also opens the database's own flows on top of the workload's default deny: app → 5432, operator
 * namespace → 8000/5432, instance ↔ instance replication (more than one instance), and egress to
 * the Kubernetes API server (the instance manager watches its Cluster).
 */
export class PostgresDatabase extends Construct {
  /** The Cluster object. */
  public readonly object: ManifestObject;
  /** Labels of the database pods a NetworkPolicy can select them by. */
  public readonly podLabels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const { workload, environment } = props;
    if (!workload.capabilities.postgres || workload.databaseStorage === undefined) {
      throw new Error(`PostgresDatabase ${workload.service}: database is ${workload.database}; only database: postgres gets a Cluster`);
    }
    if (!Number.isInteger(environment.databaseInstances) || environment.databaseInstances < 1) {
      throw new Error(`PostgresDatabase ${workload.service}: environment ${environment.name} has databaseInstances ${environment.databaseInstances}; expected an integer ≥ 1`);
    }
    const apiServerCidr = environment.apiServerCidr;
    if (apiServerCidr === undefined || ANYWHERE_CIDRS.includes(apiServerCidr)) {
      throw new Error(`PostgresDatabase ${workload.service}: environment ${environment.name} has ${apiServerCidr === undefined ? 'no apiServerCidr' : `apiServerCidr ${apiServerCidr}`}; database pods may reach the Kubernetes API server only at its own address: set environments[].cluster.apiServerCidr in platform.yaml, e.g. 10.0.0.1/32`);
    }
    const naming = WorkloadNaming.of(workload, environment);
    this.podLabels = { [CNPG_CLUSTER_LABEL]: naming.databaseCluster };
    this.object = new ManifestObject(this, 'Resource', {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: workloadMetadata(props, naming.databaseCluster, 'database', SyncWave.FOUNDATION, { ...RETAIN_DATA_ANNOTATIONS }),
      body: {
        spec: {
          instances: environment.databaseInstances,
          primaryUpdateStrategy: 'unsupervised',
          enableSuperuserAccess: false,
          bootstrap: { initdb: { database: 'app', owner: 'app' } },
          storage: { size: workload.databaseStorage },
          resources: {
            requests: { cpu: workload.resources.cpuRequest, memory: workload.resources.memoryRequest },
            limits: { cpu: workload.resources.cpuLimit, memory: workload.resources.memoryLimit },
          },
          // Pods get the workload's part-of label (so the default deny selects them) but not its
          // name/instance labels (so the app's Service and policies never select them), nor
          // component/managed-by, which the operator sets on its own pods.
          inheritedMetadata: {
            labels: {
              'app.kubernetes.io/part-of': workload.service,
              'zave.dev/environment': environment.name,
              'zave.dev/strategy': workload.strategy,
            },
          },
        },
      },
    });
    const podLabels = this.podLabels;
    const component = 'database';
    new NetworkAllow(this, 'AllowApp', {
      workload,
      environment,
      podLabels,
      component,
      name: 'database-allow-app',
      direction: 'Ingress',
      peerPodLabels: WorkloadLabels.selector(workload, environment),
      ports: [{ port: POSTGRES_PORT }],
    });
    new NetworkAllow(this, 'AllowOperator', {
      workload,
      environment,
      podLabels,
      component,
      name: 'database-allow-operator',
      direction: 'Ingress',
      peerNamespace: environment.databaseOperatorNamespace ?? DEFAULT_DATABASE_OPERATOR_NAMESPACE,
      ports: [{ port: POSTGRES_STATUS_PORT }, { port: POSTGRES_PORT }],
    });
    if (environment.databaseInstances > 1) {
      const peers = [{ port: POSTGRES_STATUS_PORT }, { port: POSTGRES_PORT }];
      new NetworkAllow(this, 'AllowReplicationIn', {
        workload, environment, podLabels, component, name: 'database-allow-replication-in', direction: 'Ingress', peerPodLabels: this.podLabels, ports: peers,
      });
      new NetworkAllow(this, 'AllowReplicationOut', {
        workload, environment, podLabels, component, name: 'database-allow-replication-out', direction: 'Egress', peerPodLabels: this.podLabels, ports: peers,
      });
    }
    new NetworkAllow(this, 'AllowApiServer', {
      workload,
      environment,
      podLabels,
      component,
      name: 'database-allow-api-server',
      direction: 'Egress',
      peerCidr: apiServerCidr,
      ports: [{ port: 443 }, { port: 6443 }],
    });
  }
}
