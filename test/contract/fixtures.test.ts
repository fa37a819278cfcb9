import * as fs from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { IssueCode } from '../../src/contract/issue';
import { parseContractFile } from '../../src/contract/parse';
import { bufferIo } from '../common/buffer-io';

const ROOT = path.join(__dirname, '..', '..');
const INVALID = path.join(ROOT, 'test', 'fixtures', 'contracts', 'invalid');
const EXAMPLES = path.join(ROOT, 'examples', 'contracts');

interface Expected { code: string; path: string; line: number; column: number }
const expectations = JSON.parse(fs.readFileSync(path.join(INVALID, 'expectations.json'), 'utf8')) as Record<string, Expected[]>;
const fixtures = fs.readdirSync(INVALID).filter((f) => f.endsWith('.yaml')).sort();
const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const KNOWN_CODES = new Set<string>(Object.values(IssueCode));
const rel = (file: string) => path.relative(ROOT, path.join(INVALID, file));

describe('invalid contract fixtures', () => {
  test('every fixture has expectations and every expectation a fixture (at least 35)', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(35);
    expect(Object.keys(expectations).sort()).toEqual(fixtures);
  });

  test('the fixtures cover every stable issue code', () => {
    const covered = new Set(Object.values(expectations).flat().map((e) => e.code));
    covered.add(IssueCode.FILE_NOT_FOUND); // needs a missing path: test/cli/validate.test.ts
    covered.add(IssueCode.INVALID_VALUE); // fallback for zod checks contract v1 does not use
    expect([...covered].sort()).toEqual([...KNOWN_CODES].sort());
  });

  test.each(fixtures)('%s: parseContractFile reports exactly the expected issues', (file) => {
    const result = parseContractFile(path.join(INVALID, file), file);
    expect(result.contract).toBeUndefined();
    expect(result.issues.map((i) => ({ code: i.code, path: i.path, line: i.line, column: i.column }))).toEqual(expectations[file]);
    for (const issue of result.issues) {
      expect(KNOWN_CODES.has(issue.code)).toBe(true);
      expect(issue.file).toBe(file);
      expect(issue.message.length).toBeGreaterThan(10);
      expect(issue.hint).toEqual(expect.stringMatching(/^[^\n]{8,}$/)); // every issue comes with a fix
      expect(issue.hint).not.toMatch(/undefined|\[object/);
      expect(issue.message).not.toMatch(/undefined|\[object|\n/);
    }
  });

  test.each(fixtures)('%s: zave validate exits 1 with file:line:col and the field path', async (file) => {
    const io = bufferIo(ROOT);
    const code = await run(['validate', rel(file)], io);
    expect(code).toBe(1);
    expect(io.stdout()).toBe('');
    const text = io.stderr();
    for (const e of expectations[file]) {
      expect(text).toContain(`${rel(file)}:${e.line}:${e.column}${e.path ? ` ${e.path}:` : ''}`);
      expect(text).toContain(`[${e.code}]`);
    }
    expect(text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // never a stack trace
    expect(text).not.toMatch(/internal error/);
  });

  test.each(fixtures)('%s: zave validate --format json carries the codes and positions', async (file) => {
    const io = bufferIo(ROOT);
    expect(await run(['validate', rel(file), '--format', 'json'], io)).toBe(1);
    const report = JSON.parse(io.stdout()) as { ok: boolean; issues: Expected[] };
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => ({ code: i.code, path: i.path, line: i.line, column: i.column }))).toEqual(expectations[file]);
  });

  test('all fixtures in one run: every problem of every file is reported', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['validate', '--format', 'json', ...fixtures.map(rel)], io)).toBe(1);
    const report = JSON.parse(io.stdout()) as { issues: unknown[] };
    expect(report.issues).toHaveLength(Object.values(expectations).reduce((n, list) => n + list.length, 0));
  });
});

describe('valid examples', () => {
  test.each(examples)('%s: parses with no issues and zave validate exits 0', async (file) => {
    const result = parseContractFile(path.join(EXAMPLES, file), file);
    expect(result.issues).toEqual([]);
    const io = bufferIo(ROOT);
    expect(await run(['validate', path.join('examples', 'contracts', file)], io)).toBe(0);
    expect(io.stderr()).toBe('');
    expect(io.stdout()).toContain('valid');
  });
});
