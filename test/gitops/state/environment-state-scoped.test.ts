import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { digest, pin, revision, stateEditCases } from './state-edits';
import { CANONICAL_HEADER, environmentStateYaml, parseEnvironmentState, readCanonicalEnvironmentState, Release, Retention } from '../../../src/gitops/state/environment-state';
import { parseCanonicalEnvironmentState } from '../../../src/gitops/state/environment-state-fast';
import { isPartialState, readScopedEnvironmentState, scopedLacksRelease, spliceScopedEnvironmentStateBytes } from '../../../src/gitops/state/environment-state-scoped';
import { plainYamlString } from '../../../src/gitops/synth/fast-yaml';

const tagged = (i: number): Release => ({ image: `ghcr.io/acme/svc-${i}:1.0.${i}`, contract: revision(i), platform: '0.1.0' });
/** Names that are prefixes of one another and sort around each other (api < api-db < api-x < apis). */
const names = ['api', 'api-db', 'api-x', 'apis', 'billing', 'ledger', 'web', 'worker', 'zeta'];
const file = 'environments/prod.yaml';
/** The line reader, unmemoized (what a fresh read of a text gives). */
const lineRead = (text: string) => parseCanonicalEnvironmentState(text, CANONICAL_HEADER, (v) => plainYamlString(v) === v);

