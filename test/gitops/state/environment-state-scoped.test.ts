import * as fc from 'fast-check';
import { digest, pin, revision, stateEditCases } from './state-edits';
import { environmentStateYaml, parseEnvironmentState, Release, Retention } from '../../../src/gitops/state/environment-state';
import { isPartialState, readScopedEnvironmentState, scopedLacksRelease, spliceScopedEnvironmentStateBytes } from '../../../src/gitops/state/environment-state-scoped';

const tagged = (i: number): Release => ({ image: `ghcr.io/acme/svc-${i}:1.0.${i}`, contract: revision(i), platform: '0.1.0' });
/** Names that are prefixes of one another and sort around each other (api < api-db < api-x < apis). */
const names = ['api', 'api-db', 'api-x', 'apis', 'billing', 'ledger', 'web', 'worker', 'zeta'];
const file = 'environments/prod.yaml';

describe('environments/<env>.yaml: a verb splices its services\' entries without reading the others (spliceScopedEnvironmentStateBytes)', () => {
  test('for random files and random edits, the splice is the whole file written again', () => {
    let spliced = 0;
    fc.assert(fc.property(stateEditCases(names), ({ text, releaseEdits, retainedEdits, want }) => {
      const bytes = spliceScopedEnvironmentStateBytes(Buffer.from(text), releaseEdits, retainedEdits);
      expect(bytes?.toString('utf8')).toBe(want);
      // Read back without a pass over it (its layout is carried from the splice): what a full read of the file gives.
      const back = readScopedEnvironmentState(bytes!, 'prod', true, new Set(names));
      const full = parseEnvironmentState(want, file, 'prod', true).state;
      expect(back).toEqual(full); // both undefined for a service both released and retained (the full reader says where)
      for (const s of names) if (full) expect(scopedLacksRelease(bytes!, s)).toBe(full.releases[s] === undefined);
      spliced++;
    }), { numRuns: 1500 });
    expect(spliced).toBe(1500);
  });

  test('a 5,000-release file: an entry removed and retained, then three inserted in order', () => {
    const fleet: Record<string, Release> = {};
    for (let i = 1; i <= 5000; i++) fleet[`svc-${String(i).padStart(4, '0')}`] = pin(i);
    const text = environmentStateYaml('prod', fleet);
    const without = { ...fleet };
    delete without['svc-2500'];
    const removed = spliceScopedEnvironmentStateBytes(Buffer.from(text), new Map([['svc-2500', null]]), new Map([['svc-2500', { database: true }]]))!;
    expect(removed.toString('utf8')).toBe(environmentStateYaml('prod', without, { 'svc-2500': { database: true } }));
    const inserted = spliceScopedEnvironmentStateBytes(removed, new Map([['svc-2500', pin(9)], ['svc-25000', pin(10)], ['svc-0000', pin(11)]]), new Map([['svc-2500', null]]))!;
    expect(inserted.toString('utf8')).toBe(environmentStateYaml('prod', { ...fleet, 'svc-2500': pin(9), 'svc-25000': pin(10), 'svc-0000': pin(11) }));
  });

  test('whatever needs the whole file is left to the writer: unpinned releases, a quoted value, a hand edit, an entry there twice', () => {
    const text = environmentStateYaml('prod', { api: pin(1), web: pin(2) });
    const splice = (t: string, releases: Map<string, Release | null>) => spliceScopedEnvironmentStateBytes(Buffer.from(t), releases, new Map())?.toString('utf8');
    expect(splice(environmentStateYaml('prod', { api: { image: digest(1) } }), new Map([['web', pin(2)]]))).toBeUndefined();
    expect(splice(text, new Map([['web', { image: digest(2) }]]))).toBeUndefined();
    expect(splice(text, new Map([['web', { ...pin(2), platform: '1.0' }]]))).toBeUndefined(); // 1.0 is written quoted
    expect(splice(text, new Map([['Web', pin(2)]]))).toBeUndefined();
    expect(splice(`${text}# a note\n`, new Map([['web', pin(3)]]))).toBeUndefined();
    const twice = text.replace(/ {2}web:\n(?: {4}.*\n){3}/, (m) => `${m}${m}`);
    expect(twice).not.toBe(text);
    expect(splice(twice, new Map([['web', pin(3)]]))).toBeUndefined();
    // Another entry there twice is not the verb's: its own edit is made.
    expect(splice(twice, new Map([['api', pin(4)]]))).toBe(twice.replace(`image: ${digest(1)}`, `image: ${digest(4)}`).replace(`contract: ${revision(1)}`, `contract: ${revision(4)}`));
  });
});

