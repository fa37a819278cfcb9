import * as fc from 'fast-check';
import { forEveryExampleRender } from './fixture';
import { toYaml } from '../../src/common/yaml-output';
import { kustomizationFile } from '../../src/gitops/synth/env-files';
import { fastYaml } from '../../src/gitops/synth/fast-yaml';
import { DEPLOY_HEADER } from '../../src/gitops/synth/manifest-file';
import { renderWorkload, renderWorkloadJson } from '../../src/strategies/render';

/** Calls `check` on every object `render` makes of the example contracts in every environment; returns how many. */
function forEveryExampleObject(render: (...args: Parameters<typeof renderWorkloadJson>) => readonly unknown[], check: (obj: unknown) => void): number {
  let count = 0;
  forEveryExampleRender(render, (objects) => {
    for (const obj of objects) check(obj);
    count += objects.length;
  });
  return count;
}

describe('fastYaml writes exactly what toYaml writes', () => {
  test('for every object rendered from the example contracts in every environment', () => {
    expect(forEveryExampleObject(renderWorkload, (obj) => expect(fastYaml(obj)).toBe(toYaml(obj)))).toBeGreaterThan(50);
  });

  test('for generated objects with awkward keys and scalars', () => {
    const tricky = fc.constantFrom('', ' ', 'yes', 'No', 'on', 'null', '~', '0755', '1.0', '10s', '2024-01-01', 'a: b', 'x #y', '*', '&a', '!t', '"q', "'q",
      'e5', 'E0', 'e-3', 'E+12', 'e', 'e5x', 'a\nb', 'line\n', '-x', '.x', '@x', '[x', '{x', '|x', '>x', '?x', 'CreateNamespace=true', 'app.kubernetes.io/name', 'ghcr.io/a/b@sha256:' + 'a'.repeat(64), 'é', '#x', '%x');
    const scalarArb = fc.oneof(tricky, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const keyArb = fc.oneof(fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'app.kubernetes.io/name', 'yes', 'a b', '1', 'x:y', '', 'E0', 'e-5'), fc.string({ maxLength: 6 }));
    const valueArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalarArb, tie('map'), tie('list')),
      map: fc.dictionary(keyArb, tie('value'), { maxKeys: 4 }),
      list: fc.array(tie('value'), { maxLength: 3 }),
    })).map;
    fc.assert(fc.property(valueArb, (obj) => fastYaml(obj) === toYaml(obj)), { numRuns: 2000 });
  });
});

describe('fastYaml writes the canonical form of values that are not canonical, exactly as toYaml', () => {
  test('for every object cdk8s renders from the example contracts, as it comes (keys unsorted, not canonicalized)', () => {
    expect(forEveryExampleObject(renderWorkloadJson, (obj) => expect(fastYaml(obj)).toBe(toYaml(obj)))).toBeGreaterThan(50);
  });

  test('for generated values with undefined entries, holes, empty collections at any depth and kept empty mappings', () => {
    class Box {
      constructor(readonly kind: unknown, readonly b: unknown) {}
    }
    const scalarArb = fc.oneof(fc.constantFrom('x', 'yes', '0755', 'a: b', 'a\nb', ''), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const keyArb = fc.constantFrom('apiVersion', 'kind', 'metadata', 'podSelector', 'spec', 'name', 'b', 'a', 'Z', '_x', '10', '9', 'a b', 'yes');
    const valueArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalarArb, tie('map'), tie('list'), tie('special')),
      map: fc.dictionary(keyArb, tie('value'), { maxKeys: 5 }),
      list: fc.array(tie('value'), { maxLength: 3 }),
      special: fc.oneof(
        fc.constant({}), fc.constant([]), fc.constant({ a: undefined }), fc.constant({ a: {} }), fc.constant([[]]), fc.constant([undefined]),
        fc.constant(new Date(0)), fc.constant([, 'x']), // eslint-disable-line no-sparse-arrays
        fc.constant(JSON.parse('{"__proto__": {"a": 1}, "b": 2}')),
        fc.tuple(tie('value'), tie('value')).map(([k, b]) => new Box(k, b)),
      ),
    })).map;
    fc.assert(fc.property(valueArb, (obj) => fastYaml(obj) === toYaml(obj)), { numRuns: 4000 });
    // The kept empty mapping, at the top and below, and what is dropped around it.
    const policy = { spec: { podSelector: {}, ingress: [{ from: [] }, {}], egress: [] }, kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', metadata: { name: 'deny', labels: {} } };
    expect(fastYaml(policy)).toBe(toYaml(policy));
    expect(fastYaml(policy)).toBe('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n');
    expect(fastYaml({ podSelector: { matchLabels: {} } })).toBe(toYaml({ podSelector: { matchLabels: {} } }));
    expect(fastYaml({ replicas: -0, list: [-0] })).toBe(toYaml({ replicas: -0, list: [-0] }));
    expect(fastYaml({ a: [{ podSelector: { x: undefined } }, { b: undefined }] })).toBe(toYaml({ a: [{ podSelector: { x: undefined } }, { b: undefined }] }));
  });
});

