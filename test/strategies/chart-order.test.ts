import { App, Chart } from 'cdk8s';
import { combinations, DIGEST_IMAGE, ENVIRONMENTS, TAG_IMAGE, workloadFor } from './environments';
import { ManifestObject } from '../../src/capabilities/manifest-object';
import { canonicalize } from '../../src/common/yaml-output';
import { StrategyRegistry } from '../../src/strategies/registry';
import { chartJson, compareObjects, KubeObject, renderWorkload } from '../../src/strategies/render';

/** What renderWorkload returned before it took the objects in construct order: cdk8s's own chart.toJson(). */
function viaChartToJson(workload: ReturnType<typeof workloadFor>, env: (typeof ENVIRONMENTS)[number], image: string): KubeObject[] {
  const app = new App({ outdir: '.' });
  const chart = new Chart(app, workload.service, { disableResourceNameHashes: true });
  StrategyRegistry.create(chart, 'Workload', { workload, environment: env, image });
  return chart.toJson().map((o: unknown) => canonicalize(o) as KubeObject).sort(compareObjects);
}

describe('renderWorkload takes the objects in cdk8s dependency order', () => {
  const cases = combinations().flatMap((c) => ENVIRONMENTS.map((env) => ({ c, env, name: `${c.strategy} ${c.exposure} ${c.database} ${c.size} in ${env.name}` })));

  test.each(cases)('same objects, same order as chart.toJson(): $name', ({ c, env }) => {
    const workload = workloadFor(c);
    for (const image of [TAG_IMAGE, DIGEST_IMAGE]) {
      const objects = renderWorkload(workload, env, image);
      expect(objects.length).toBeGreaterThan(2);
      expect(JSON.stringify(objects)).toBe(JSON.stringify(viaChartToJson(workload, env, image)));
    }
  });

  test('construct validations fail the render as in chart.toJson()', () => {
    const app = new App({ outdir: '.' });
    const chart = new Chart(app, 'svc', { disableResourceNameHashes: true });
    new ManifestObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } }).node.addValidation({ validate: () => ['broken'] });
    expect(() => chartJson(app, chart)).toThrow('Validation failed with the following errors:\n  [svc/cm] broken');
    expect(() => chart.toJson()).toThrow('Validation failed with the following errors:\n  [svc/cm] broken');
  });

  test('a declared dependency goes through cdk8s ordering (the dependency first)', () => {
    const app = new App({ outdir: '.' });
    const chart = new Chart(app, 'svc', { disableResourceNameHashes: true });
    const first = new ManifestObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const second = new ManifestObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
    first.node.addDependency(second);
    const names = (objs: unknown[]) => objs.map((o) => (o as KubeObject).metadata.name);
    expect(names(chartJson(app, chart))).toEqual(['b', 'a']);
    expect(names(chartJson(app, chart))).toEqual(names(chart.toJson()));
  });
});
