import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { firstInvalidUtf8 } from '../../src/common/yaml-input';
import { ContractIssue, IssueCode } from '../../src/contract/issue';
import { parseContract } from '../../src/contract/parse';

const KNOWN_CODES = new Set<string>(Object.values(IssueCode));
const FIELDS = ['apiVersion', 'service', 'runtime', 'exposure', 'database', 'strategy', 'schedule', 'size'];

/** The parser never throws, and its result is either a contract with no issues or well-formed issues. */
function checkResult(input: string | Uint8Array): void {
  const result = parseContract(input, 'zave.yaml');
  if (result.contract) {
    expect(result.issues).toEqual([]);
    expect(typeof result.contract.service).toBe('string');
    return;
  }
  expect(result.issues.length).toBeGreaterThan(0);
  // Plain checks collected into one assertion: thousands of expect() calls would dominate the run time.
  expect(result.issues.filter((issue) => !wellFormed(issue))).toEqual([]);
}

function wellFormed(issue: ContractIssue): boolean {
  return KNOWN_CODES.has(issue.code)
    && issue.file === 'zave.yaml'
    && Number.isInteger(issue.line) && issue.line >= 1
    && Number.isInteger(issue.column) && issue.column >= 1
    && typeof issue.path === 'string'
    && typeof issue.message === 'string' && issue.message.length > 0
    && (issue.hint === undefined || (typeof issue.hint === 'string' && issue.hint.length > 0));
}

/** Small edits that turn valid YAML into the kind of text people actually type. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(':', '- ', '---\n', '&a ', '*a', '!Ref ', '\t', '"', "'", '[', '{', '}', '#', '\n', '  ', '%YAML 1.1\n', '? ', '|', '>', '<<: ', '\u00e9', '\ufeff', '\u0000') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
);

function mutate(text: string, edits: readonly { kind: string; at: number; text?: string; length?: number }[]): string {
  let out = text;
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    if (e.kind === 'insert') out = out.slice(0, at) + e.text + out.slice(at);
    else if (e.kind === 'delete') out = out.slice(0, at) + out.slice(at + (e.length ?? 1));
    else out = out.slice(0, at) + out.slice(at, at + (e.length ?? 1)) + out.slice(at);
  }
  return out;
}

/** A value that looks like a contract: real field names with arbitrary JSON values, plus noise. */
const contractLike = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })),
  fc.oneof(fc.constantFrom('node', 'public-http', 'none', 'postgres', 'worker', 'scheduled-job', '0 3 * * *', 'small', 'zave.dev/v1', 'payments-api'), fc.jsonValue({ maxDepth: 2 })),
  { maxKeys: 10 },
);

const RUNS = { numRuns: 250, seed: 20261125 };

describe('parseContract never throws (property-based)', () => {
  test('random byte strings', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkResult(bytes)), RUNS);
  });

  test('random unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => checkResult(text)), RUNS);
  });

  test('random JSON values written as YAML, then mutated', () => {
    fc.assert(fc.property(fc.oneof(contractLike, fc.jsonValue({ maxDepth: 3 })), fc.array(mutation, { maxLength: 4 }), (value, edits) => {
      const text = YAML.stringify(value);
      checkResult(text);
      checkResult(mutate(text, edits));
      checkResult(Buffer.from(mutate(text, edits), 'utf8'));
    }), RUNS);
  });

  test('the UTF-8 check agrees with the platform decoder', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        valid = false;
      }
      expect(firstInvalidUtf8(bytes) === undefined).toBe(valid);
    }), { numRuns: 2000, seed: 20261125 });
  });

  // No wall-clock bound here (a busy shared machine makes one flaky; speed is the bench's job): the test asserts
  // that each input is refused for the right reason, which means it was not expanded, and jest's timeout
  // below only guards against a hang (an expanded alias bomb is 9^9 nodes and would never finish).
  test('large hostile inputs are refused for the right reason: an alias bomb, 60 KiB of keys, 20,000 nested lists', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`), 'service: *i'].join('\n');
    const keys = Array.from({ length: 4000 }, (_, i) => `k${i}: v`).join('\n').slice(0, 60 * 1024);
    const deep = `service: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    const codes = (input: string) => {
      checkResult(input);
      return [...new Set(parseContract(input, 'zave.yaml').issues.map((i) => i.code))].sort();
    };
    expect(codes(bomb)).toEqual(['alias-not-allowed']);
    expect(codes(keys)).toEqual(['missing-field', 'unknown-field']);
    expect(parseContract(keys, 'zave.yaml').issues.filter((i) => i.code === 'unknown-field')).toHaveLength(keys.split('\n').length);
    expect(codes(deep)).toEqual(['yaml-syntax']);
  }, 60_000);
});