describe('environments/<env>.yaml: a verb splices the entries it changes without reading the others (spliceScopedEnvironmentStateBytes)', () => {
  /** The splice of a file's text with some releases edited, as its text. */
  const splice = (t: string, releases: Map<string, Release | null>) => spliceScopedEnvironmentStateBytes(Buffer.from(t), releases, new Map())?.toString('utf8');
  // Over the names of the splice of whole-file values this one replaced (500 runs), and over names that are prefixes of one another.
  test.each<[string, readonly string[], number]>([
    ['seven names', ['api', 'api-db', 'billing', 'ledger', 'web', 'worker', 'zeta'], 500],
    ['names that are prefixes of one another', names, 1500],
  ])('for random files and random edits (%s), the splice is the whole file written again, and reads back to the edited value', (_what, over, runs) => {
    let spliced = 0;
    fc.assert(fc.property(stateEditCases(over), ({ text, releaseEdits, retainedEdits, want }) => {
      const bytes = spliceScopedEnvironmentStateBytes(Buffer.from(text), releaseEdits, retainedEdits);
      expect(bytes?.toString('utf8')).toBe(want);
      // The new text reads, line by line, to what the general parser reads from it.
      expect(lineRead(bytes!.toString('utf8'))).toEqual({ environment: 'prod', releases: (YAML.parse(want) as { releases?: unknown }).releases ?? {}, retained: (YAML.parse(want) as { retained?: unknown }).retained ?? {} });
      // Read back without a pass over it (its layout is carried from the splice): what a full read of the file gives.
      const back = readScopedEnvironmentState(bytes!, 'prod', true, new Set(over));
      const full = parseEnvironmentState(want, file, 'prod', true).state;
      expect(back).toEqual(full); // both undefined for a service both released and retained (the full reader says where)
      // Read back in full (a change of the whole fleet rereads so): what a fresh parse of the file reads, from text or bytes.
      expect(parseEnvironmentState(bytes!, file, 'prod', true).state).toEqual(full);
      expect(parseEnvironmentState(Buffer.from(want), file, 'prod', true).state).toEqual(full);
      for (const s of over) if (full) expect(scopedLacksRelease(bytes!, s)).toBe(full.releases[s] === undefined);
      spliced++;
    }), { numRuns: runs });
    expect(spliced).toBe(runs);
  });

  test('a verb reads a file in full, splices it and reads it back: the reread is what a fresh parse reads, its untouched entries those read first', () => {
    const over = ['api', 'api-db', 'billing', 'ledger', 'web', 'worker', 'zeta'];
    const release = fc.oneof(fc.constant(null), fc.nat({ max: 40 }).map((i) => pin(i + 1)));
    const entries = <T>(value: fc.Arbitrary<T>) => fc.dictionary(fc.constantFrom(...over), value, { maxKeys: over.length });
    const scope = fc.option(fc.subarray(over), { nil: undefined });
    let derived = 0;
    fc.assert(fc.property(entries(release.filter((r) => r !== null)), entries(release), scope, fc.boolean(), fc.boolean(),
      (releases, releaseEdits, checked, firstPin, againPin) => {
        const text = environmentStateYaml('prod', releases as Record<string, Release>);
        // The verb's first read (as readReleases does it when it reads the whole file), its splice, and its reread with the edited services checked.
        const first = parseEnvironmentState(Buffer.from(text), file, 'prod', firstPin, checked ? new Set(checked) : undefined).state!;
        expect(first).toBeDefined();
        // What the caller of a file read in full asks first: the file is in the form zave writes.
        expect(readCanonicalEnvironmentState(text)).toBeDefined();
        const bytes = spliceScopedEnvironmentStateBytes(Buffer.from(text), new Map(Object.entries(releaseEdits)), new Map())!;
        expect(bytes.toString('utf8')).toBe(environmentStateYaml('prod', Object.fromEntries(Object.entries({ ...releases, ...releaseEdits }).filter(([, r]) => r !== null)) as Record<string, Release>));
        const again = checked ? new Set([...checked, ...Object.keys(releaseEdits)]) : undefined;
        const reread = parseEnvironmentState(bytes, file, 'prod', againPin, again).state!;
        const fresh = parseEnvironmentState(bytes.toString('utf8'), file, 'prod', againPin).state!;
        expect(reread).toEqual(fresh);
        expect(Object.keys(reread.releases)).toEqual(Object.keys(fresh.releases));
        expect(Object.keys(reread.images)).toEqual(Object.keys(fresh.images));
        // Entries the splice did not touch read back as the first read gave them.
        for (const service of Object.keys(first.releases)) if (!(service in releaseEdits)) expect(reread.releases[service]).toEqual(first.releases[service]);
        derived++;
      }), { numRuns: 500 });
    expect(derived).toBe(500);
  });

  test('the reread of a spliced file still refuses what it must: a tag where a digest is required, checked again under the stricter rule', () => {
    const text = environmentStateYaml('prod', { api: pin(1), web: tagged(2), zeta: pin(3) });
    // Read without the digest rule, web checked: accepted.
    expect(parseEnvironmentState(Buffer.from(text), file, 'prod', false, new Set(['web'])).state).toBeDefined();
    // api edited; the reread checks web under the digest rule it was not checked under, and refuses it.
    const bytes = spliceScopedEnvironmentStateBytes(Buffer.from(text), new Map([['api', pin(9)]]), new Map())!;
    expect(bytes.toString('utf8')).toBe(environmentStateYaml('prod', { api: pin(9), web: tagged(2), zeta: pin(3) }));
    const reread = parseEnvironmentState(bytes, file, 'prod', true, new Set(['web', 'api']));
    expect(reread.state).toBeUndefined();
    expect(reread.issues[0]).toMatchObject({ code: 'image-not-pinned', path: 'releases.web.image' });
    expect(readScopedEnvironmentState(bytes, 'prod', true, new Set(['web', 'api']))).toBeUndefined();
    // A tagged image spliced in where a digest is required is refused by the reread.
    const base = environmentStateYaml('prod', { api: pin(1), zeta: pin(3) });
    expect(parseEnvironmentState(Buffer.from(base), file, 'prod', true, new Set(['api'])).state).toBeDefined();
    const edited = spliceScopedEnvironmentStateBytes(Buffer.from(base), new Map([['api', tagged(4)]]), new Map())!;
    expect(edited.toString('utf8')).toBe(environmentStateYaml('prod', { api: tagged(4), zeta: pin(3) }));
    const back = parseEnvironmentState(edited, file, 'prod', true, new Set(['api']));
    expect(back.state).toBeUndefined();
    expect(back.issues[0]).toMatchObject({ code: 'image-not-pinned', path: 'releases.api.image' });
    expect(readScopedEnvironmentState(edited, 'prod', true, new Set(['api']))).toBeUndefined();
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
    // Without the entry before the first: two inserted, one of them at the end.
    const two = spliceScopedEnvironmentStateBytes(removed, new Map([['svc-2500', pin(9)], ['svc-25000', pin(10)]]), new Map([['svc-2500', null]]))!;
    expect(two.toString('utf8')).toBe(environmentStateYaml('prod', { ...fleet, 'svc-2500': pin(9), 'svc-25000': pin(10) }));
  });

  test('whatever needs the whole file is left to the writer: unpinned releases, a quoted value, a hand edit, an entry there twice', () => {
    const text = environmentStateYaml('prod', { api: pin(1), web: pin(2) });
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
    // A file of one release with a note after it.
    const one = environmentStateYaml('prod', { api: pin(1) });
    expect(splice(`${one}# a note\n`, new Map([['web', pin(2)]]))).toBeUndefined();
  });

  test('a value quoted by hand is kept around a scoped edit; a verb that read the file in full writes it whole (it is not in the form zave writes)', () => {
    const one = environmentStateYaml('prod', { api: pin(1) });
    const quoted = one.replace('platform: 0.1.0', "platform: '0.1.0'");
    // The layout holds (values are not its business): a verb that read api's entry only splices web in and keeps the quotes.
    expect(splice(quoted, new Map([['web', pin(2)]]))).toBe(quoted.replace(/$/, `  web:\n    contract: ${revision(2)}\n    image: ${digest(2)}\n    platform: 0.1.0\n`));
    // A verb that read the whole file (splicedState) splices only what the canonical reader takes: this is written whole.
    expect(readCanonicalEnvironmentState(quoted)).toBeUndefined();
    expect(readCanonicalEnvironmentState(one)).toBeDefined();
    expect(parseEnvironmentState(quoted, file, 'prod', true).state!.releases).toEqual({ api: pin(1) });
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
