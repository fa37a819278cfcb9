import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { digest, pin, revision, stateEditCases } from './state-edits';
import { toYaml } from '../../../src/common/yaml-output';
import { environmentStateLacks, environmentStatePinned, environmentStateYaml, parseEnvironmentState, Release, Retention, spliceEnvironmentStateBytes } from '../../../src/gitops/state/environment-state';
import { parseCanonicalEnvironmentState } from '../../../src/gitops/state/environment-state-fast';
import { readRecordedReleases } from '../../../src/gitops/state/environment-state-lenient';
import { PLAIN_VERSION_SHAPE, PLAIN_WITH_COLONS_SHAPE, plainYamlString } from '../../../src/gitops/synth/fast-yaml';


function fleetReleases(n: number, pinned: boolean): Record<string, Release> {
  const out: Record<string, Release> = {};
  // Written in reverse order: the file is sorted whatever the input order.
  for (let i = n; i >= 1; i--) {
    out[`svc-${String(i).padStart(4, '0')}`] = {
      image: pinned ? digest(i) : `registry.example.com:5000/team/svc-${i}:dev-${i}`,
      contract: revision(i),
      ...(i % 3 === 0 ? {} : { platform: i % 2 ? '0.1.0' : '1.2.3-rc.1' }),
    };
  }
  return out;
}

const HEADER = ['# Promotion state, written by zave verbs (propose, promote, rollback).', '# yamllint disable rule:line-length', 'apiVersion: zave.dev/v1', 'kind: EnvironmentState'];
/** The line reader as the state reader calls it. */
const lineRead = (text: string) => parseCanonicalEnvironmentState(text, HEADER, (v) => plainYamlString(v) === v);

/** What the general YAML parser sees in a file: the reference the line reader must agree with. */
function generalReleases(text: string): Record<string, unknown> {
  return (YAML.parse(text) as { releases?: Record<string, unknown> }).releases ?? {};
}

/** Line edits of a file for the property tests below: swap, drop, duplicate, indent, rename a service, or set a value. */
type LineEdit = readonly [string, number, number];
function editLines(base: readonly string[], edits: readonly LineEdit[], values: readonly string[]): string {
  const lines = [...base];
  for (const [kind, a, b] of edits) {
    const i = a % lines.length;
    const j = b % lines.length;
    if (kind === 'swap') [lines[i], lines[j]] = [lines[j], lines[i]];
    else if (kind === 'drop') lines.splice(i, 1);
    else if (kind === 'dup') lines.splice(i, 0, lines[i]);
    else if (kind === 'indent') lines[i] = ` ${lines[i]}`;
    else if (kind === 'rename') lines[i] = lines[i].replace(/^ {2}[a-z-]+:$/, '  zz:');
    else lines[i] = lines[i].replace(/: .*$/, `: ${values[b % values.length]}`);
  }
  return lines.join('\n');
}

