import { isDeepStrictEqual } from 'util';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { readGeneratedDocuments, readRenderedDocuments } from '../../src/common/rendered-yaml';
import { toYaml } from '../../src/common/yaml-output';
import { manifestFile } from '../../src/gitops/synth/manifest-file';
import { renderWorkload } from '../../src/strategies/render';
import { forEveryExampleRender } from '../gitops/fixture';

/** What the general parser reads: its documents (empty ones left out) and whether it reported any error. */
function general(text: string): { docs: unknown[]; errors: boolean } {
  const all = YAML.parseAllDocuments(text);
  const list = Array.isArray(all) ? all : [];
  const errors = !Array.isArray(all) || list.some((d) => d.errors.length > 0);
  return { docs: list.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined), errors };
}

/** The fast reader either declines or reads exactly what the general parser reads, from text the general parser reads without error. */
function agrees(text: string): boolean {
  const fast = readGeneratedDocuments(text);
  if (fast === undefined) return true;
  const g = general(text);
  return !g.errors && isDeepStrictEqual(fast, g.docs);
}

const TRICKY = [
  '', ' ', 'yes', 'No', 'on', 'OFF', 'y', 'null', 'Null', '~', 'true', 'True', 'FALSE', '0755', '007', '1.0', '1.50', '-0', '-0.0', '+1', '10s', '1e3', '1E-3', '.5', '.inf', '-.Inf', '.nan',
  '0x1F', '0o17', '1_000', '1:20', '2024-01-01', '12345678901234567890', '5432', '-1', '0660b0a59514', '1.2.3', 'a: b', 'a:b', 'a:', ':a', 'x #y', 'x#y', '#x', '*', '&a', '!t', '"q', "'q",
  "it's", 'say "hi"', 'back\\slash', '-x', '--port=8080', '- x', '-', '.x', '@x', '[x', '{x', '}x', ']x', ',x', 'x,y', 'a]', '|x', '>x', '?x', '? x', '%x', '`x', '<<', '=', '(x)',
  'a\nb', 'line\n', 'trail ', ' lead', 'two  spaces', 'tab\there', 'cr\rx', '\u00e9', 'caf\u00e9: x', '\u00a0', '\u2028', '\ufeff', '\u{1F600}', '\u0085', '\u007f', '\u0001', '\ud800',
  'CreateNamespace=true', 'app.kubernetes.io/name', `ghcr.io/a/b@sha256:${'a'.repeat(64)}`, '__proto__', 'constructor', '---', '...', '--- x',
];