describe('environments/<env>.yaml: a verb reads its services\' entries without reading the others (readScopedEnvironmentState)', () => {
  test('for random files and random scopes, the partial state is the full state restricted to the services read', () => {
    const release = fc.nat({ max: 40 }).map((i) => pin(i + 1));
    const entries = <T>(value: fc.Arbitrary<T>) => fc.dictionary(fc.constantFrom(...names), value, { maxKeys: names.length });
    fc.assert(fc.property(entries(release), entries(fc.boolean()), fc.subarray(names, { minLength: 1 }), fc.boolean(), (releases, retainedFlags, scope, pinRequired) => {
      const retained: Record<string, Retention> = {};
      for (const [s, database] of Object.entries(retainedFlags)) if (releases[s] === undefined) retained[s] = { database };
      const text = environmentStateYaml('prod', releases, retained);
      const full = parseEnvironmentState(text, file, 'prod', pinRequired).state!;
      const partial = readScopedEnvironmentState(Buffer.from(text), 'prod', pinRequired, new Set(scope))!;
      expect(isPartialState(partial)).toBe(true);
      expect(isPartialState(full)).toBe(false);
      const only = <T>(r: Readonly<Record<string, T>>) => Object.fromEntries(Object.entries(r).filter(([s]) => scope.includes(s)));
      expect(partial).toEqual({ ...full, releases: only(full.releases), images: only(full.images), retained: only(full.retained) });
      expect(Object.keys(partial.releases)).toEqual(Object.keys(only(full.releases)));
    }), { numRuns: 1000 });
  });

  test('refuses what the full reader refuses for the services it checks, and leaves every other file to it', () => {
    const text = environmentStateYaml('prod', { api: pin(1), web: tagged(2) });
    const read = (t: string, services: string[], pinRequired = true, checked?: string[]) =>
      readScopedEnvironmentState(Buffer.from(t), 'prod', pinRequired, new Set(services), checked ? new Set(checked) : undefined);
    expect(read(text, ['api'])?.releases).toEqual({ api: pin(1) });
    expect(read(text, ['web'])).toBeUndefined(); // a tag where a digest is required
    expect(read(text, ['web'], false)?.releases.web).toEqual(tagged(2));
    // Read but not checked: taken as the file has it.
    expect(read(text, ['api', 'web'], true, ['api'])?.releases.web).toEqual(tagged(2));
    expect(read(text, ['ghost'])?.releases).toEqual({});
    expect(readScopedEnvironmentState(Buffer.from(text), 'dev', false, new Set(['api']))).toBeUndefined(); // another environment's file
    expect(read(`${text}# a note\n`, ['api'])).toBeUndefined();
    expect(read(environmentStateYaml('prod', { api: { image: digest(1) } }), ['api'])).toBeUndefined(); // before 0.1: not pinned
    expect(read(text.replace(`image: ${digest(1)}`, `image: '${digest(1)}'`), ['api'])).toBeUndefined(); // quoted by hand
    expect(read(text.replace(`contract: ${revision(1)}`, 'contract: sha256:0'), ['api'])).toBeUndefined(); // not a revision
    const twice = text.replace(/ {2}api:\n(?: {4}.*\n){3}/, (m) => `${m}${m}`);
    expect(read(twice, ['api'])).toBeUndefined();
    // Released and retained at once: the full reader says where.
    expect(read(`${text}retained:\n  api:\n    database: true\n`, ['api'])).toBeUndefined();
  });
});
