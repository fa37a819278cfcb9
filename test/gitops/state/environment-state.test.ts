import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { digest, revision } from './state-edits';
import { toYaml } from '../../../src/common/yaml-output';
import { environmentStatePinned, environmentStateYaml, parseEnvironmentState, Release } from '../../../src/gitops/state/environment-state';
import { parseCanonicalEnvironmentState } from '../../../src/gitops/state/environment-state-fast';
import { readRecordedReleases } from '../../../src/gitops/state/environment-state-lenient';
import { scopedLacksRelease } from '../../../src/gitops/state/environment-state-scoped';
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
  /** The test of "no release of a service" a verb asks (lacksRelease), on the file's bytes. */
  const lacks = (text: string, service: string) => scopedLacksRelease(Buffer.from(text), service);
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
    expect(lacks(text, 'api')).toBe(false);
    expect(lacks(text, 'web')).toBe(true);
    expect(lacks(environmentStateYaml('prod', {}, { api: { database: true } }), 'api')).toBe(true); // retained is not a release
    expect(lacks(environmentStateYaml('dev', { api: 'ghcr.io/acme/api:1' }), 'web')).toBe(false); // not pinned: parse to know
    expect(lacks(text, 'API')).toBe(false); // not a service name
    expect(lacks(text.replace('platform: 0.1.0', "platform: '0.1.0'"), 'web')).toBe(true); // values are not its business either
    expect(lacks(`${text}# note\n`, 'web')).toBe(false); // not the layout zave writes: parse to know
    expect(lacks(text.replace(/ {2}api:\n(?: {4}.*\n){3}/, (m) => `${m}${m}`), 'api')).toBe(false); // there twice: parse to know (and refuse)
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
        if (lacks(text, service)) expect(parsed.state.releases[service]).toBeUndefined();
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
