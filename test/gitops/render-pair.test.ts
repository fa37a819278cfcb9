import * as fc from 'fast-check';
import { cleanup, exampleRepo } from './fixture';
import { canonicalize, toYaml } from '../../src/common/yaml-output';
import { loadGitOpsState } from '../../src/gitops/state/load';
import { libraryVersion } from '../../src/gitops/synth/fingerprint';
import { DEPLOY_HEADER, KIND_ORDER, objectComment } from '../../src/gitops/synth/manifest-file';
import { pairInput, planSynth } from '../../src/gitops/synth/plan';
import { pairFiles, renderPair, RenderedFile } from '../../src/gitops/synth/render-pair';
import { compareObjects, KubeObject, renderWorkload, renderWorkloadJson } from '../../src/strategies/render';

/*
 * renderPair writes cdk8s's objects in canonical form directly (fastYaml) instead of canonicalizing
 * them first. The reference below is the way it rendered before, from renderWorkload's canonical
 * objects, every document written by toYaml (the one serializer): files and errors must be identical.
 */

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const rank = (kind: string) => (KIND_ORDER.indexOf(kind) < 0 ? KIND_ORDER.length : KIND_ORDER.indexOf(kind));

function referenceText(objects: KubeObject[]): string {
  const sorted = [...objects].sort((x, y) => rank(x.kind) - rank(y.kind) || byCodeUnit(x.kind, y.kind)
    || byCodeUnit(x.metadata.namespace ?? '', y.metadata.namespace ?? '') || byCodeUnit(x.metadata.name, y.metadata.name));
  return `${DEPLOY_HEADER}\n${sorted.map((o) => `---\n${objectComment(o)}\n${toYaml(o)}`).join('')}`;
}

/** The files from canonical objects (renderWorkload's, sorted), as renderPair wrote them before. */
function referenceFiles(canonical: KubeObject[], service: string, serviceMonitors: boolean): RenderedFile[] {
  const seen = new Set<string>();
  const kept: KubeObject[] = [];
  for (const obj of canonical) {
    const kind = obj?.kind;
    const name = obj?.metadata?.name;
    if (typeof obj?.apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind) || typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
      throw new Error(`renderWorkload produced an object without a valid apiVersion, kind and metadata.name: ${JSON.stringify({ apiVersion: obj?.apiVersion, kind, name })}`);
    }
    if (!serviceMonitors && (kind === 'ServiceMonitor' || kind === 'PodMonitor')) continue;
    const key = `${kind}/${obj.metadata?.namespace ?? ''}/${name}`;
    if (seen.has(key)) throw new Error(`renderWorkload produced two objects ${kind} ${name}`);
    seen.add(key);
    kept.push(obj);
  }
  return [
    { name: `${service}.yaml`, content: referenceText(kept.filter((o) => o.kind !== 'Namespace')) },
    { name: `${service}.namespace.yaml`, content: referenceText(kept.filter((o) => o.kind === 'Namespace')) },
  ];
}

/** What a call returns, or the message it throws. */
function outcome<T>(f: () => T): T | { thrown: string } {
  try {
    return f();
  } catch (e) {
    return { thrown: (e as Error).message };
  }
}

describe('renderPair writes exactly the files the canonical objects give', () => {
  test('for every example workload in every environment, with and without service monitors', () => {
    const dir = exampleRepo();
    try {
      const state = loadGitOpsState(dir).state!;
      const pairs = planSynth(state, { version: libraryVersion(), fingerprint: 'test' }).flatMap((e) => e.pairs);
      expect(pairs.length).toBeGreaterThan(5);
      for (const pair of pairs) {
        const input = pairInput(pair, state);
        const canonical = renderWorkload(input.workload, input.environment, input.image);
        for (const serviceMonitors of [true, false]) {
          const files = renderPair({ ...input, capabilities: { ...input.capabilities, serviceMonitors } });
          expect(files).toEqual(referenceFiles(canonical, input.workload.service, serviceMonitors));
          expect(files[0].content).toMatch(/\n---\n# (Deployment|CronJob) /);
        }
        // cdk8s's objects are not canonical as they come (keys unsorted), so the direct path is what is tested.
        const json = renderWorkloadJson(input.workload, input.environment, input.image);
        expect(json.map((o) => JSON.stringify(o))).not.toEqual(json.map((o) => JSON.stringify(canonicalize(o))));
      }
    } finally {
      cleanup(dir);
    }
  });

  test('for generated objects: unsorted keys, empty entries, odd identities, duplicates and invalid names', () => {
    const word = fc.constantFrom('a', 'b', 'svc', 'web', 'x.y', 'A', '', 'yes', 'Deployment', 'Namespace', 'ServiceMonitor', 'Service', 'ConfigMap', 'Zeta');
    const leaf = fc.oneof(word, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const body: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('map'), tie('list')),
      map: fc.dictionary(fc.constantFrom('spec', 'data', 'apiVersion', 'kind', 'metadata', 'labels', 'b', 'a', 'podSelector', 'ports', 'z'), tie('value'), { maxKeys: 4 }),
      list: fc.array(tie('value'), { maxLength: 3 }),
    })).value;
    const identity = fc.oneof(word, fc.constant(undefined), fc.constant({}), fc.constant([]), fc.integer());
    const object = fc.record({
      body: fc.dictionary(fc.constantFrom('spec', 'data', 'zz', 'aa', 'status'), body, { maxKeys: 3 }),
      apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1'), identity),
      kind: fc.oneof(fc.constantFrom('Deployment', 'Namespace', 'Service', 'ServiceMonitor', 'ConfigMap', 'Widget'), identity),
      name: fc.oneof(fc.constantFrom('svc', 'web', 'db', 'a.b'), identity),
      namespace: fc.oneof(fc.constantFrom('svc', 'other', ''), identity),
      labels: fc.dictionary(fc.constantFrom('b', 'a', 'app.kubernetes.io/name'), fc.oneof(word, fc.constant(undefined)), { maxKeys: 3 }),
      reversed: fc.boolean(),
    }).map(({ body: b, apiVersion, kind, name, namespace, labels, reversed }) => {
      const metadata: Record<string, unknown> = reversed ? { labels, namespace, name } : { name, namespace, labels };
      if (namespace === undefined && reversed) delete metadata.namespace;
      const head = { apiVersion, kind, metadata };
      return reversed ? { ...b, ...head } : { ...head, ...b };
    });
    fc.assert(fc.property(fc.array(object, { maxLength: 5 }), fc.boolean(), (json, serviceMonitors) => {
      const canonical = outcome(() => json.map((o) => canonicalize(o) as KubeObject).sort(compareObjects));
      const want = 'thrown' in canonical ? canonical : outcome(() => referenceFiles(canonical, 'svc', serviceMonitors));
      expect(outcome(() => pairFiles(json, 'svc', { serviceMonitors }))).toEqual(want);
    }), { numRuns: 1500 });
  });
});
