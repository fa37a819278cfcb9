import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DirectorySource } from '../../../src/gitops/repo/source';
import { parseRegistration, readRegistrationFile, REGISTRATION_MAX_BYTES, registrationYaml } from '../../../src/gitops/state/registration';

const FILE = 'workloads/payments-api/registration.yaml';
const VALID = 'apiVersion: zave.dev/v1\nkind: Registration\nservice: payments-api\nrepository: https://github.com/acme/payments-api.git\n';

describe('parseRegistration', () => {
  test('reads what zave register writes, whatever the order of the record\'s fields', () => {
    const written = registrationYaml({ service: 'payments-api', repository: 'https://github.com/acme/payments-api.git' });
    expect(parseRegistration(written, FILE, 'payments-api')).toEqual({ record: { service: 'payments-api', repository: 'https://github.com/acme/payments-api.git' }, issues: [] });
    expect(parseRegistration(VALID, FILE, 'payments-api').record?.repository).toBe('https://github.com/acme/payments-api.git');
  });

  test('an unknown field is named with its line and a suggestion', () => {
    const r = parseRegistration(VALID.replace('repository:', 'repositry:'), FILE, 'payments-api');
    expect(r.record).toBeUndefined();
    const unknown = r.issues.find((i) => i.code === 'unknown-field');
    expect(unknown).toMatchObject({ file: FILE, line: 4, path: 'repositry' });
    expect(unknown?.hint).toContain('repository');
    expect(r.issues.some((i) => i.code === 'missing-field' && i.path === 'repository')).toBe(true);
  });

  test('a record of another service, an empty repository, a wrong kind or a list are refused with their field', () => {
    const other = parseRegistration(VALID.replace('service: payments-api', 'service: ledger'), FILE, 'payments-api');
    expect(other.issues).toEqual([expect.objectContaining({ code: 'invalid-value', path: 'service', line: 3, column: 10 })]);
    expect(other.issues[0].message).toContain('workloads/payments-api/');
    const empty = parseRegistration(VALID.replace(/repository: .*/, 'repository: "  "'), FILE, 'payments-api');
    expect(empty.issues).toEqual([expect.objectContaining({ code: 'invalid-value', path: 'repository', line: 4 })]);
    for (const hostile of ['"--upload-pack=touch /tmp/x"', '"https://github.com/acme/a.git\\nmain"']) {
      const r = parseRegistration(VALID.replace(/repository: .*/, `repository: ${hostile}`), FILE, 'payments-api');
      expect(r.issues).toEqual([expect.objectContaining({ code: 'invalid-value', path: 'repository', line: 4, message: expect.stringContaining('is not a repository URL or path') })]);
    }
    const kind = parseRegistration(VALID.replace('kind: Registration', 'kind: Deployment'), FILE, 'payments-api');
    expect(kind.issues).toEqual([expect.objectContaining({ path: 'kind', line: 2 })]);
    const list = parseRegistration(VALID.replace(/repository: .*/, 'repository: [a, b]'), FILE, 'payments-api');
    expect(list.issues).toEqual([expect.objectContaining({ code: 'wrong-type', path: 'repository' })]);
  });

  test('hostile input is refused before or while parsing, never thrown', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n';
    expect(parseRegistration(bomb, FILE, 'payments-api').issues[0].code).toBe('alias-not-allowed');
    const big = `${VALID}# ${'x'.repeat(REGISTRATION_MAX_BYTES)}\n`;
    expect(parseRegistration(big, FILE, 'payments-api').issues[0].code).toBe('file-too-large');
    expect(parseRegistration('---\na: 1\n---\nb: 2\n', FILE, 'payments-api').issues[0].code).toBe('multiple-documents');
    expect(parseRegistration('- just\n- a list\n', FILE, 'payments-api').record).toBeUndefined();
  });
});

describe('readRegistrationFile on a checkout', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-registration-'));
    fs.mkdirSync(path.join(root, 'workloads', 'payments-api'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const file = () => path.join(root, FILE);

  test('a record, or missing', () => {
    expect(readRegistrationFile(new DirectorySource(root), 'payments-api')).toEqual({ missing: true });
    fs.writeFileSync(file(), VALID);
    expect(readRegistrationFile(new DirectorySource(root), 'payments-api')).toEqual({ record: { service: 'payments-api', repository: 'https://github.com/acme/payments-api.git' } });
  });

  test('a symbolic link, a FIFO or a folder is reported and never opened (a FIFO would block a read)', () => {
    const outside = path.join(root, 'outside.yaml');
    fs.writeFileSync(outside, VALID);
    fs.symlinkSync(outside, file());
    expect(readRegistrationFile(new DirectorySource(root), 'payments-api')).toEqual({ issues: [expect.objectContaining({ file: FILE, message: expect.stringContaining('symbolic link') })] });
    fs.rmSync(file());
    execFileSync('mkfifo', [file()]);
    expect(readRegistrationFile(new DirectorySource(root), 'payments-api')).toEqual({ issues: [expect.objectContaining({ message: expect.stringContaining('special file') })] });
    fs.rmSync(file());
    fs.mkdirSync(file());
    expect(readRegistrationFile(new DirectorySource(root), 'payments-api')).toEqual({ issues: [expect.objectContaining({ message: expect.stringContaining('folder') })] });
  });

  test('an oversize file is refused by its size, before it is read', () => {
    fs.writeFileSync(file(), Buffer.alloc(REGISTRATION_MAX_BYTES + 1, 0x61));
    expect(readRegistrationFile(new DirectorySource(root), 'payments-api')).toEqual({ issues: [expect.objectContaining({ code: 'file-too-large' })] });
  });
});
