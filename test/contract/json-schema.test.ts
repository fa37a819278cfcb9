import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { Contract } from '../../src';
import { run } from '../../src/cli/main';
import { ENUM_VALUES } from '../../src/contract/enums';
import { contractJsonSchemaV1 } from '../../src/contract/json-schema';
import { parseContract, parseContractFile } from '../../src/contract/parse';
import { CONTRACT_FIELDS, contractSchemaV1 } from '../../src/contract/schema';
import { bufferIo } from '../common/buffer-io';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA_FILE = path.join(ROOT, 'schemas', 'zave.dev', 'v1.json');
const INVALID = path.join(ROOT, 'test', 'fixtures', 'contracts', 'invalid');
const EXAMPLES = path.join(ROOT, 'examples', 'contracts');

// Strict mode, except strictRequired: the if/then rules name top-level properties, which draft-07 allows.
const ajv = new Ajv({ strict: true, strictTypes: true, strictRequired: false, allErrors: true });
const validateJson = ajv.compile(contractJsonSchemaV1());

/**
 * Fixtures on which zod and the JSON Schema cannot agree, and why. Keep this list minimal:
 * every entry is a rule an editor will not show while typing (zave validate still does).
 */
const DISAGREE: Record<string, string> = {
  'cron-backwards-range.yaml': 'a regular expression cannot compare the two ends of a cron range (fri-mon runs backwards)',
  // Reserved namespaces are a semantic rule added after v1 was frozen: the schema cannot change, zave validate refuses them.
  ...Object.fromEntries(['reserved-argocd.yaml', 'reserved-cert-manager.yaml', 'reserved-default.yaml', 'reserved-ingress-nginx.yaml', 'reserved-kube-system.yaml', 'reserved-openshift-prefix.yaml']
    .map((f) => [f, 'a reserved namespace (default, kube-*, argocd, ...) is refused by zave validate; the frozen v1 schema only knows the Windows device names'])),
};

/**
 * Codes given before there is any data (encoding, size, tags, anchors, duplicate keys, documents):
 * a JSON Schema validates data, so it cannot see these by nature. Fixtures rejected with only these
 * codes are checked to be rejected by zave, and skipped for ajv.
 */
const SYNTAX_LEVEL = new Set(['not-utf8', 'file-too-large', 'empty-document', 'multiple-documents', 'yaml-syntax', 'duplicate-key', 'alias-not-allowed', 'unknown-tag', 'not-a-mapping', 'too-many-issues']);

