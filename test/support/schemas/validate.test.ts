import { knownKinds, validateObject } from './validate';
import { renderWorkload } from '../../../src/strategies/render';
import { combinations, PROD, TAG_IMAGE, workloadFor } from '../../strategies/environments';

const objects = renderWorkload(workloadFor(combinations()[0]), PROD, TAG_IMAGE);
const find = (kind: string) => JSON.parse(JSON.stringify(objects.find((o) => o.kind === kind)));

describe('validateObject', () => {
  test('accepts every rendered kind and knows the kinds it checks', () => {
    expect(knownKinds()).toContain('postgresql.cnpg.io/v1 Cluster');
    for (const obj of objects) expect(validateObject(obj)).toEqual([]);
  });

  test('reports a schema type error (kubernetes-models)', () => {
    const d = find('Deployment');
    d.spec.replicas = 'three';
    expect(validateObject(d).join('\n')).toMatch(/schema: .*replicas/);
  });

  test('reports unknown fields deep in a core object, but not keys of maps', () => {
    const d = find('Deployment');
    d.spec.template.spec.containers[0].securityContxt = { privileged: true };
    d.spec.template.metadata.labels['any.example/key'] = 'ok';
    expect(validateObject(d)).toEqual(['unknown field spec.template.spec.containers[0].securityContxt']);
  });

  test('reports unknown fields in prometheus-operator and CloudNativePG objects, metadata included', () => {
    const m = find('ServiceMonitor');
    m.spec.endpoints[0].intervall = '30s';
    expect(validateObject(m)).toEqual(['unknown field spec.endpoints[0].intervall']);
    const c = find('Cluster');
    c.spec.instance = 3;
    c.metadata.lables = {};
    expect(validateObject(c)).toEqual(expect.arrayContaining(['unknown field spec.instance', 'unknown field metadata.lables']));
  });

  test('reports CloudNativePG schema errors', () => {
    const c = find('Cluster');
    c.spec.instances = 0;
    expect(validateObject(c).join('\n')).toMatch(/schema: .*instances/);
  });

  test('reports invalid names, label values, port numbers and port names', () => {
    const s = find('Service');
    s.metadata.name = '1-service';
    s.spec.ports[0].port = 70000;
    s.spec.ports[1].name = 'metrics-port-too-long';
    s.metadata.labels['app.kubernetes.io/version'] = 'not valid!';
    expect(validateObject(s)).toEqual(expect.arrayContaining([
      'metadata.name "1-service" is not a DNS-1035 label',
      'spec.ports[0].port 70000 is outside 1-65535',
      expect.stringMatching(/^spec\.ports\[1\]\.name: port name "metrics-port-too-long"/),
      expect.stringMatching(/invalid label value "not valid!"/),
    ]));
  });

  test('refuses kinds it has no schema for', () => {
    expect(validateObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } })[0]).toMatch(/^no schema for v1 Secret/);
  });
});
