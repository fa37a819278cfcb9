import * as fc from 'fast-check';
import { canonicalize, canonicalKeys } from '../../src/common/yaml-output';

/** The canonical key order as documented: apiVersion, kind, metadata first, then the rest by UTF-16 code unit (the default sort). */
function referenceOrder(keys: readonly string[]): string[] {
  const leading = ['apiVersion', 'kind', 'metadata'].filter((k) => keys.includes(k));
  return [...leading, ...keys.filter((k) => !leading.includes(k)).sort()];
}

describe('canonical key order', () => {
  const keyArb = fc.oneof(
    fc.constantFrom('apiVersion', 'kind', 'metadata', 'spec', 'status', 'data', 'Kind', 'a', 'B', '_', '0', '10', '9', 'é', '\u{1F600}', '\uFFFF', 'a b', ''),
    fc.string({ maxLength: 4 }),
    fc.string({ unit: 'binary', maxLength: 3 }),
  );

  test('small and large mappings, in any insertion order, come out leading keys first, then by code unit', () => {
    // Up to 40 keys: both the insertion sort of small mappings and the general sort of large ones.
    fc.assert(fc.property(fc.uniqueArray(keyArb, { maxLength: 40 }), (keys) => {
      const map: Record<string, unknown> = {};
      for (const k of keys) map[k] = 1;
      expect(canonicalKeys(map)).toEqual(referenceOrder(Object.keys(map)));
    }), { numRuns: 3000 });
  });

  test('canonicalize writes keys in that order at every depth, whatever the input order', () => {
    const reversed = { z: 1, metadata: { name: 'n', labels: { b: '2', a: '1' } }, kind: 'K', b: [{ y: 1, kind: 'x', apiVersion: 'v' }], apiVersion: 'v1' };
    const canonical = canonicalize(reversed) as Record<string, any>;
    expect(JSON.stringify(canonical)).toBe('{"apiVersion":"v1","kind":"K","metadata":{"labels":{"a":"1","b":"2"},"name":"n"},"b":[{"apiVersion":"v","kind":"x","y":1}],"z":1}');
  });
});
