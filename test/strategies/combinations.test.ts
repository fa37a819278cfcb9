import { combinations, DIGEST_IMAGE, ENVIRONMENTS, TAG_IMAGE, workloadFor } from './environments';
import { expectedFlows, expectedObjects } from './expectations';
import { toYamlStream } from '../../src/common/yaml-output';
import { NetworkFlows } from '../../src/policy/network-flows';
import { SecurityPolicy } from '../../src/policy/security-policy';
import { renderWorkload } from '../../src/strategies/render';
import { validateObject } from '../support/schemas/validate';

const cases = combinations().flatMap((c) => ENVIRONMENTS.map((env) => ({ c, env, name: `${c.strategy} ${c.exposure} ${c.database} ${c.size} in ${env.name}` })));

describe('every strategy x exposure x database x environment', () => {
  const validated: { [strategy: string]: number } = {};

  test('covers every strategy, exposure, database and environment', () => {
    expect(new Set(cases.map((k) => k.c.strategy))).toEqual(new Set(['http-service', 'worker', 'scheduled-job']));
    expect(new Set(cases.map((k) => k.c.exposure))).toEqual(new Set(['public-http', 'internal-http', 'none']));
    expect(new Set(cases.map((k) => k.c.database))).toEqual(new Set(['postgres', 'none']));
    expect(new Set(cases.map((k) => k.env.name))).toEqual(new Set(['dev', 'staging', 'prod']));
    expect(cases).toHaveLength(24);
  });

  test.each(cases)('$name', ({ c, env }) => {
    const workload = workloadFor(c);
    for (const image of [TAG_IMAGE, DIGEST_IMAGE]) {
      const objects = renderWorkload(workload, env, image);

      // The exact object set the contract implies, nothing more.
      expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(expectedObjects(c, workload.service, env));

      // Real schemas, plus unknown fields, names and ports.
      for (const obj of objects) {
        expect({ object: `${obj.kind}/${obj.metadata.name}`, problems: validateObject(obj) }).toEqual({ object: `${obj.kind}/${obj.metadata.name}`, problems: [] });
      }
      validated[c.strategy] = (validated[c.strategy] ?? 0) + objects.length;

      // The security baseline (36 checks, PSS restricted on every pod template).
      expect(SecurityPolicy.format(SecurityPolicy.check(objects, env.name !== 'dev'))).toBe('');

      // NetworkPolicies allow exactly the flows the contract implies.
      expect(NetworkFlows.of(objects)).toEqual(expectedFlows(c, workload.service, env));

      // Every object carries the standard labels; every selector is exactly {name, instance}.
      const selector = { 'app.kubernetes.io/name': workload.service, 'app.kubernetes.io/instance': `${workload.service}.${env.name}` };
      for (const obj of objects) {
        const labels = (obj.metadata as any).labels;
        expect(labels).toMatchObject({
          ...selector,
          'app.kubernetes.io/part-of': workload.service,
          'app.kubernetes.io/managed-by': 'zave',
          'zave.dev/strategy': c.strategy,
          'zave.dev/environment': env.name,
        });
        expect(typeof labels['app.kubernetes.io/component']).toBe('string');
        expect(obj.metadata.namespace ?? obj.metadata.name).toBe(workload.service);
      }
      for (const obj of objects.filter((o) => ['Deployment', 'PodDisruptionBudget', 'ServiceMonitor', 'PodMonitor'].includes(o.kind))) {
        expect((obj as any).spec.selector.matchLabels).toEqual(selector);
      }
      for (const obj of objects.filter((o) => o.kind === 'Service')) expect((obj as any).spec.selector).toEqual(selector);

      // Byte-identical across runs.
      expect(toYamlStream(renderWorkload(workload, env, image))).toBe(toYamlStream(objects));
    }
  });

  afterAll(() => {
    // The report of issue 3: schema-validated objects per strategy (two images per case).
    expect(Object.keys(validated).sort()).toEqual(['http-service', 'scheduled-job', 'worker']);
    process.stdout.write(`schema-validated objects per strategy: ${JSON.stringify(validated)}\n`);
  });
});