describe('environments/<env>.yaml: the canonical line reader agrees with the general YAML parser', () => {
  test.each([0, 1, 250])('a file zave wrote with %i releases reads back to exactly the releases written, in sorted order', (n) => {
    const releases = fleetReleases(n, true);
    const text = environmentStateYaml('prod', releases);
    const parsed = parseEnvironmentState(text, 'environments/prod.yaml', 'prod', true);
    expect(parsed.issues).toEqual([]);
    expect(parsed.state!.releases).toEqual(generalReleases(text));
    expect(Object.keys(parsed.state!.releases)).toEqual(Object.keys(releases).sort());
    expect(parsed.state!.images['svc-0001']).toBe(n > 0 ? digest(1) : undefined);
    expect(parsed.services).toEqual(Object.keys(releases).sort());
    // The line reader accepted it (the file is canonical), so no general parse was needed.
    expect(lineRead(text)).toBeDefined();
  });

  test('the writer is byte-identical to the shared serializer for every value shape (ports, digests, pre-release versions)', () => {
    const text = environmentStateYaml('dev', fleetReleases(40, false));
    expect(YAML.parse(text)).toEqual({ apiVersion: 'zave.dev/v1', kind: 'EnvironmentState', environment: 'dev', releases: generalReleases(text) });
    expect(text).toContain('    image: registry.example.com:5000/team/svc-1:dev-1\n');
    expect(text).toContain('    platform: 1.2.3-rc.1\n');
  });

  const canonical = environmentStateYaml('dev', { api: { image: 'ghcr.io/acme/api:1.0.0', contract: revision(1), platform: '0.1.0' }, web: { image: 'ghcr.io/acme/web:2.0.0', contract: revision(2), platform: '0.1.0' } });
  const variants: Array<[string, string]> = [
    ['a comment added by hand', canonical.replace('releases:\n', 'releases:\n  # pinned by hand\n')],
    ['a quoted image', canonical.replace('image: ghcr.io/acme/api:1.0.0', 'image: "ghcr.io/acme/api:1.0.0"')],
    ['fields in another order', canonical.replace(`    contract: ${revision(1)}\n    image: ghcr.io/acme/api:1.0.0\n`, `    image: ghcr.io/acme/api:1.0.0\n    contract: ${revision(1)}\n`)],
    ['services out of order', environmentStateYaml('dev', { web: { image: 'ghcr.io/acme/web:2.0.0' } }).replace('releases:\n', 'releases:\n  zed:\n    image: ghcr.io/acme/zed:1.0.0\n')],
    ['CRLF line ends', canonical.replace(/\n/g, '\r\n')],
    ['flow style', canonical.replace(/releases:[\s\S]*$/, 'releases: {api: {image: "ghcr.io/acme/api:1.0.0"}}\n')],
  ];
  test.each(variants)('a file with %s is not canonical and reads through the general parser with the same result', (_what, text) => {
    expect(lineRead(text)).toBeUndefined();
    const parsed = parseEnvironmentState(text, 'environments/dev.yaml', 'dev', false);
    expect(parsed.issues).toEqual([]);
    expect(parsed.state!.releases).toEqual(generalReleases(text.replace(/\r\n/g, '\n')));
  });

  test('problems in a canonical-looking file are still located by line and column (the general parser reports them)', () => {
    const duplicate = canonical.replace('  web:\n', '  api:\n');
    const dup = parseEnvironmentState(duplicate, 'environments/dev.yaml', 'dev', false);
    expect(dup.state).toBeUndefined();
    expect(dup.issues[0]).toMatchObject({ file: 'environments/dev.yaml', line: expect.any(Number) });

    const unknownField = canonical.replace('    platform: 0.1.0\n', '    platform: 0.1.0\n    owner: someone\n');
    const unknown = parseEnvironmentState(unknownField, 'environments/dev.yaml', 'dev', false);
    expect(unknown.state).toBeUndefined();
    expect(unknown.issues.map((i) => i.path)).toContain('releases.api.owner');

    const unpinned = parseEnvironmentState(canonical, 'environments/dev.yaml', 'dev', true);
    expect(unpinned.state).toBeUndefined();
    expect(unpinned.issues[0]).toMatchObject({ code: 'image-not-pinned', path: 'releases.api.image', line: 10 });

    const badRevision = parseEnvironmentState(canonical.replace(revision(1), 'sha256:abc'), 'environments/dev.yaml', 'dev', false);
    expect(badRevision.issues[0]).toMatchObject({ path: 'releases.api.contract', line: 9 });

    const wrongEnv = parseEnvironmentState(canonical, 'environments/staging.yaml', 'staging', false);
    expect(wrongEnv.issues[0]).toMatchObject({ path: 'environment', line: 6 });
  });

  test('locateImage of a file read by the line reader points at the service key', () => {
    const parsed = parseEnvironmentState(canonical, 'environments/dev.yaml', 'dev', false);
    expect(parsed.state).toBeDefined();
    expect(parsed.locateImage('web')).toEqual({ line: 12, column: 3 });
  });
});

