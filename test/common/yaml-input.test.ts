import { firstInvalidUtf8, locate, readYamlInput, scalarSource } from '../../src/common/yaml-input';

describe('readYamlInput', () => {
  test('a byte-order mark and CRLF line ends keep positions right', () => {
    const input = readYamlInput(Buffer.from('\ufeffservice: a\r\nexposure: none\r\n', 'utf8'), 'z.yaml');
    expect(input.issues).toEqual([]);
    expect(input.value).toEqual({ service: 'a', exposure: 'none' });
    expect(locate(input, ['exposure'])).toEqual({ line: 2, column: 11 });
    expect(locate(input, ['exposure'], true)).toEqual({ line: 2, column: 1 });
    expect(locate(input, ['missing'])).toEqual({ line: 1, column: 1 });
  });

  test('scalarSource tells the text as written from the value read', () => {
    const input = readYamlInput('%YAML 1.1\n---\ndatabase: no\nsize: 0755\n', 'z.yaml');
    expect(input.value).toEqual({ database: false, size: 493 });
    expect(scalarSource(input, ['database'])).toBe('no');
    expect(scalarSource(input, ['size'])).toBe('0755');
  });

  test('the not-UTF-8 position counts characters, not bytes', () => {
    const input = readYamlInput(Buffer.concat([Buffer.from('service: a\n# é ü ', 'utf8'), Buffer.from([0xff])]), 'z.yaml');
    expect(input.issues).toEqual([expect.objectContaining({ code: 'not-utf8', line: 2, column: 7 })]);
  });

  test.each([
    [[0xc0, 0x80], 0], // overlong
    [[0xed, 0xa0, 0x80], 0], // surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
    [[0x61, 0xe2, 0x82], 1], // truncated
    [[0x61, 0xe2, 0x82, 0xac], undefined], // euro sign
  ])('firstInvalidUtf8(%j) is %j', (bytes, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
  });

  test('one anchor and one alias issue at most, however many a bomb has', () => {
    const bomb = 'a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n';
    expect(readYamlInput(bomb, 'z.yaml').issues.map((i) => i.code)).toEqual(['alias-not-allowed', 'alias-not-allowed']);
  });

  test('a key that is a list or mapping is refused before it becomes "[object]"', () => {
    const input = readYamlInput('? [a]\n: b\nservice: x\n', 'z.yaml');
    expect(input.issues).toEqual([expect.objectContaining({ code: 'unknown-field', line: 1, column: 3 })]);
    expect(input.value).toBeUndefined();
  });

  test('!!binary, !!set and !!timestamp are not plain values', () => {
    for (const tag of ['!!binary aGVsbG8=', '!!timestamp 2001-12-14', '!!str ok']) {
      const codes = readYamlInput(`service: ${tag}\n`, 'z.yaml').issues.map((i) => i.code);
      expect(codes).toEqual(tag.startsWith('!!str') ? [] : ['unknown-tag']);
    }
  });
});
