import * as fs from 'fs';
import * as path from 'path';
import { contractText, syntheticFleet } from '../../src/bench/fleet';
import { readFlatMapping } from '../../src/common/flat-yaml';
import { toYaml } from '../../src/common/yaml-output';
import { ENUM_VALUES } from '../../src/contract/enums';
import { ContractParseResult, parseContract, parseContractGeneral } from '../../src/contract/parse';
import { renderContract } from '../../src/projects/service/contract-source';

const ROOT = path.join(__dirname, '..', '..');
const dirFiles = (dir: string) => fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));
const EXAMPLES = dirFiles('examples/contracts');
const INVALID = dirFiles('test/fixtures/contracts/invalid');

/** The whole result, key order included (the contract object is what the general path built). */
const exact = (r: ContractParseResult) => JSON.stringify(r);

/** parseContract gives exactly the general path's result, for text and for bytes. */
function expectSameAsGeneral(text: string | Uint8Array, file = 'zave.yaml'): ContractParseResult {
  const general = parseContractGeneral(text, file);
  const result = parseContract(text, file);
  expect(result).toEqual(general);
  expect(exact(result)).toBe(exact(general));
  return general;
}

/** Small deterministic PRNG (the same corpus on every run). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 48271) % 2147483647;
    return a / 2147483647;
  };
}

/**
 * Every combination of the optional fields (each enum value or absent, schedule valid / invalid /
 * absent, apiVersion given or not), each written in a random style: field order, quoting, comments,
 * blank lines, a leading `---`. Many are invalid (conflicts, bad schedules): those must take the
 * general path and report what it reports.
 */
function generatedCorpus(): string[] {
  const rnd = random(20261125);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const opt = <T>(xs: readonly T[]) => [undefined, ...xs];
  const services = ['svc-0003', 'payments-api', 'a', 'con', 'default', 'Svc', 'x'.repeat(41)];
  const schedules = ['14 10 * * *', '*/15 * * * *', '0 3 * * 1-5', '61 * * * *', '@daily'];
  const out: string[] = [];
  for (const runtime of opt(ENUM_VALUES.runtime)) {
    for (const exposure of opt(ENUM_VALUES.exposure)) {
      for (const database of opt(ENUM_VALUES.database)) {
        for (const strategy of opt(ENUM_VALUES.strategy)) {
          for (const size of opt(ENUM_VALUES.size)) {
            for (const schedule of [undefined, pick(schedules)]) {
              const fields: [string, string][] = [['service', pick(services)]];
              if (rnd() < 0.3) fields.push(['apiVersion', 'zave.dev/v1']);
              for (const [k, v] of [['runtime', runtime], ['exposure', exposure], ['database', database], ['strategy', strategy], ['size', size], ['schedule', schedule]] as const) {
                if (v !== undefined) fields.push([k, v]);
              }
              for (let i = fields.length - 1; i > 0; i--) {
                const j = Math.floor(rnd() * (i + 1));
                [fields[i], fields[j]] = [fields[j], fields[i]];
              }
              const lines = rnd() < 0.3 ? ['---'] : [];
              for (const [k, v] of fields) {
                if (rnd() < 0.15) lines.push(pick(['', '# a comment', '#', '# yaml-language-server: $schema=https://zave.dev/schemas/zave.dev/v1.json']));
                const style = k === 'schedule' && v.startsWith('*') ? pick(['"', "'"]) : pick(['', '', '"', "'"]);
                lines.push(`${k}:${pick([' ', ' ', '  '])}${style}${v}${style}`);
              }
              out.push(lines.join('\n') + pick(['\n', '\n', '', '\n\n']));
            }
          }
        }
      }
    }
  }
  return out;
}

