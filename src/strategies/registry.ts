import { Construct } from 'constructs';
import { HttpService } from './http-service';
import { ScheduledJob } from './scheduled-job';
import { StrategyProps } from './strategy-props';
import { Worker } from './worker';
import { Strategy } from '../contract/enums';

/**
 * Maps the contract's `strategy` to its construct. The enumeration is fixed: the contract already
 * rejected any other value, so an unknown one here is a programming error.
 */
export class StrategyRegistry {
  /** The strategies, in documentation order. */
  public static strategies(): Strategy[] {
    return [Strategy.HTTP_SERVICE, Strategy.WORKER, Strategy.SCHEDULED_JOB];
  }

  /** Name of the construct class that renders `strategy` (`HttpService`, `Worker`, `ScheduledJob`). */
  public static constructName(strategy: Strategy): string {
    switch (strategy) {
      case Strategy.HTTP_SERVICE: return 'HttpService';
      case Strategy.WORKER: return 'Worker';
      case Strategy.SCHEDULED_JOB: return 'ScheduledJob';
    }
    throw new Error(`unknown strategy "${String(strategy)}"; expected one of ${StrategyRegistry.strategies().join(', ')}`);
  }

  /** Creates the construct of `props.workload.strategy` under `scope`. */
  public static create(scope: Construct, id: string, props: StrategyProps): Construct {
    switch (props.workload.strategy) {
      case Strategy.HTTP_SERVICE: return new HttpService(scope, id, props);
      case Strategy.WORKER: return new Worker(scope, id, props);
      case Strategy.SCHEDULED_JOB: return new ScheduledJob(scope, id, props);
    }
    throw new Error(`unknown strategy "${String(props.workload.strategy)}"; expected one of ${StrategyRegistry.strategies().join(', ')}`);
  }

  private constructor() {}
}