describe('environments/<env>.yaml: the line writer equals the shared serializer', () => {
  const viaSerializer = (env: string, releases: Record<string, Release>) => {
    const sorted: Record<string, Release> = {};
    for (const s of Object.keys(releases).sort()) sorted[s] = releases[s];
    return `---\n# Promotion state, written by zave verbs (propose, promote, rollback).\n# yamllint disable rule:line-length\n${toYaml({ apiVersion: 'zave.dev/v1', kind: 'EnvironmentState', environment: env, releases: sorted })}`;
  };
  test('with retained data, alone or after releases, read back line by line', () => {
    for (const releases of [{}, fleetReleases(3, true)]) {
      const retained = { 'old-api': { database: true }, 'old-worker': { database: false } };
      const text = environmentStateYaml('prod', releases, retained);
      const sorted: Record<string, Release> = {};
      for (const k of Object.keys(releases).sort()) sorted[k] = (releases as Record<string, Release>)[k];
      expect(text).toBe(`---\n${HEADER.slice(0, 2).join('\n')}\n${toYaml({ apiVersion: 'zave.dev/v1', kind: 'EnvironmentState', environment: 'prod', releases: sorted, retained })}`);
      expect(text).toMatch(/\nretained:\n {2}old-api:\n {4}database: true\n {2}old-worker:\n {4}database: false\n$/);
      expect(lineRead(text)).toEqual({ environment: 'prod', releases: YAML.parse(text).releases ?? {}, retained });
      expect(parseEnvironmentState(text, 'environments/prod.yaml', 'prod', true).state!.retained).toEqual(retained);
    }
  });
  test.each<[string, string, Record<string, Release>]>([
    ['no releases', 'dev', {}],
    ['a fleet', 'prod', fleetReleases(30, true)],
    ['names YAML 1.1 reads as booleans (quoted)', 'dev', { no: { image: 'ghcr.io/a/no:1' }, on: { image: 'ghcr.io/a/on:1', platform: '0.1.0' } }],
    ['a numeric name and an environment named like a number', '1', { 123: { image: 'ghcr.io/a/b:1' } }],
    ['values that need quotes', 'dev', { api: { image: 'ghcr.io/a/b:1 #x' }, web: { image: '' } }],
  ])('for %s', (_what, env, releases) => {
    expect(environmentStateYaml(env, releases)).toBe(viaSerializer(env, releases));
  });
});