describe('fastYaml writes image references, URLs and versions plain, exactly as toYaml', () => {
  const chars = (set: string, max: number) => fc.array(fc.constantFrom(...set.split('')), { minLength: 1, maxLength: max }).map((a) => a.join(''));
  const plainChars = 'aZ09_./=,@+-:';
  test('for strings with colons between plain characters (image references, digests, URLs)', () => {
    const withColons = fc.tuple(fc.constantFrom('a', 'Z', 'y', 'n', 'o'), chars(plainChars, 12), fc.constantFrom('', ':', ':0', '://x')).map(([a, b, c]) => a + b + c);
    fc.assert(fc.property(withColons, (s) => fastYaml({ image: s }) === toYaml({ image: s })), { numRuns: 3000 });
  });
  test('for one-line text holding ": " (descriptions), written in double quotes', () => {
    const text = fc.tuple(chars(' aZ09:#\'"\\-*&!|>%@`,[]{}?~.', 10), fc.constantFrom(': ', ':  ', ' : '), chars(' aZ09:#\'"\\-*&!|>%@`,[]{}?~.', 10))
      .map(([a, b, c]) => a + b + c);
    fc.assert(fc.property(text, (s) => fastYaml({ description: s }) === toYaml({ description: s })), { numRuns: 5000 });
    expect(fastYaml({ description: 'ledger in dev: its own namespace only' })).toBe('description: "ledger in dev: its own namespace only"\n');
  });
  test('for release versions, including pre-release suffixes that look like numbers or dates', () => {
    const version = fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99), fc.option(chars('0123456789eE.-aZ', 8))).map(([a, b, c, pre]) => `${a}.${b}.${c}${pre === null ? '' : `-${pre}`}`);
    fc.assert(fc.property(version, (s) => fastYaml({ platform: s }) === toYaml({ platform: s })), { numRuns: 3000 });
  });
});

describe('kustomizationFile (written line by line for plain names)', () => {
  const serialized = (resources: string[]) => `${DEPLOY_HEADER}\n---\n${toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources })}`;

  test('equals the shared serializer for zave file names and for any other names', () => {
    expect(kustomizationFile(['api.yaml', 'api.namespace.yaml'])).toBe(serialized(['api.yaml', 'api.namespace.yaml']));
    expect(kustomizationFile(['api.yaml'])).toContain('resources:\n  - api.yaml\n');
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom('svc-1.yaml', 'yes', 'e5', 'a b', '0755', 'x: y', '-x'), fc.string({ maxLength: 8 })), { maxLength: 6 }), (names) => {
      expect(kustomizationFile(names)).toBe(serialized(names));
    }));
  });
});
