/**
 * A platform team's own delivery strategy, built from the library's constructs and capabilities:
 * `queue-consumer`, a worker that consumes one RabbitMQ queue. On top of the stock `Worker` it
 * opens exactly one more flow (egress to the broker's AMQP port), tells the app which queue to
 * read, and labels everything with the custom strategy's name.
 *
 * Synthesize: `npx ts-node --transpile-only main.ts` in this folder (see README.md).
 */
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Contract, EnvironmentSpec, NetworkAllow, ResolvedWorkload, StrategyProps, Worker } from '../../src';

/** Props of {@link QueueConsumer}. */
export interface QueueConsumerProps extends StrategyProps {
  /** The queue the consumer reads. */
  readonly queue: string;
  /**
   * Namespace of the RabbitMQ broker.
   * @default "rabbitmq"
   */
  readonly brokerNamespace?: string;
  /**
   * AMQP port of the broker.
   * @default 5672
   */
  readonly brokerPort?: number;
}

/** Label every object of the custom strategy carries. */
export const CUSTOM_STRATEGY_LABEL = 'platform.example.com/strategy';

/** The `queue-consumer` strategy: a Worker plus broker egress and the queue name. */
export class QueueConsumer extends Construct {
  /** The stock worker it builds on. */
  public readonly worker: Worker;

  constructor(scope: Construct, id: string, props: QueueConsumerProps) {
    super(scope, id);
    const { workload, environment } = props;
    this.worker = new Worker(this, 'Worker', props);

    // One more allow on top of the default deny: egress to the broker pods' AMQP port.
    new NetworkAllow(this, 'Broker', {
      workload, environment, name: 'allow-broker', direction: 'Egress',
      peerNamespace: props.brokerNamespace ?? 'rabbitmq',
      peerPodLabels: { 'app.kubernetes.io/name': 'rabbitmq' },
      ports: [{ port: props.brokerPort ?? 5672 }],
    });

    // Tell the app which queue to read: a JSON patch on the stock Deployment.
    this.worker.deployment.object.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/env/-', { name: 'AMQP_QUEUE', value: props.queue }),
    );

    // Label everything this strategy renders.
    for (const child of this.node.findAll()) {
      if (child instanceof ApiObject) child.metadata.addLabel(CUSTOM_STRATEGY_LABEL, 'queue-consumer');
    }
  }
}

/** The platform team's environments (in a real app: read from platform.yaml). */
export const ENVIRONMENTS: EnvironmentSpec[] = [
  { name: 'dev', domain: 'dev.example.com', clusterName: 'dev', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-staging', minReplicas: 1, maxReplicas: 2, databaseInstances: 1, apiServerCidr: '10.0.0.1/32' },
  { name: 'prod', domain: 'example.com', clusterName: 'prod', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-prod', minReplicas: 2, maxReplicas: 6, databaseInstances: 3, apiServerCidr: '10.0.0.1/32' },
];

/** The tenant's contract: a worker with a database. */
export const WORKLOAD: ResolvedWorkload = Contract.load('service: invoice-consumer\nexposure: none\ndatabase: postgres\nsize: medium\n');

/** One small chart per environment (small charts keep synthesis fast). */
export function buildApp(image = 'registry.example.com/billing/invoice-consumer:2.3.0'): App {
  const app = new App();
  for (const environment of ENVIRONMENTS) {
    const chart = new Chart(app, `${WORKLOAD.service}-${environment.name}`, { disableResourceNameHashes: true });
    new QueueConsumer(chart, 'QueueConsumer', { workload: WORKLOAD, environment, image, queue: 'invoices' });
  }
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