describe('environments/<env>.yaml: whatever the line reader accepts, the writer writes back byte for byte', () => {
  test('for canonical files with random edits (lines swapped, dropped, duplicated, re-indented, quoted, re-valued)', () => {
    const base = environmentStateYaml('dev', {
      'api': { image: 'ghcr.io/acme/api:1.0.0', contract: revision(1), platform: '0.1.0' },
      'api-db': { image: 'ghcr.io/acme/api-db:1', platform: '1.2.3-rc.1' },
      'web': { image: digest(3) },
    }, { ledger: { database: true }, mail: { database: false } }).split('\n');
    const edit = fc.oneof(
      fc.tuple(fc.constant('swap'), fc.nat(), fc.nat()),
      fc.tuple(fc.constant('drop'), fc.nat(), fc.nat()),
      fc.tuple(fc.constant('dup'), fc.nat(), fc.nat()),
      fc.tuple(fc.constant('indent'), fc.nat(), fc.nat()),
      fc.tuple(fc.constant('value'), fc.nat(), fc.nat()),
    );
    const values = ['', ' ', 'true', 'false', 'no', 'yes', '"x"', "'x'", 'a: b', 'x #y', '1.0', '0.1.0', 'sha256:abc', 'ghcr.io/a/b:1', 'api', 'zz', '~', 'null'];
    fc.assert(fc.property(fc.array(edit, { maxLength: 4 }), (edits) => {
      const text = editLines(base, edits, values);
      const parsed = lineRead(text);
      if (parsed) expect(environmentStateYaml(parsed.environment, parsed.releases as never, parsed.retained)).toBe(text);
    }), { numRuns: 3000 });
  });

  test('values of the shapes the reader takes as plain without asking are written plain by the serializer', () => {
    // The reader matches a pinned entry whose values have these shapes in one step, skipping plainYamlString.
    for (const shape of [PLAIN_WITH_COLONS_SHAPE, PLAIN_VERSION_SHAPE]) {
      fc.assert(fc.property(fc.stringMatching(new RegExp(`^${shape}$`)), (value) => {
        expect(plainYamlString(value)).toBe(value);
        expect(toYaml({ value })).toBe(`value: ${value}\n`);
      }), { numRuns: 2000 });
    }
    // Near misses the shapes refuse, so they go through plainYamlString (which refuses them too).
    for (const value of ['y:', ':1', 'a: b', '1:20', 'e:', '0.1', '1.2.3-', 'ghcr.io/a/b']) {
      expect(new RegExp(`^(?:${PLAIN_WITH_COLONS_SHAPE}|${PLAIN_VERSION_SHAPE})$`).test(value)).toBe(false);
    }
  });

  test('pinned entries of plain shapes and entries read value by value give the same value as the general parser', () => {
    const shaped = ['ghcr.io/acme/api:1.0.0', 'y:1', 'registry.example.com:5000/a/b@sha256:' + 'a'.repeat(64), revision(5)];
    const other = ['ghcr.io/acme/api', 'true', 'a:1 #x', '1:20', "'x:1'"];
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...shaped, ...other), fc.constantFrom(...shaped, ...other), fc.constantFrom('0.1.0', '1.2.3-rc.1', '1.0', 'x')), { minLength: 1, maxLength: 4 }),
      (entries) => {
        const body = entries.map(([contract, image, platform], i) => `  svc-${i}:\n    contract: ${contract}\n    image: ${image}\n    platform: ${platform}\n`).join('');
        const text = `---\n${HEADER.join('\n')}\nenvironment: dev\nreleases:\n${body}`;
        const read = lineRead(text);
        if (!read) return;
        expect(read.releases).toEqual(generalReleases(text));
        expect(environmentStateYaml('dev', read.releases as never)).toBe(text);
      }), { numRuns: 1000 });
  });
});

