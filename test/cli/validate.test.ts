import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { bufferIo } from '../common/buffer-io';

const ROOT = path.join(__dirname, '..', '..');

describe('zave validate', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-validate-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('with no file, validates ./zave.yaml', async () => {
    fs.writeFileSync(path.join(dir, 'zave.yaml'), 'service: payments-api\n');
    const io = bufferIo(dir);
    expect(await run(['validate'], io)).toBe(0);
    expect(io.stdout()).toBe('zave.yaml: valid\n');
  });

  test('a missing ./zave.yaml is reported with a hint, exit 1', async () => {
    const io = bufferIo(dir);
    expect(await run(['validate'], io)).toBe(1);
    expect(io.stderr()).toContain('zave.yaml:1:1 file not found [file-not-found]');
    expect(io.stderr()).toContain('hint: ');
  });

  test('a directory is reported, not crashed on', async () => {
    const io = bufferIo(dir);
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(await run(['validate', 'sub'], io)).toBe(1);
    expect(io.stderr()).toContain('sub:1:1 is a directory, not a file [file-not-found]');
  });

  test('several files: problems of every file in one run, exit 1 if any is invalid', async () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'service: a\nexposure: publik-http\n');
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'service: b\n');
    fs.writeFileSync(path.join(dir, 'c.yaml'), 'servce: c\n');
    const io = bufferIo(dir);
    expect(await run(['validate', 'a.yaml', 'b.yaml', 'c.yaml'], io)).toBe(1);
    const err = io.stderr();
    expect(err).toContain('a.yaml:2:11 exposure: "publik-http" is not allowed; expected one of: public-http, internal-http, none [invalid-enum]\n    hint: did you mean public-http?');
    expect(err).toContain('c.yaml:1:1 servce: unknown field "servce"');
    expect(err).toContain('hint: did you mean service?');
    expect(err).toMatch(/3 problems found in 2 files\n$/);
  });

  test('every example validates in one run (the README command)', async () => {
    const files = fs.readdirSync(path.join(ROOT, 'examples', 'contracts')).filter((f) => f.endsWith('.yaml')).map((f) => `examples/contracts/${f}`);
    const io = bufferIo(ROOT);
    expect(await run(['validate', ...files], io)).toBe(0);
    expect(io.stdout()).toBe(`${files.length} contracts: valid\n`);
  });

  test('--format json on success prints ok and no issues', async () => {
    fs.writeFileSync(path.join(dir, 'zave.yaml'), 'service: payments-api\n');
    const io = bufferIo(dir);
    expect(await run(['validate', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toEqual({ ok: true, issues: [] });
  });

  test('--format json on failure carries every field of each issue', async () => {
    fs.writeFileSync(path.join(dir, 'zave.yaml'), 'service: payments-api\ndatabase: no\n');
    const io = bufferIo(dir);
    expect(await run(['validate', '--format', 'json'], io)).toBe(1);
    expect(JSON.parse(io.stdout())).toEqual({
      ok: false,
      issues: [{ code: 'yaml11-boolean', file: 'zave.yaml', line: 2, column: 11, path: 'database', message: expect.stringContaining('no is not one of: postgres, none'), hint: 'write none' }],
    });
  });

  test('--quiet prints nothing when valid', async () => {
    fs.writeFileSync(path.join(dir, 'zave.yaml'), 'service: payments-api\n');
    const io = bufferIo(dir);
    expect(await run(['validate', '-q'], io)).toBe(0);
    expect(io.stdout() + io.stderr()).toBe('');
  });

  test('colour only on a terminal, and never with NO_COLOR', async () => {
    fs.writeFileSync(path.join(dir, 'zave.yaml'), 'service: Payments\n');
    const tty = { ...bufferIo(dir), isTty: true };
    let err = '';
    expect(await run(['validate'], { ...tty, err: (t: string) => { err += t; } })).toBe(1);
    expect(err).toContain('\u001b[31merror\u001b[0m');
    const plain = bufferIo(dir, { NO_COLOR: '1' });
    expect(await run(['validate'], { ...plain, isTty: true })).toBe(1);
    expect(plain.stderr()).not.toContain('\u001b[');
  });

  test.each([
    [['validate', '--format', 'xml'], '--format must be one of: text, json (got "xml")'],
    [['validate', '--bogus'], "Unknown option '--bogus'"],
  ])('usage error %j exits 2', async (argv, message) => {
    const io = bufferIo(dir);
    expect(await run(argv, io)).toBe(2);
    expect(io.stderr()).toContain(message);
    expect(io.stderr()).toContain('Run "zave validate --help" for usage.');
  });
});
