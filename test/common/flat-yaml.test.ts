import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { readFlatMapping } from '../../src/common/flat-yaml';
import { readYamlInput } from '../../src/common/yaml-input';

/** The general reader's value, or undefined when it reports any issue. */
function general(input: string | Uint8Array): unknown {
  const read = readYamlInput(input, 'zave.yaml');
  return read.issues.length === 0 ? read.value : undefined;
}

/** Whenever the flat reader answers, the general reader reads the same value, keys in the same order. */
function agrees(input: string | Uint8Array): boolean {
  const flat = readFlatMapping(input);
  if (flat === undefined) return true;
  const value = general(input);
  return value !== undefined && JSON.stringify(flat) === JSON.stringify(value) && Object.getPrototypeOf(flat) === Object.getPrototypeOf(value);
}

describe('readFlatMapping', () => {
  test('reads the flat contracts people write, exactly as the general reader does', () => {
    const texts = [
      'service: svc-0003\nruntime: node\nschedule: "14 10 * * *"\ndatabase: postgres\nsize: small\n',
      '---\n# yaml-language-server: $schema=./node_modules/x/v1.json\n\napiVersion: zave.dev/v1\nservice: a\n',
      "service: 'quoted'\nschedule: 0 3 * * *\nsize:    large",
      'service: "  spaced # not a comment: \'x\' "\nexposure: \'"q"\'\nempty: ""\nalso: \'\'\n',
      'constructor: x\ntoString: y\nvalueOf: "1"\n',
    ];
    for (const text of texts) {
      expect(readFlatMapping(text)).toBeDefined();
      expect(readFlatMapping(Buffer.from(text, 'utf8'))).toBeDefined();
      expect(agrees(text)).toBe(true);
    }
    expect(readFlatMapping(texts[0])).toEqual({ service: 'svc-0003', runtime: 'node', schedule: '14 10 * * *', database: 'postgres', size: 'small' });
    expect(Object.keys(readFlatMapping('size: a\nservice: b\n')!)).toEqual(['size', 'service']);
  });

  test('reads bytes that are a view into a larger buffer (Buffer pool slices)', () => {
    const whole = Buffer.from('xxxxservice: a\nsize: small\nyyyy', 'latin1');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 4, whole.byteLength - 8);
    expect(readFlatMapping(view)).toEqual({ service: 'a', size: 'small' });
  });

  test.each([
    ['null', 'service: null\n'],
    ['Null', 'service: Null\n'],
    ['NULL', 'service: NULL\n'],
    ['true', 'service: true\n'],
    ['False', 'service: False\n'],
    ['tilde', 'service: ~\n'],
    ['leading zero', 'service: a\nsize: 010\n'],
    ['integer', 'service: 10\n'],
    ['float', 'service: 1.5\n'],
    ['exponent', 'service: 1e3\n'],
    ['hex', 'service: 0x1F\n'],
    ['infinity', 'service: .inf\n'],
    ['negative', 'service: -1\n'],
    ['escaped single quote', "service: 'a'' b'\n"],
    ['escaped double quote', 'service: "a\\"b"\n'],
    ['backslash escape', 'service: "a\\tb"\n'],
    ['anchor', 'service: &x b\n'],
    ['alias', 'service: a\nsize: *x\n'],
    ['tag', 'service: !!str b\n'],
    ['local tag', 'service: !Ref b\n'],
    ['duplicate key', 'service: a\nservice: b\n'],
    ['nested mapping', 'service: a\nsize:\n  x: y\n'],
    ['indented line', 'service: a\n  size: small\n'],
    ['flow mapping', 'service: {a: b}\n'],
    ['flow sequence', 'service: [a]\n'],
    ['block sequence', 'service:\n- a\n'],
    ['block scalar', 'service: |\n  a\n'],
    ['folded scalar', 'service: >\n  a\n'],
    ['trailing comment', 'service: a # c\n'],
    ['trailing space', 'service: a \n'],
    ['indented comment', 'service: a\n  # c\n'],
    ['empty value', 'service:\n'],
    ['empty value with space', 'service: \n'],
    ['no space after colon', 'service:a\n'],
    ['space before colon', 'service : a\n'],
    ['colon in plain value', 'service: a:b\n'],
    ['two spaces inside a plain value', 'schedule: 0  3 * * *\n'],
    ['value starting with *', 'schedule: */5 * * * *\n'],
    ['CRLF', 'service: a\r\nsize: small\r\n'],
    ['lone CR', 'service: a\rsize: small\n'],
    ['tab', 'service: a\n\tsize: small\n'],
    ['tab after colon', 'service:\ta\n'],
    ['non-ASCII', 'service: a\nsize: sm\u00e4ll\n'],
    ['non-ASCII comment', '# \u00e9\nservice: a\n'],
    ['control character', 'service: a\u0001\n'],
    ['NUL', 'service: a\u0000\n'],
    ['DEL', 'service: a\u007f\n'],
    ['byte-order mark', '\ufeffservice: a\n'],
    ['second document', 'service: a\n---\nservice: b\n'],
    ['document marker after a comment', '# c\n---\nservice: a\n'],
    ['document end marker', 'service: a\n...\n'],
    ['directive', '%YAML 1.1\n---\nservice: a\n'],
    ['merge key', '<<: a\nservice: b\n'],
    ['quoted key', '"service": a\n'],
    ['key with dash', 'my-key: a\n'],
    ['key with underscore', '__proto__: a\n'],
    ['key true', 'true: a\n'],
    ['key null', 'null: a\n'],
    ['uppercase first letter of key', 'Service: a\n'],
    ['complex key', '? a\n: b\n'],
    ['only comments', '# a\n# b\n'],
    ['only a document marker', '---\n'],
    ['empty', ''],
    ['blank line of spaces', 'service: a\n   \nsize: small\n'],
    ['key over 64 characters', `${'k'.repeat(65)}: a\n`],
  ])('%s: outside the subset', (_, text) => {
    expect(readFlatMapping(text)).toBeUndefined();
    expect(readFlatMapping(Buffer.from(text, 'utf8'))).toBeUndefined();
  });

  test('non-UTF-8 bytes are outside the subset', () => {
    expect(readFlatMapping(Buffer.from([0x61, 0x3a, 0x20, 0x62, 0xff, 0x0a]))).toBeUndefined();
    expect(readFlatMapping(Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0xa9, 0x0a]))).toBeUndefined();
  });

  test('input over the size cap is left to the general reader (which reports it)', () => {
    const text = `service: a\n# ${'x'.repeat(200)}\n`;
    expect(readFlatMapping(text, text.length)).toBeDefined();
    expect(readFlatMapping(text, text.length - 1)).toBeUndefined();
    expect(readFlatMapping(Buffer.from(text), text.length - 1)).toBeUndefined();
  });

  test('a 64-character key is in; the general reader agrees', () => {
    const text = `${'k'.repeat(64)}: a\n`;
    expect(readFlatMapping(text)).toEqual({ ['k'.repeat(64)]: 'a' });
    expect(agrees(text)).toBe(true);
  });

  test('every value the flat reader accepts the general reader reads the same (generated lines)', () => {
    const key = fc.oneof(
      fc.constantFrom('service', 'apiVersion', 'size', 'schedule', 'a', 'x1', 'null', 'True', 'y', 'on', 'no', 'constructor', 'toString', '__proto__', '<<', 'a b', 'my-key', '1', 'Service', 'k'.repeat(64), 'k'.repeat(65)),
      fc.stringMatching(/^[a-z][A-Za-z0-9]{0,5}$/),
    );
    const sep = fc.constantFrom(': ', ': ', ': ', ':  ', ':', ' : ', ':\t', ': \t');
    const value = fc.oneof(
      fc.constantFrom('svc-0003', 'zave.dev/v1', '0 3 * * *', '*/15 * * * *', '14 10 * * *', '1,2-5/3 * * * *', 'null', 'Null', 'NULL', 'nULL', '~', 'true', 'TRUE', 'tRUE', 'False',
        'yes', 'no', 'on', 'off', 'y', 'n', '010', '0o17', '0x1F', '1e3', '1.5', '.5', '5.', '1_000', '.inf', '-.inf', '.nan', '.NaN', '+1', '-1', '1 2', '2001-12-14', '2001-12-14 21:59:43.10 -5',
        '12:30', '1:2', 'a:b', 'a: b', 'a #b', 'a#b', '#a', '&x b', '*x', '!!str b', '!Ref b', '!!int 1', '[a]', '{a: b}', '|', '>', '-', '- a', '? a', '@a', '`a', '%a', 'a,b', 'a, b',
        '"a"', '""', '"a\\"b"', '"a\\tb"', '"a\\\\"', '"a\'b"', '"a #b"', '"a: b"', '"null"', '"1"', '"  x  "', "'a'", "''", "'a''b'", "'a\"b'", "'null'", "'a #b'", '"unclosed', "'unclosed",
        '"a" b', "'a' #c", 'a ', ' a', 'a  b', 'a - b', 'a -', 'a *', 'a &x', 'a !t', 'a\u00e9', '\u00e9'),
      fc.stringMatching(/^[A-Za-z0-9 ._/,*#:'"~!&|>-]{1,8}$/),
      fc.string({ maxLength: 6 }),
    );
    // Lines in the subset, so that most documents are: the flat reader has to answer for the property to say anything.
    const goodValue = fc.oneof(
      fc.constantFrom('svc-0003', 'zave.dev/v1', '0 3 * * *', '"14 10 * * *"', "'*/5 * * * *'", 'a - b', 'A', 'Yes', 'nullx', 'x.y/z', '1 2', '0 *', '""', "''"),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._/,*-]{0,6}( [A-Za-z0-9._/,*-]{1,3}){0,2}$/),
      fc.stringMatching(/^"[ -!#-[\]-~]{0,8}"$/),
      fc.stringMatching(/^'[ -&(-~]{0,8}'$/),
    );
    const goodLine = fc.tuple(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/), fc.constantFrom(': ', ':  '), goodValue).map(([k, s, v]) => `${k}${s}${v}`);
    const line = fc.oneof(
      { weight: 24, arbitrary: goodLine },
      { weight: 4, arbitrary: fc.tuple(key, sep, value).map(([k, s, v]) => `${k}${s}${v}`) },
      { weight: 1, arbitrary: fc.constantFrom('', '', '# comment', '#', '#: x', ' # indented', '   ', '---', '--- x', '...', '%YAML 1.1', '  nested: x', '- a', 'a', '\t', '\ufeff') },
    );
    const doc = fc.tuple(fc.boolean(), fc.array(line, { minLength: 0, maxLength: 6 }), fc.constantFrom('\n', '\n', '\n', '', '\n\n', '\r\n'))
      .map(([marker, lines, end]) => `${marker ? '---\n' : ''}${lines.join('\n')}${end}`);
    let accepted = 0;
    fc.assert(fc.property(doc, fc.boolean(), (text, asBytes) => {
      const input = asBytes ? Buffer.from(text, 'utf8') : text;
      if (readFlatMapping(input) !== undefined) accepted++;
      return agrees(input);
    }), { numRuns: 3000, seed: 20261125 });
    expect(accepted).toBeGreaterThan(500); // the property is not vacuous
  });

  test('agrees with YAML.parse under the options of the general reader for quoted and plain values of every printable character', () => {
    for (let c = 0x20; c < 0x7f; c++) {
      const ch = String.fromCharCode(c);
      for (const v of [`a${ch}b`, `${ch}a`, `a${ch}`, `"a${ch}b"`, `'a${ch}b'`, `0 ${ch}`]) {
        const text = `service: ${v}\n`;
        expect(agrees(text)).toBe(true);
        const flat = readFlatMapping(text);
        if (flat) expect(flat).toEqual(YAML.parse(text));
      }
    }
  });
});