describe('environments/<env>.yaml: what a verb tells without parsing (nothing to migrate; no release of a service)', () => {
  const pinned = { image: digest(1), contract: revision(1), platform: '0.1.0' };
  test('files zave wrote: pinned only when every release has a contract and a platform', () => {
    expect(environmentStatePinned(environmentStateYaml('prod', fleetReleases(30, true)))).toBe(false); // every third has no platform
    expect(environmentStatePinned(environmentStateYaml('prod', { api: pinned, web: { ...pinned, image: digest(2) } }, { old: { database: true } }))).toBe(true);
    expect(environmentStatePinned(environmentStateYaml('prod', {}, { old: { database: false } }))).toBe(true);
    expect(environmentStatePinned(environmentStateYaml('prod', {}))).toBe(true);
    expect(environmentStatePinned(environmentStateYaml('prod', { api: { image: digest(1), platform: '0.1.0' } }))).toBe(false);
    expect(environmentStatePinned(environmentStateYaml('dev', { api: 'ghcr.io/acme/api:1' }))).toBe(false);
    // Before 0.1 (images:), a comment, a quoted value: read properly.
    expect(environmentStatePinned('apiVersion: zave.dev/v1\nkind: EnvironmentState\nenvironment: dev\nimages:\n  api: ghcr.io/acme/api:1\n')).toBe(false);
    const text = environmentStateYaml('prod', { api: pinned });
    expect(environmentStatePinned(`${text}# note\n`)).toBe(false);
    expect(environmentStatePinned(text.replace('platform: 0.1.0', "platform: '0.1.0'"))).toBe(true); // values are not its business
    expect(environmentStateLacks(text, 'api')).toBe(false);
    expect(environmentStateLacks(text, 'web')).toBe(true);
    expect(environmentStateLacks(environmentStateYaml('prod', {}, { api: { database: true } }), 'api')).toBe(true); // retained is not a release
    expect(environmentStateLacks(environmentStateYaml('dev', { api: 'ghcr.io/acme/api:1' }), 'web')).toBe(false); // not pinned: parse to know
    expect(environmentStateLacks(text, 'API')).toBe(false); // not a service name
  });

  test('for random edits of a file: whenever the strict reader accepts it, the quick answers are right', () => {
    const base = environmentStateYaml('dev', {
      'api': pinned,
      'api-db': { image: 'ghcr.io/acme/api-db:1', contract: revision(2), platform: '1.2.3-rc.1' },
      'web': { image: 'ghcr.io/acme/web:2', contract: revision(3), platform: '0.1.0' },
    }, { ledger: { database: true } }).split('\n');
    const edit = fc.tuple(fc.constantFrom('swap', 'drop', 'dup', 'indent', 'value', 'rename'), fc.nat(), fc.nat());
    const values = ['', 'true', '~', '"x"', 'x #y', '0.1.0', revision(4), 'ghcr.io/a/b:1', 'api', 'zz'];
    let accepted = 0;
    fc.assert(fc.property(fc.array(edit, { maxLength: 3 }), (edits) => {
      const text = editLines(base, edits, values);
      const parsed = parseEnvironmentState(text, 'environments/dev.yaml', 'dev', false);
      if (!parsed.state) return;
      accepted++;
      const releases = Object.values(parsed.state.releases);
      if (environmentStatePinned(text)) {
        expect(parsed.state.legacy).toBe(false);
        for (const r of releases) expect([typeof r.contract, typeof r.platform]).toEqual(['string', 'string']);
      }
      for (const service of ['api', 'api-db', 'web', 'zz', 'ledger']) {
        if (environmentStateLacks(text, service)) expect(parsed.state.releases[service]).toBeUndefined();
      }
    }), { numRuns: 2000 });
    expect(accepted).toBeGreaterThan(100);
  });

  test('the entry-by-entry test of "every release pinned" answers as one pattern over the whole body does', () => {
    // The definition, as one regular expression (what the reader used before it matched entry by entry).
    const body = /^(?:releases:\n(?: {2}[a-z0-9][a-z0-9-]*:\n {4}contract: [^\n]*\n {4}image: [^\n]*\n {4}platform: [^\n]*\n)+)?(?:retained:\n(?: {2}[a-z0-9][a-z0-9-]*:\n {4}database: (?:true|false)\n)+)?$/;
    const byDefinition = (text: string) => {
      const prefix = `---\n${HEADER.join('\n')}\nenvironment: `;
      const eol = text.startsWith(prefix) ? text.indexOf('\n', prefix.length) : -1;
      return eol >= 0 && body.test(text.slice(eol + 1));
    };
    const base = environmentStateYaml('dev', { api: pinned, web: { ...pinned, image: digest(3) } }, { ledger: { database: true } }).split('\n');
    const edit = fc.tuple(fc.constantFrom('swap', 'drop', 'dup', 'indent', 'value', 'rename'), fc.nat(), fc.nat());
    const values = ['', 'true', 'false', 'x', 'releases:', 'retained:', '  api:', revision(4)];
    let pinnedSeen = 0;
    fc.assert(fc.property(fc.array(edit, { maxLength: 4 }), (edits) => {
      const text = editLines(base, edits, values);
      expect(environmentStatePinned(text)).toBe(byDefinition(text));
      if (byDefinition(text)) pinnedSeen++;
    }), { numRuns: 3000 });
    expect(pinnedSeen).toBeGreaterThan(50);
    for (const text of ['', '---\n', environmentStateYaml('dev', {}), `${environmentStateYaml('dev', {})}releases:\n`, `${environmentStateYaml('dev', {})}retained:\n`]) {
      expect(environmentStatePinned(text)).toBe(byDefinition(text));
    }
  });
});