describe('JSON Schema v1', () => {
  test('ajv (draft-07, strict mode) compiles it', () => {
    expect(typeof validateJson).toBe('function');
    expect(contractJsonSchemaV1().$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  test('schemas/zave.dev/v1.json is byte for byte the output of zave schema', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['schema'], io)).toBe(0);
    expect(io.stdout()).toBe(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  });

  // Frozen: v1 never changes once released. If this fails, you changed contract v1. Either revert, or (before the
  // first release only, deliberately) regenerate with `./bin/zave schema > schemas/zave.dev/v1.json` and record the
  // new hash with `(cd schemas/zave.dev && sha256sum v1.json > v1.json.sha256)`. After release, add v2 instead.
  test('v1 is frozen: its sha256 equals the recorded hash', () => {
    const recorded = fs.readFileSync(`${SCHEMA_FILE}.sha256`, 'utf8').split(/\s+/)[0];
    const actual = crypto.createHash('sha256').update(fs.readFileSync(SCHEMA_FILE)).digest('hex');
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    expect(actual).toBe(recorded);
  });

  test('zod schema, JSON Schema properties and the public WorkloadContract interface have the same fields', () => {
    const zodFields = Object.keys(contractSchemaV1.shape).sort();
    const jsonFields = Object.keys(contractJsonSchemaV1().properties as object).sort();
    expect(jsonFields).toEqual(zodFields);
    expect([...CONTRACT_FIELDS].sort()).toEqual(zodFields);
    expect(workloadContractFieldsFromSource()).toEqual(zodFields);
    const jsii = workloadContractFieldsFromJsii();
    if (jsii) expect(jsii).toEqual(zodFields);
    // Required fields agree too.
    expect(contractJsonSchemaV1().required).toEqual(zodFields.filter((f) => !contractSchemaV1.shape[f as keyof typeof contractSchemaV1.shape].safeParse(undefined).success));
  });

  test.each(fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort())('example %s is valid for ajv too', (file) => {
    const data: unknown = YAML.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
    expect(validateJson(data)).toBe(true);
  });

  const fixtures = fs.readdirSync(INVALID).filter((f) => f.endsWith('.yaml')).sort();
  test.each(fixtures)('fixture %s: zod and ajv agree (or the reason is listed)', (file) => {
    const result = parseContractFile(path.join(INVALID, file), file);
    expect(result.contract).toBeUndefined();
    const codes = new Set(result.issues.map((i) => i.code));
    if ([...codes].every((c) => SYNTAX_LEVEL.has(c))) {
      expect(DISAGREE[file]).toBeUndefined();
      return;
    }
    const data: unknown = YAML.parse(fs.readFileSync(path.join(INVALID, file), 'utf8'));
    expect(validateJson(data)).toBe(DISAGREE[file] !== undefined);
  });

  test('every listed disagreement is a real fixture', () => {
    for (const file of Object.keys(DISAGREE)) expect(fixtures).toContain(file);
  });

  test('zod and ajv agree on generated contracts (valid and invalid combinations)', () => {
    // Mostly valid values, so that the cross-field rules are reached; sometimes absent, sometimes wrong.
    const pick = (valid: readonly unknown[], invalid: readonly unknown[]) => fc.oneof(
      { arbitrary: fc.constantFrom(...valid), weight: 6 },
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: fc.constantFrom(...invalid), weight: 1 },
    );
    const contract = fc.record({
      apiVersion: pick(['zave.dev/v1'], ['zave.dev/v2', 'v1', 1]),
      service: pick(['payments-api', 'a', 'a'.repeat(40)], ['con', 'lpt9', 'Payments', 'pay_ments', '1abc', 'abc-', '', 'a'.repeat(41), 'a/b', '..', 42, ['x']]),
      runtime: pick(ENUM_VALUES.runtime, ['nodejs', null, 3]),
      exposure: pick(ENUM_VALUES.exposure, ['off', 'public', {}]),
      database: pick(ENUM_VALUES.database, ['no', 'mysql']),
      strategy: pick(ENUM_VALUES.strategy, ['job']),
      schedule: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 6 },
        { arbitrary: fc.constantFrom('0 3 * * *', '*/15 * * * *', '0 0 1 jan-mar mon-fri', '5,10 1-3/2 * * 0'), weight: 4 },
        { arbitrary: fc.constantFrom('@daily', '0 24 * * *', '* * * *', '0 0 3 * * *', '*/0 * * * *', 7), weight: 1 },
      ),
      size: pick(ENUM_VALUES.size, ['xl']),
      extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: fc.constant('x'), weight: 1 }),
    });
    let valid = 0;
    fc.assert(fc.property(contract, (raw) => {
      const data = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
      const zod = parseContract(YAML.stringify(data), 'zave.yaml');
      expect(zod.issues.length === 0).toBe(validateJson(data) === true);
      if (zod.contract) valid++;
    }), { numRuns: 600, seed: 20261125 });
    expect(valid).toBeGreaterThan(60); // the generator reaches valid contracts, not only broken ones
  });
});

/** Field names of the exported `WorkloadContract` interface, read from its TypeScript source. */
function workloadContractFieldsFromSource(): string[] {
  const file = path.join(ROOT, 'src', 'contract', 'contract.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'WorkloadContract');
  if (!decl) throw new Error('WorkloadContract interface not found in src/contract/contract.ts');
  return decl.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text).sort();
}

/** Field names of `WorkloadContract` in the compiled jsii assembly, when it has been built. */
function workloadContractFieldsFromJsii(): string[] | undefined {
  const assembly = path.join(ROOT, '.jsii');
  if (!fs.existsSync(assembly)) return undefined;
  const types = (JSON.parse(fs.readFileSync(assembly, 'utf8')) as { types: Record<string, { name: string; properties?: { name: string }[] }> }).types;
  const type = Object.values(types).find((t) => t.name === 'WorkloadContract');
  if (!type) throw new Error('.jsii has no WorkloadContract type');
  return (type.properties ?? []).map((p) => p.name).sort();
}

describe('Contract (jsii entry point)', () => {
  test('exposes the same frozen schema and its id', () => {
    expect(Contract.jsonSchemaV1()).toEqual(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
    expect(Contract.SCHEMA_ID_V1).toBe('https://zave.dev/schemas/zave.dev/v1.json');
  });
});
