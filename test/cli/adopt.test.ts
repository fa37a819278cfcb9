import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { parseContractFile } from '../../src/contract/parse';
import { bufferIo } from '../common/buffer-io';

const ROOT = path.join(__dirname, '..', '..');
const SHOP = 'examples/adopt/shop';

/** sha256 of every file under `dir`, by relative path. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('zave adopt', () => {
  let tmp: string;
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-adopt-cli-')); });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('text report of the shop example, exit 0', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['adopt', SHOP], io)).toBe(0);
    expect(io.stdout()).toContain('contract-driven after adoption: 6/12 (50%); criterion 1 needs >= 80%: not met');
    expect(io.stdout()).toContain('payments: not adoptable  [Deployment shop/payments, examples/adopt/shop/payments.yaml]');
    expect(io.stderr()).toBe('');
  });

  test('--format json is the report; --format markdown is the PR table', async () => {
    const json = bufferIo(ROOT);
    expect(await run(['adopt', SHOP, '--format', 'json'], json)).toBe(0);
    const report = JSON.parse(json.stdout());
    expect(report.share.figure).toBe('6/12 (50%)');
    expect(report.workloads).toHaveLength(12);
    const md = bufferIo(ROOT);
    expect(await run(['adopt', SHOP, '--format', 'markdown'], md)).toBe(0);
    expect(md.stdout()).toMatch(/^### zave adopt: 6 of 12 workloads adoptable \(50%\)\n/);
  });

  test('--out writes one valid zave.yaml per adoptable workload and the report, and never touches the input', async () => {
    const before = tree(path.join(ROOT, SHOP));
    const out = path.join(tmp, 'adopted');
    const io = bufferIo(ROOT);
    expect(await run(['adopt', SHOP, '--out', out, '--format', 'markdown'], io)).toBe(0);
    expect(io.stderr()).toBe(`wrote 6 contracts and the report to ${out}/\n`);
    expect(Object.keys(tree(out)).sort()).toEqual([
      'adoption-report.json', 'adoption-report.md',
      'catalog/zave.yaml', 'order-fulfilment-worker-eu-west-1/zave.yaml', 'orders/zave.yaml', 'pricing/zave.yaml',
      'sitemap-builder/zave.yaml', 'weekly-digest/zave.yaml',
    ]);
    for (const service of ['catalog', 'order-fulfilment-worker-eu-west-1', 'orders', 'pricing', 'sitemap-builder', 'weekly-digest']) {
      const parsed = parseContractFile(path.join(out, service, 'zave.yaml'));
      expect(parsed.issues).toEqual([]);
      expect(parsed.contract!.service).toBe(service);
    }
    expect(fs.readFileSync(path.join(out, 'adoption-report.md'), 'utf8')).toBe(io.stdout());
    expect(fs.readdirSync(tmp)).toEqual(['adopted']); // no staging directory left behind
    expect(tree(path.join(ROOT, SHOP))).toEqual(before);
    // The written contracts validate with `zave validate` too.
    const v = bufferIo(out);
    expect(await run(['validate', ...fs.readdirSync(out).filter((f) => !f.startsWith('adoption')).map((s) => `${s}/zave.yaml`)], v)).toBe(0);
  });

  test('--out refuses a non-empty directory and a directory inside the input, writing nothing', async () => {
    const out = path.join(tmp, 'taken');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const io = bufferIo(ROOT);
    expect(await run(['adopt', SHOP, '--out', out], io)).toBe(1);
    expect(io.stderr()).toBe(`zave adopt: cannot write --out ${out}: ${out} exists and is not empty: give a new directory (zave adopt never overwrites)\n`);
    expect(fs.readdirSync(out)).toEqual(['keep.txt']);
    expect(fs.readdirSync(tmp)).toEqual(['taken']);

    const input = path.join(tmp, 'manifests');
    fs.mkdirSync(input);
    fs.copyFileSync(path.join(ROOT, SHOP, 'jobs.yaml'), path.join(input, 'jobs.yaml'));
    const inside = bufferIo(tmp);
    expect(await run(['adopt', 'manifests', '--out', 'manifests/adopted'], inside)).toBe(1);
    expect(inside.stderr()).toContain('is inside the input manifests: zave adopt never writes into its input');
    expect(fs.readdirSync(input)).toEqual(['jobs.yaml']);
  });

  test('an empty --out directory is filled', async () => {
    const out = path.join(tmp, 'empty');
    fs.mkdirSync(out);
    expect(await run(['adopt', `${SHOP}/jobs.yaml`, '--out', out], bufferIo(ROOT))).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['adoption-report.json', 'adoption-report.md', 'sitemap-builder', 'weekly-digest']);
  });

  test('- reads standard input (helm template output)', async () => {
    const helm = `---\n# Source: shop/templates/jobs.yaml\n${fs.readFileSync(path.join(ROOT, SHOP, 'jobs.yaml'), 'utf8')}`;
    const io = { ...bufferIo(ROOT), readStdin: async () => new TextEncoder().encode(helm) };
    expect(await run(['adopt', '-', '--format', 'json'], io)).toBe(0);
    const report = JSON.parse(io.stdout());
    expect(report.workloads.map((w: any) => `${w.service} ${w.verdict} ${w.file}`)).toEqual([
      'legacy-importer not-adoptable <stdin>', 'sitemap-builder as-is <stdin>', 'weekly-digest with-changes <stdin>',
    ]);
  });

  test('bad input: the report is still printed, exit 1, no stack trace', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['adopt', 'test/fixtures/adopt/hostile'], io)).toBe(1);
    expect(io.stdout()).toContain('8 input problems (those inputs were skipped, the rest was read):');
    expect(io.stdout()).toContain('test/fixtures/adopt/hostile/alias-bomb.yaml:7:9 anchor &a is not allowed [alias-not-allowed]');
    expect(io.stderr()).not.toMatch(/internal error|    at /);
  });

  test('no workload found: exit 1 with a message', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['adopt', `${SHOP}/cluster.yaml`], io)).toBe(1);
    expect(io.stderr()).toBe('zave adopt: no Deployment, StatefulSet, CronJob or Job found in the input\n');
  });

  test('usage errors exit 2', async () => {
    const none = bufferIo(ROOT);
    expect(await run(['adopt'], none)).toBe(2);
    expect(none.stderr()).toContain('give at least one file or directory of manifests, or - for standard input');
    const fmt = bufferIo(ROOT);
    expect(await run(['adopt', SHOP, '--format', 'html'], fmt)).toBe(2);
    expect(fmt.stderr()).toContain('--format must be one of: text, json, markdown (got "html")');
    const twice = bufferIo(ROOT);
    expect(await run(['adopt', '-', '-'], twice)).toBe(2);
  });

  test('--help documents the verb', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['adopt', '--help'], io)).toBe(0);
    expect(io.stdout()).toContain('Usage: zave adopt PATH... [--out DIR] [--format text|json|markdown]');
    expect(io.stdout()).toContain('4 MiB');
  });
});