describe('environments/<env>.yaml: entries checked once are not trusted beyond what was checked', () => {
  test('a file read without the digest rule is still refused with it (tagged image outside the first environment)', () => {
    const text = environmentStateYaml('prod', fleetReleases(5, false));
    expect(parseEnvironmentState(text, 'environments/prod.yaml', 'prod', false).state).toBeDefined();
    const pinned = parseEnvironmentState(text, 'environments/prod.yaml', 'prod', true);
    expect(pinned.state).toBeUndefined();
    expect(pinned.issues[0]).toMatchObject({ code: 'image-not-pinned', path: 'releases.svc-0001.image' });
  });

  test('a file written from checked releases with one changed entry checks that entry again', () => {
    const read = parseEnvironmentState(environmentStateYaml('dev', fleetReleases(5, true)), 'environments/dev.yaml', 'dev', true).state!;
    const kept = { ...read.releases, 'svc-0003': { image: 'ghcr.io/acme/svc:latest', contract: revision(3) } };
    const back = parseEnvironmentState(environmentStateYaml('dev', kept), 'environments/dev.yaml', 'dev', false);
    expect(back.state).toBeUndefined();
    expect(back.issues[0]).toMatchObject({ code: 'image-not-pinned', path: 'releases.svc-0003.image' });
    // The unchanged entries are the very objects read before, and a valid change is accepted.
    const valid = parseEnvironmentState(environmentStateYaml('dev', { ...read.releases, 'svc-0003': { image: digest(33) } }), 'environments/dev.yaml', 'dev', true).state!;
    expect(valid.releases['svc-0001']).toBe(read.releases['svc-0001']);
    expect(valid.releases['svc-0003']).toEqual({ image: digest(33) });
  });
});