describe('parseContract: the flat fast path gives exactly the general path\'s results', () => {
  test.each(EXAMPLES)('%s takes the fast path with the same contract', (file) => {
    const bytes = fs.readFileSync(path.join(ROOT, file));
    expect(readFlatMapping(bytes)).toBeDefined();
    expect(expectSameAsGeneral(bytes, file).contract).toBeDefined();
  });

  test.each(INVALID)('%s: the same issues, positions and messages', (file) => {
    const bytes = fs.readFileSync(path.join(ROOT, file));
    expect(expectSameAsGeneral(bytes, file).issues.length).toBeGreaterThan(0);
  });

  test('the synthetic fleet (the bench corpus), contracts scaffolded and adopted by zave: all fast, all the same', () => {
    const texts = [
      ...syntheticFleet(300).map(contractText),
      renderContract({ service: 'nightly', schedule: '0 3 * * *', runtime: 'go', size: 'large' }),
      renderContract({ service: 'web', exposure: 'public-http', database: 'postgres' }),
      `# Adopted by zave adopt (as src/adopt/contract-out.ts writes it).\n${toYaml({ apiVersion: 'zave.dev/v1', service: 'jobs', strategy: 'scheduled-job', schedule: '30 2 * * 0', size: 'medium', runtime: 'container' })}`,
    ];
    for (const text of texts) {
      expect(readFlatMapping(text)).toBeDefined();
      expect(expectSameAsGeneral(Buffer.from(text, 'utf8')).contract).toBeDefined();
    }
  });

  test('every field combination in generated styles: the same result, and the valid flat ones are read fast', () => {
    const corpus = generatedCorpus();
    expect(corpus.length).toBeGreaterThan(2000);
    let valid = 0;
    let fast = 0;
    const mismatches: string[] = [];
    for (const text of corpus) {
      const general = parseContractGeneral(text, 'zave.yaml');
      // One comparison per text (thousands of expect() calls would dominate the run time).
      if (exact(parseContract(text, 'zave.yaml')) !== exact(general)) mismatches.push(text);
      if (general.contract) valid++;
      if (general.contract && readFlatMapping(text) !== undefined) fast++;
    }
    expect(mismatches).toEqual([]);
    expect(valid).toBeGreaterThan(200);
    expect(fast).toBe(valid); // the generator writes only the subset: every valid one is read fast
  });

  test.each([
    ['null service', 'service: null\n', [['wrong-type', 'service', 1, 10]]],
    ['boolean service', 'service: true\n', [['yaml11-boolean', 'service', 1, 10]]],
    ['tilde service', 'service: ~\n', [['wrong-type', 'service', 1, 10]]],
    ['octal-looking size', 'service: a\nsize: 010\n', [['wrong-type', 'size', 2, 7]]],
    ['escaped single quote', "service: 'a'' b'\n", [['invalid-name', 'service', 1, 10]]],
    ['escaped double quote', 'service: "a\\"b"\n', [['invalid-name', 'service', 1, 10]]],
    ['anchor', 'service: &x b\n', [['alias-not-allowed', 'service', 1, 10]]],
    ['duplicate key', 'service: a\nservice: b\n', [['duplicate-key', 'service', 2, 1]]],
    ['nested mapping', 'service: a\nsize:\n  x: y\n', [['wrong-type', 'size', 3, 3]]],
    ['tab', 'service: a\n\tsize: small\n', [['yaml-syntax', '', 2, 1]]],
    ['non-ASCII', 'service: a\nsize: sm\u00e4ll\n', [['invalid-enum', 'size', 2, 7]]],
    ['second document', 'service: a\n---\nservice: b\n', [['multiple-documents', '', 2, 1]]],
    ['tag (valid)', 'service: !!str b\n', []],
    ['trailing comment (valid)', 'service: a # c\n', []],
    ['CRLF (valid)', 'service: a\r\nsize: small\r\n', []],
    ['byte-order mark (valid)', '\ufeffservice: a\n', []],
  ] as const)('%s: outside the fast path, reported as before', (_, text, expected) => {
    expect(readFlatMapping(text)).toBeUndefined();
    const result = expectSameAsGeneral(text);
    expect(result.issues.map((i) => [i.code, i.path, i.line, i.column])).toEqual(expected);
    expect(result.contract === undefined).toBe(expected.length > 0);
  });

  test.each([
    ['a conflict', 'service: a\nstrategy: worker\nexposure: public-http\n', [['conflicting-fields', 'exposure', 3, 11]]],
    ['an unknown field', 'service: a\nsise: small\n', [['unknown-field', 'sise', 2, 1]]],
    ['a bad schedule', 'service: a\nschedule: 61 * * * *\n', [['invalid-schedule', 'schedule', 2, 11]]],
    ['a reserved name', 'service: kube-system\n', [['reserved-namespace', 'service', 1, 10]]],
  ] as const)('a flat file with %s is read fast but reported by the general path, as before', (_, text, expected) => {
    expect(readFlatMapping(text)).toBeDefined();
    expect(expectSameAsGeneral(text).issues.map((i) => [i.code, i.path, i.line, i.column])).toEqual(expected);
  });

  test('a flat contract over the size cap is reported as too large, as before', () => {
    const text = `service: a\n${'#'.repeat(64 * 1024)}\n`;
    expect(expectSameAsGeneral(text).issues.map((i) => i.code)).toEqual(['file-too-large']);
  });
});