describe('the fast reader of rendered YAML agrees with the yaml package', () => {
  test('on every rendered file of the example contracts in every environment, which it reads without the full parser', () => {
    const files = forEveryExampleRender(renderWorkload, (objects) => {
      const text = manifestFile(objects as Record<string, unknown>[]);
      const fast = readGeneratedDocuments(text);
      expect(fast).toBeDefined();
      expect(fast).toEqual(general(text).docs);
      expect(fast!.length).toBe(objects.length);
    });
    expect(files).toBeGreaterThan(10);
  });

  test('on files the serializer writes from generated values (odd keys and strings, numbers as strings, empty maps and lists)', () => {
    // Mostly what manifests hold, and now and then anything (one odd scalar or key sends the whole file to the full parser).
    const scalarArb = fc.oneof(
      { arbitrary: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9.:/-]{0,12}$/), fc.integer(), fc.boolean(), fc.constant(null), fc.integer().map(String), fc.stringMatching(/^[a-z ,.:#'"-]{0,10}$/)), weight: 20 },
      { arbitrary: fc.oneof(fc.constantFrom(...TRICKY), fc.string(), fc.string({ unit: 'binary', maxLength: 6 }), fc.double(), fc.double().map(String)), weight: 1 },
    );
    const keyArb = fc.oneof(
      { arbitrary: fc.oneof(fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'app.kubernetes.io/name', 'podSelector', '1x', '-x', '.x'), fc.stringMatching(/^[a-z][a-z0-9./-]{0,8}$/)), weight: 20 },
      { arbitrary: fc.oneof(fc.constantFrom('a b', '1', 'x:y', 'E0', ...TRICKY), fc.string({ maxLength: 6 })), weight: 1 },
    );
    const valueArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalarArb, tie('map'), tie('list'), fc.constant({}), fc.constant([])),
      map: fc.dictionary(keyArb, tie('value'), { maxKeys: 5 }),
      list: fc.array(tie('value'), { maxLength: 4 }),
    })).map;
    const docArb = fc.dictionary(keyArb, valueArb, { minKeys: 1, maxKeys: 5 });
    let accepted = 0;
    let runs = 0;
    fc.assert(fc.property(fc.array(docArb, { minLength: 1, maxLength: 3 }), (docs) => {
      const text = `# header\n${docs.map((d) => `---\n# a comment\n${toYaml(d)}`).join('')}`;
      runs++;
      if (readGeneratedDocuments(text) !== undefined) accepted++;
      return agrees(text) && isDeepStrictEqual(readRenderedDocuments(text), general(text).docs);
    }), { numRuns: 600 });
    // Not vacuous: many generated files are read by the fast reader (a file with one odd scalar is declined whole).
    expect(accepted / runs).toBeGreaterThan(0.1);
  });

  test('on text put together from lines of any shape (indentation, items, keys, comments, markers), declining what it does not read', () => {
    const keyArb = fc.constantFrom('a', 'b', 'name', 'app.kubernetes.io/name', 'k8s-app', '_x', 'x.y/z', '"q k"', "'s k'", '"a\\"b"', 'True', 'null', '1', '-a', 'a b', '__proto__', 'é');
    const valueArb = fc.oneof(
      fc.constantFrom(...TRICKY.filter((t) => !/[\n\r]/.test(t))),
      fc.constantFrom('"a: b"', '"x #y"', "'it''s'", "''", '""', '"5432"', "'-1'", '"\\x41"', '"\\u00e9"', '"\\ud83d\\ude00"', '"a\\"b\\\\c\\n"', '"\\/"', '"\\e"', '"unterminated', "'x' y", '"x" # c',
        '{}', '[]', '{a: 1}', '[x]', '{ }', '&a x', '*a', '!!str 1', '|', '>-', 'x # c', 'a: b: c'),
      fc.string({ maxLength: 8 }),
    );
    const lineArb = fc.tuple(fc.constantFrom(0, 0, 2, 2, 4, 4, 6, 1, 3), fc.constantFrom('kv', 'kv', 'kv', 'k', 'k', 'item', 'item', 'itemkv', 'itemkv', 'itemk', 'dash', 'doc', 'comment', 'blank', 'raw'), keyArb, valueArb, fc.constantFrom('', '', '', ' ', '  '))
      .map(([indent, shape, key, value, trail]) => {
        const pad = ' '.repeat(indent);
        switch (shape) {
          case 'kv': return `${pad}${key}: ${value}${trail}`;
          case 'k': return `${pad}${key}:${trail}`;
          case 'item': return `${pad}- ${value}${trail}`;
          case 'itemkv': return `${pad}- ${key}: ${value}${trail}`;
          case 'itemk': return `${pad}- ${key}:`;
          case 'dash': return `${pad}-`;
          case 'doc': return '---';
          case 'comment': return `${pad}# ${value}`;
          case 'blank': return trail;
          default: return `${pad}${value}`;
        }
      });
    let accepted = 0;
    let runs = 0;
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, newlineAtEnd) => {
      const text = lines.join('\n') + (newlineAtEnd ? '\n' : '');
      runs++;
      if (readGeneratedDocuments(text) !== undefined) accepted++;
      return agrees(text);
    }), { numRuns: 5000 });
    // Not vacuous: about one text in twenty is read by the fast reader.
    expect(accepted / runs).toBeGreaterThan(0.03);
  });

  test('reads odd strings, numbers as strings and empty collections exactly as the yaml package', () => {
    const text = [
      '---', '# Kind ns/name', 'a: "it\'s: #x"', "b: 'say ''hi'' # not a comment'", 'c: "5432"', "c2: '-1'", 'd: x:y', 'e: a#b', "f: ''", 'g: ""', 'h: {}', 'i: []', 'j: -1', 'k: 1.5',
      'l: ~', 'm: null', 'n:', '"q k": 1', "'s k': 2", 'o: caf\u00e9', 'p: "\\u00e9\\"\\\\\\n"', 'r: --port=8080', 's: 0660b0a59514', 's2: 1.0.0', 's3: yes', 's4: Off', 's5: 10s', '1x: a', '-x: b', '.x: c', 't: x, y]', 'u:', '  - a: 1', '    b:', '    - x', '  - []', '  - {}', '  - "- x"',
      'v:', '- 1', '- -2', 'w: -0', '---', '---', '- top', '- level: seq',
    ].join('\n');
    const fast = readGeneratedDocuments(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(general(text).docs);
    expect(fast![0]).toMatchObject({ 'a': "it's: #x", 'b': "say 'hi' # not a comment", 'c': '5432', 'c2': '-1', 'd': 'x:y', 'f': '', 'h': {}, 'i': [], 'j': -1, 'n': null, 'q k': 1, 's k': 2, 's': '0660b0a59514', 's2': '1.0.0', 's3': 'yes', 's4': 'Off', 's5': '10s', '1x': 'a', '-x': 'b', '.x': 'c', 'u': [{ a: 1, b: ['x'] }, [], {}, '- x'], 'v': [1, -2] });
    expect(Object.is(fast![0].w, -0)).toBe(true);
    expect(fast![1]).toEqual(['top', { level: 'seq' }]);
  });

  test('declines what is outside the subset, and the full parser reads it instead (hand-edited files keep working)', () => {
    const outside = [
      'a: {b: 1}', 'a: [x]', 'a: |\n  x\n  y', 'a: >\n  x', 'a: &x 1\nb: *x', 'a: !!str 1', 'a: b # comment', 'a: "x" # comment', 'a: b: c', 'a: b:', 'a: #x', 'a: ,x', 'a: ]x', 'a: ?x', 'a: - x', 'a: -',
      'a:\n  - - x', 'a:\n  -\n    b: 1', 'a: x\n  y', 'a:\n  b: 1\n   c: 2', 'a: "\\x41"', 'a: "\\e"', 'a: 1\na: 2', '__proto__: 1', 'True: 1', 'null: 1', '1: a', 'a b: 1', 'a\t: 1', 'a: 1\r\n', '\ufeffa: 1',
      '%YAML 1.2\n---\na: 1', 'a: 1\n...\n', '--- a: 1', '? a\n: b', 'a: 0x1F', 'a: 1e3', 'a: .inf', '1: a', '1.5: a', '-1: a', '.inf: a', '0x1F: a', 'a: True', 'a: NULL', 'a: 007', 'a: 12345678901234567890', '  a: 1', 'a: "x\n  y"', 'a: \u0085',
      'a: \u2028', 'a: \u{1F600}', 'plain', '"just a string"',
    ];
    for (const text of outside) {
      expect({ text, fast: readGeneratedDocuments(text) }).toEqual({ text, fast: undefined });
      const g = general(text);
      if (!g.errors) expect(readRenderedDocuments(text)).toEqual(g.docs);
    }
    // What the general parser reads of two of them.
    expect(readRenderedDocuments('a: b # comment\nc: 0x1F\n')).toEqual([{ a: 'b', c: 31 }]);
    expect(readRenderedDocuments('a: x\n  y\n')).toEqual([{ a: 'x y' }]);
  });
});