describe('environments/<env>.yaml: a verb edits the entries it changes in place (spliceEnvironmentStateBytes)', () => {
  /** The splice of a file's text, as its text. */
  const spliceText = (text: string, releases: ReadonlyMap<string, Release | null>, retained: ReadonlyMap<string, Retention | null>) =>
    spliceEnvironmentStateBytes(Buffer.from(text), releases, retained)?.toString('utf8');
  const names = ['api', 'api-db', 'billing', 'ledger', 'web', 'worker', 'zeta'];

  test('for random files and random edits, the spliced text is the whole file written again, and reads back to the edited value', () => {
    let spliced = 0;
    fc.assert(fc.property(stateEditCases(names), ({ text, releaseEdits, retainedEdits, want }) => {
      const bytes = spliceEnvironmentStateBytes(Buffer.from(text), releaseEdits, retainedEdits);
      const got = bytes?.toString('utf8');
      expect(got).toBeDefined();
      spliced++;
      expect(got).toBe(want);
      // The new text reads, line by line, to what the general parser reads from it.
      expect(lineRead(got!)).toEqual({ environment: 'prod', releases: generalReleases(want), retained: (YAML.parse(want) as { retained?: unknown }).retained ?? {} });
      // The bytes read back (from what the splice remembers) to what a fresh parse of the file reads.
      const fromBytes = parseEnvironmentState(bytes!, 'environments/prod.yaml', 'prod', true);
      expect(fromBytes.state).toEqual(parseEnvironmentState(want, 'environments/prod.yaml', 'prod', true).state);
      expect(fromBytes.state).toEqual(parseEnvironmentState(Buffer.from(want), 'environments/prod.yaml', 'prod', true).state);
    }), { numRuns: 500 });
    expect(spliced).toBe(500);
  });

  test('a verb reads a file, splices it and reads it back: the reread is what a fresh parse reads, its untouched entries the very objects read first', () => {
    const release = fc.oneof(fc.constant(null), fc.nat({ max: 40 }).map((i) => pin(i + 1)));
    const entries = <T>(value: fc.Arbitrary<T>) => fc.dictionary(fc.constantFrom(...names), value, { maxKeys: names.length });
    const scope = fc.option(fc.subarray(names), { nil: undefined });
    let derived = 0;
    fc.assert(fc.property(entries(release.filter((r) => r !== null)), entries(release), scope, fc.boolean(), fc.boolean(),
      (releases, releaseEdits, checked, firstPin, againPin) => {
        const text = environmentStateYaml('prod', releases as Record<string, Release>);
        // The verb's first read (as readReleases does it), its splice, and its reread with the edited services checked.
        const first = parseEnvironmentState(Buffer.from(text), 'environments/prod.yaml', 'prod', firstPin, checked ? new Set(checked) : undefined).state!;
        expect(first).toBeDefined();
        const bytes = spliceEnvironmentStateBytes(Buffer.from(text), new Map(Object.entries(releaseEdits)), new Map())!;
        const again = checked ? new Set([...checked, ...Object.keys(releaseEdits)]) : undefined;
        const reread = parseEnvironmentState(bytes, 'environments/prod.yaml', 'prod', againPin, again).state!;
        const fresh = parseEnvironmentState(bytes.toString('utf8'), 'environments/prod.yaml', 'prod', againPin).state!;
        expect(reread).toEqual(fresh);
        expect(Object.keys(reread.releases)).toEqual(Object.keys(fresh.releases));
        expect(Object.keys(reread.images)).toEqual(Object.keys(fresh.images));
        // Entries the splice did not touch stay the very objects the first read gave.
        for (const service of Object.keys(first.releases)) if (!(service in releaseEdits)) expect(reread.releases[service]).toBe(first.releases[service]);
        derived++;
      }), { numRuns: 500 });
    expect(derived).toBe(500);
  });

  test('the reread of a spliced file still refuses what it must: a tag where a digest is required, checked again under the stricter rule', () => {
    const tagged = (i: number): Release => ({ image: `ghcr.io/acme/svc-${i}:1.0.${i}`, contract: revision(i), platform: '0.1.0' });
    const text = environmentStateYaml('prod', { api: pin(1), web: tagged(2), zeta: pin(3) });
    // Read without the digest rule, web checked: accepted.
    expect(parseEnvironmentState(Buffer.from(text), 'environments/prod.yaml', 'prod', false, new Set(['web'])).state).toBeDefined();
    // api edited; the reread checks web under the digest rule it was not checked under, and refuses it.
    const bytes = spliceEnvironmentStateBytes(Buffer.from(text), new Map([['api', pin(9)]]), new Map())!;
    const reread = parseEnvironmentState(bytes, 'environments/prod.yaml', 'prod', true, new Set(['web', 'api']));
    expect(reread.state).toBeUndefined();
    expect(reread.issues[0]).toMatchObject({ code: 'image-not-pinned', path: 'releases.web.image' });
    // A tagged image spliced in where a digest is required is refused by the reread.
    const base = environmentStateYaml('prod', { api: pin(1), zeta: pin(3) });
    expect(parseEnvironmentState(Buffer.from(base), 'environments/prod.yaml', 'prod', true, new Set(['api'])).state).toBeDefined();
    const edited = spliceEnvironmentStateBytes(Buffer.from(base), new Map([['api', tagged(4)]]), new Map())!;
    const back = parseEnvironmentState(edited, 'environments/prod.yaml', 'prod', true, new Set(['api']));
    expect(back.state).toBeUndefined();
    expect(back.issues[0]).toMatchObject({ code: 'image-not-pinned', path: 'releases.api.image' });
  });

  test('a 5,000-release file: the edit touches its entry only, and an entry is inserted in order', () => {
    const fleet: Record<string, Release> = {};
    for (let i = 1; i <= 5000; i++) fleet[`svc-${String(i).padStart(4, '0')}`] = pin(i);
    const text = environmentStateYaml('prod', fleet);
    const without = { ...fleet };
    delete without['svc-2500'];
    const removed = spliceText(text, new Map([['svc-2500', null]]), new Map([['svc-2500', { database: true }]]));
    expect(removed).toBe(environmentStateYaml('prod', without, { 'svc-2500': { database: true } }));
    const inserted = spliceText(removed!, new Map([['svc-2500', pin(9)], ['svc-25000', pin(10)]]), new Map([['svc-2500', null]]));
    expect(inserted).toBe(environmentStateYaml('prod', { ...fleet, 'svc-2500': pin(9), 'svc-25000': pin(10) }));
  });

  test('whatever needs the whole file written is left to the writer: unpinned releases, a value written quoted, a hand-edited file', () => {
    const text = environmentStateYaml('prod', { api: pin(1) });
    expect(spliceText(environmentStateYaml('prod', { api: { image: digest(1) } }), new Map([['web', pin(2)]]), new Map())).toBeUndefined();
    expect(spliceText(text, new Map([['web', { image: digest(2) }]]), new Map())).toBeUndefined();
    expect(spliceText(text, new Map([['web', { ...pin(2), platform: '1.0' }]]), new Map())).toBeUndefined(); // 1.0 is written quoted
    expect(spliceText(text, new Map([['Web', pin(2)]]), new Map())).toBeUndefined();
    expect(spliceText(`${text}# a note\n`, new Map([['web', pin(2)]]), new Map())).toBeUndefined();
    expect(spliceText(text.replace('platform: 0.1.0', "platform: '0.1.0'"), new Map([['web', pin(2)]]), new Map())).toBeUndefined();
  });
});

