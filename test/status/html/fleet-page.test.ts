import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { browserTestsRun, openPage, OpenedPage, SCREENSHOTS } from './browser';
import { largeFleet, MOVED } from './large-fleet';
import { run } from '../../../src/cli/main';
import { proposeImage } from '../../../src/gitops/lifecycle';
import { MATRIX_CHUNK } from '../../../src/status/html/matrix';
import { bufferIo } from '../../common/buffer-io';
import { FleetDirs, GIT_ENV, imageFor, passingFleet, releaseFleets } from '../fleet-fixture';

const EXAMPLES = ['email-worker', 'ledger', 'legacy-gateway', 'nightly-report', 'payments-api'];
const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const browserTest = browserTestsRun ? test : test.skip;

interface JsonCriterion { id: string; status: string; figure: string; threshold: string; offenders: unknown[] }

async function zave(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo();
  const code = await run(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** `zave status --format json` and `--format html --output`, both through the CLI. */
async function statusJsonAndPage(gitopsArgs: string[], out: string): Promise<{ criteria: JsonCriterion[]; workloads: { service: string }[]; html: string; code: number }> {
  const json = await zave(['status', ...gitopsArgs, '--format', 'json']);
  const html = await zave(['status', ...gitopsArgs, '--format', 'html', '--output', out]);
  expect(html.err).toBe('');
  expect(html.out).toBe('');
  expect(html.code).toBe(json.code);
  const report = JSON.parse(json.out) as { criteria: JsonCriterion[]; workloads: { service: string }[] };
  return { ...report, html: fs.readFileSync(out, 'utf8'), code: html.code };
}

/** The DOM assertions both fleets share. */
async function expectFleetPage(opened: OpenedPage, services: string[], criteria: JsonCriterion[]): Promise<void> {
  const { page } = opened;
  expect(await page.title()).toMatch(/^Fleet status/);
  expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Formation exit criteria', 'Promotion state', 'Topology', 'Services', 'Decision rules']));
  // Criteria: the same figures, thresholds, statuses and offender counts as the JSON report.
  for (const c of criteria) {
    const row = page.locator(`tr[data-criterion="${c.id}"]`);
    expect(await row.locator('[data-field="figure"]').textContent()).toBe(c.figure);
    expect(await row.locator('[data-field="threshold"]').textContent()).toBe(c.threshold);
    expect((await row.locator('[data-field="status"]').textContent())?.toLowerCase()).toBe(c.status);
    expect(await row.locator('[data-field="offenders"]').textContent()).toBe(String(c.offenders.length));
  }
  expect(await page.locator('tr[data-criterion]').count()).toBe(criteria.length);
  // Environments in promotion order, in the matrix and the topology.
  // The matrix is one table per chunk of rows, each with the same header.
  const tables = await page.locator('#matrix table').count();
  expect(tables).toBe(Math.max(1, Math.ceil(services.length / MATRIX_CHUNK)));
  expect(await page.locator('#matrix thead th[data-env]').allTextContents()).toEqual(Array.from({ length: tables }, () => ENVIRONMENTS).flat());
  expect(await page.locator('#topology h3').allTextContents()).toEqual(ENVIRONMENTS);
  // Every service: a matrix row linking to its own section, with one cell per environment.
  expect(await page.locator('#matrix tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-service')))).toEqual(services);
  expect(await page.locator('section.svc').evaluateAll((s) => s.map((e) => e.id))).toEqual(services.map((s) => `svc-${s}`));
  const links = await page.locator('#matrix tbody th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(links).toEqual(services.map((s) => `#svc-${s}`));
  expect(await page.locator('#matrix tbody td[data-env]').count()).toBe(services.length * ENVIRONMENTS.length);
  // Accessible SVG: a role, a title and a description per environment.
  const svgs = page.locator('svg[role="img"]');
  expect(await svgs.count()).toBe(ENVIRONMENTS.length);
  for (const svg of await svgs.all()) {
    const [t, d] = (await svg.getAttribute('aria-labelledby'))!.split(' ');
    expect(await page.locator(`#${t}`).textContent()).toMatch(/^Topology of /);
    expect(await page.locator(`#${d}`).textContent()).toMatch(/workloads in \d+ group/);
  }
  // Nothing left the page, nothing complained.
  expect(opened.requests).toEqual([]);
  expect(opened.errors).toEqual([]);
}

afterAll(releaseFleets);

describe('the fleet page of the README example workloads', () => {
  let fleet: FleetDirs;
  let tmp: string;
  beforeAll(async () => {
    fleet = await passingFleet();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-page-'));
    // A proposal left open: ledger 2.0.0 to dev, not merged.
    await proposeImage({ gitops: fleet.gitops, env: GIT_ENV, service: 'ledger', image: imageFor('ledger', 'dev', '2.0.0'), environment: 'dev' });
  }, 300_000);
  afterAll(() => {
    fleet?.cleanup();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('is deterministic and self-contained: same repository, same bytes; no external reference', async () => {
    const args = ['--gitops', fleet.gitops, '--repos', fleet.repos];
    const a = await statusJsonAndPage(args, path.join(tmp, 'a.html'));
    const b = await statusJsonAndPage(args, path.join(tmp, 'b.html'));
    expect(a.code).toBe(0);
    expect(b.html).toBe(a.html);
    expect(a.html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(a.html).not.toMatch(/@import|url\((?!#)/);
    // No workload was deregistered: the retained-data section says so.
    expect(a.html).toContain('<h2 id="h-retained">Retained data (0)</h2><p>No retained data:');
  });

  browserTest('opens in headless Chromium with every service, environment, criterion and the open proposal', async () => {
    const file = path.join(tmp, 'fleet.html');
    const { criteria, workloads } = await statusJsonAndPage(['--gitops', fleet.gitops, '--repos', fleet.repos], file);
    expect(workloads.map((w) => w.service)).toEqual(EXAMPLES);
    const opened = await openPage(file);
    try {
      await expectFleetPage(opened, EXAMPLES, criteria);
      const { page } = opened;
      expect(await page.locator('.verdict').getAttribute('data-pass')).toBe('true');
      // Promotion: email-worker runs only in dev; the HTTP services run the same release everywhere.
      expect(await page.locator('tr[data-service="email-worker"] td.none').count()).toBe(2);
      expect(await page.locator('tr[data-service="payments-api"] td.d').count()).toBe(0);
      expect(await page.locator('tr[data-service="payments-api"] td[data-env="prod"] code').textContent()).toMatch(/^@[0-9a-f]{12}$/);
      // Pending: the open proposal, with its trailers and the deploy/ diff-stat.
      const pending = page.locator('li[data-branch="zave/propose-ledger-dev"]');
      expect(await pending.count()).toBe(1);
      expect(await pending.locator('dd').allTextContents()).toEqual(['propose', 'ledger', 'dev', imageFor('ledger', 'dev', '2.0.0')]);
      expect(await pending.locator('tbody th').allTextContents()).toEqual(['deploy/dev/ledger.yaml']);
      const open = await page.locator('#pending li[data-branch]').evaluateAll((li) => li.map((l) => l.getAttribute('data-branch')));
      expect(open).toContain('zave/propose-ledger-dev');
      expect(open.every((b) => b!.startsWith('zave/'))).toBe(true);
      // The service view: contract, explain decisions, objects per environment with repository paths.
      const ledger = page.locator('#svc-ledger');
      expect(await ledger.locator('pre').textContent()).toBe(fs.readFileSync(path.join(fleet.gitops, 'workloads/ledger/zave.yaml'), 'utf8'));
      expect(await ledger.locator('.envs a[href^="deploy/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['deploy/dev/ledger.yaml', 'deploy/staging/ledger.yaml', 'deploy/prod/ledger.yaml']);
      // Its explain decisions: the profile it links to (contract decisions, then per environment).
      const contract = page.locator((await ledger.locator('a[href^="#c"]').getAttribute('href'))!);
      expect(await contract.locator('th[scope="row"]').allTextContents()).toEqual(expect.arrayContaining(['strategy', 'runtime', 'exposure']));
      const profile = page.locator((await ledger.locator('a[href^="#e"]').getAttribute('href'))!);
      const replicas = profile.locator('tr', { has: page.locator('th', { hasText: /^replicas$/ }) }).locator('td');
      expect(await replicas.allTextContents()).toEqual([expect.stringMatching(/^1-3 /), expect.stringMatching(/^2-/), expect.stringMatching(/^2-/)]);
      // Rule references resolve to the legend.
      const ref = await profile.locator('a.r').first().getAttribute('href');
      expect(await page.locator(ref!).count()).toBe(1);
      // Topology of dev: public HTTP with database reaches PostgreSQL; the ingress controller reaches public services.
      const dev = page.locator('#topology-dev');
      expect(await dev.locator('svg .db title').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^PostgreSQL \{service\}-db · TCP\/5432$/)]));
      expect(await dev.locator('svg text title').allTextContents()).toEqual(expect.arrayContaining(['https://payments-api.dev.example.com → payments-api → PostgreSQL payments-api-db']));
      // The filter works with JavaScript.
      await page.locator('#f-text').fill('pay');
      expect(await page.locator('#matrix tbody tr:visible').count()).toBe(1);
      expect(await page.locator('#f-count').textContent()).toBe('1 of 5 shown');
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.locator('#f-text').fill('');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'fleet-page-examples.png'), fullPage: true });
    } finally {
      await opened.close();
    }
    // Without JavaScript: the page is complete and the filter control stays hidden.
    const noJs = await openPage(file, { javaScript: false });
    try {
      expect(await noJs.page.locator('.filter').isHidden()).toBe(true);
      expect(await noJs.page.locator('#matrix tbody tr:visible').count()).toBe(EXAMPLES.length);
      expect(noJs.requests).toEqual([]);
    } finally {
      await noJs.close();
    }
  });
});

describe('the fleet page of 300 workloads', () => {
  let dir: string;
  let tmp: string;
  beforeAll(async () => {
    dir = await largeFleet(300);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-page-'));
  }, 600_000);
  afterAll(() => {
    for (const d of [dir, tmp]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  browserTest('stays legible: every workload present, topology grouped, lag behind dev shown', async () => {
    const file = path.join(tmp, 'fleet.html');
    const { criteria, workloads, html } = await statusJsonAndPage(['--gitops', dir], file);
    const services = workloads.map((w) => w.service);
    expect(services).toHaveLength(300);
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
    const opened = await openPage(file);
    try {
      await expectFleetPage(opened, services, criteria);
      const { page } = opened;
      // Without --repos, criteria 2 and 4 are unmeasured: the page says so, like the JSON.
      expect(await page.locator('.verdict').getAttribute('data-pass')).toBe('false');
      // Topology: a handful of groups per environment, every workload listed once per environment.
      for (const env of ENVIRONMENTS) {
        const section = page.locator(`#topology-${env}`);
        const groups = await section.locator('ul.flows > li').count();
        expect(groups).toBeGreaterThan(1);
        expect(groups).toBeLessThanOrEqual(16);
        const members = (await section.locator('.members').allTextContents()).flatMap((t) => t.split(' '));
        expect(members.sort()).toEqual([...services].sort());
        const height = Number(await section.locator('svg').getAttribute('height'));
        expect(height).toBeLessThan(2500);
      }
      // Promotion: the moved services are ahead in dev; staging is highlighted, one commit and two days behind.
      for (const s of MOVED) {
        const staging = page.locator(`tr[data-service="${s}"] td[data-env="staging"]`);
        expect(await staging.getAttribute('class')).toBe('d');
        expect(await staging.locator('.lag').textContent()).toBe('1 commit, 2 days behind');
        expect(await page.locator(`tr[data-service="${s}"] td[data-env="dev"] code`).textContent()).toBe('2.0.0');
      }
      // The synthetic fleet pins a different reference per environment, so every staging cell differs from dev;
      // only the moved services lag by a release commit.
      expect(await page.locator('#matrix td.d[data-env="staging"]').count()).toBe(300);
      expect(await page.locator('#matrix td[data-env="staging"] .lag', { hasText: '1 commit, 2 days behind' }).count()).toBe(MOVED.length);
      expect(await page.locator('tr[data-service="svc-0004"] td[data-env="staging"] .lag').count()).toBe(0);
      // The filter narrows 300 rows by strategy.
      await page.locator('#f-strategy').selectOption('scheduled-job');
      expect(await page.locator('#f-count').textContent()).toBe(`${workloads.filter((w) => (w as { strategy?: string }).strategy === 'scheduled-job').length} of 300 shown`);
      await page.locator('#f-strategy').selectOption('');
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'fleet-page-300.png'), fullPage: false });
      await page.locator('#topology-prod').screenshot({ path: path.join(SCREENSHOTS, 'fleet-page-300-topology-prod.png') });
    } finally {
      await opened.close();
    }
  });
});
