import { Chart } from 'cdk8s';
import { buildApp, CUSTOM_STRATEGY_LABEL, ENVIRONMENTS, WORKLOAD } from '../../examples/custom-strategy/main';
import { NetworkFlows } from '../../src/policy/network-flows';
import { SecurityPolicy } from '../../src/policy/security-policy';
import { renderWorkload } from '../../src/strategies/render';
import { validateObject } from '../support/schemas/validate';

const IMAGE = 'registry.example.com/billing/invoice-consumer:2.3.0';

describe('examples/custom-strategy (queue-consumer)', () => {
  const app = buildApp(IMAGE);
  const charts = app.node.children.filter((c): c is Chart => c instanceof Chart);

  test('one chart per environment', () => {
    expect(charts.map((c) => c.node.id)).toEqual(['invoice-consumer-dev', 'invoice-consumer-prod']);
  });

  test.each(ENVIRONMENTS.map((env, i) => [env.name, i] as const))('%s: valid, secure, and the broker flow is the only addition', (_name, i) => {
    const objects = charts[i].toJson();
    for (const obj of objects) expect(validateObject(obj)).toEqual([]);
    expect(SecurityPolicy.format(SecurityPolicy.check(objects, ENVIRONMENTS[i].minReplicas >= 2))).toBe('');
    for (const obj of objects) expect(obj.metadata.labels[CUSTOM_STRATEGY_LABEL]).toBe('queue-consumer');

    const stock = renderWorkload(WORKLOAD, ENVIRONMENTS[i], IMAGE);
    const stockFlows = new Set(NetworkFlows.of(stock));
    expect(NetworkFlows.of(objects).filter((f) => !stockFlows.has(f))).toEqual([
      'Deployment/invoice-consumer/invoice-consumer egress to namespace:rabbitmq/pods:{"matchLabels":{"app.kubernetes.io/name":"rabbitmq"}} TCP/5672',
    ]);
    const env = objects.find((o: any) => o.kind === 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'AMQP_QUEUE', value: 'invoices' });
  });
});