describe('environments/<env>.yaml: a verb checks the releases it changes (checked), the others as the file has them', () => {
  const text = environmentStateYaml('prod', {
    api: { image: digest(1), contract: revision(1), platform: '0.1.0' },
    web: { image: 'ghcr.io/acme/web:latest', contract: revision(2), platform: '0.1.0' }, // tagged in prod: refused when checked
  });

  test('an entry outside the set is taken as written; in the set, or without a set, it is refused', () => {
    const partial = parseEnvironmentState(text, 'environments/prod.yaml', 'prod', true, new Set(['api']));
    expect(partial.state?.releases.web).toEqual({ image: 'ghcr.io/acme/web:latest', contract: revision(2), platform: '0.1.0' });
    for (const checked of [new Set(['web']), undefined]) {
      const full = parseEnvironmentState(text, 'environments/prod.yaml', 'prod', true, checked);
      expect(full.state).toBeUndefined();
      expect(full.issues[0]).toMatchObject({ code: 'image-not-pinned', path: 'releases.web.image' });
    }
  });

  test('names are checked for every entry, and a file not in the canonical form is checked in full', () => {
    const badName = text.replace(/ {2}web:/, '  kube-system:');
    expect(parseEnvironmentState(badName, 'environments/prod.yaml', 'prod', false, new Set(['api'])).state).toBeUndefined();
    const handEdited = `${text}# a note\n`;
    expect(parseEnvironmentState(handEdited, 'environments/prod.yaml', 'prod', true, new Set(['api'])).issues[0]).toMatchObject({ code: 'image-not-pinned' });
  });
});

describe('readRecordedReleases: the lenient reader status uses for history and broken files', () => {
  test('a canonical file is read line by line to exactly the releases written', () => {
    const releases = fleetReleases(40, true);
    const recorded = readRecordedReleases(environmentStateYaml('prod', releases))!;
    expect(Object.keys(recorded)).toEqual(Object.keys(releases).sort());
    for (const [service, r] of Object.entries(releases)) expect(recorded[service]).toEqual(r);
  });

  test('files the strict reader refuses are still read: before 0.1, tagged images in prod, unknown fields; not YAML is undefined', () => {
    expect(readRecordedReleases('images:\n  a: r/a:1.0\n')).toEqual({ a: { image: 'r/a:1.0' } });
    const tagged = 'apiVersion: zave.dev/v1\nkind: EnvironmentState\nenvironment: prod\nreleases:\n  a: {image: "r/a:latest", contract: x, extra: 1}\n  b: r/b:2\n  c: {contract: y}\n';
    expect(parseEnvironmentState(tagged, 'environments/prod.yaml', 'prod', true).state).toBeUndefined();
    expect(readRecordedReleases(tagged)).toEqual({ a: { image: 'r/a:latest', contract: 'x' }, b: { image: 'r/b:2' } });
    expect(readRecordedReleases('releases: [')).toBeUndefined();
    expect(readRecordedReleases('')).toEqual({});
  });
});
