import { Construct } from 'constructs';
import { StrategyProps } from './strategy-props';
import { WorkloadNamespace } from '../capabilities/namespace';
import { NetworkIsolation } from '../capabilities/network-isolation';
import { PostgresDatabase } from '../capabilities/postgres-database';
import { WorkloadServiceAccount } from '../capabilities/service-account';

/** Props of {@link WorkloadFoundation}. */
export interface WorkloadFoundationProps extends StrategyProps {}

/**
 * What every strategy starts from: the workload's Namespace (PSS restricted), its ServiceAccount,
 * its network isolation, and its database when the contract asks for one.
 */
export class WorkloadFoundation extends Construct {
  /** The Namespace. */
  public readonly namespace: WorkloadNamespace;
  /** The ServiceAccount. */
  public readonly serviceAccount: WorkloadServiceAccount;
  /** The NetworkPolicies. */
  public readonly network: NetworkIsolation;
  /** The database, when `database: postgres`. */
  public readonly database?: PostgresDatabase;

  constructor(scope: Construct, id: string, props: WorkloadFoundationProps) {
    super(scope, id);
    const { workload, environment } = props;
    this.namespace = new WorkloadNamespace(this, 'Namespace', { workload, environment });
    this.serviceAccount = new WorkloadServiceAccount(this, 'ServiceAccount', { workload, environment });
    this.network = new NetworkIsolation(this, 'Network', { workload, environment });
    if (workload.capabilities.postgres) {
      this.database = new PostgresDatabase(this, 'Database', { workload, environment });
    }
  }
}
