import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OperationResult } from './child';
import { Git, gitEnvironment } from '../gitops/git';
import { FleetStatus, StatusFormat } from '../status/fleet-status';
import { FleetPage } from '../status/html/fleet-page';

/*
 * The fleet-page scenarios: `zave status --format json` against `--format html` on the same
 * repository, the page's size, and how long headless Chromium takes to open it.
 */

/** `zave status --format json` (measure + render), as the CLI does it. */
export async function statusJson(root: string): Promise<OperationResult> {
  const text = FleetStatus.render(await FleetStatus.measure({ gitopsDir: root }), StatusFormat.JSON);
  return { files: 1, detail: `${text.length} bytes` };
}

/** `zave status --format html`, written to `outFile`. */
export async function statusPage(root: string, outFile: string): Promise<OperationResult> {
  const { html } = await FleetPage.generate({ gitopsDir: root });
  fs.writeFileSync(outFile, html);
  return { files: 1, detail: `${Buffer.byteLength(html)} bytes` };
}

/** Makes `root` a git repository with one commit (untimed preparation: status reads history), through the project's git runner and its environment policy. */
export function commitAll(root: string): void {
  const fixed = { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z', GIT_CONFIG_GLOBAL: '/dev/null' };
  const git = new Git(root, { ...gitEnvironment(process.env), ...fixed });
  // No automatic gc: `git commit` would start one in the background over the fleet's loose objects,
  // and it would run during the timed verbs. The repository is packed here instead, untimed, as a clone is.
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'gc.auto=0', '-c', 'maintenance.auto=false', 'commit', '-q', '-m', 'bench fleet'], ['gc', '-q']]) git.runSync(args);
}

/** Wall times of opening the page, and the renderer main thread's CPU time in each run. */
export interface OpenSamples {
  readonly wallMs: number[];
  /** CPU milliseconds of the renderer's main thread (CDP Performance ThreadTime): what load on the machine does not inflate. */
  readonly rendererCpuMs: number[];
}

/**
 * Milliseconds for headless Chromium (Debian's /usr/bin/chromium through playwright-core,
 * a dev dependency) to load `file`, with every request other than the page aborted; undefined when
 * either is missing. Each run launches a fresh browser with a fresh profile; timed: navigation to
 * the load event and the next rendered frame (two animation frames: layout and paint done).
 */
export async function headlessOpenMs(file: string, runs: number): Promise<OpenSamples | undefined> {
  const executablePath = '/usr/bin/chromium';
  let playwright: { chromium: { launchPersistentContext(dir: string, o: object): Promise<any> } };
  try {
    const name = 'playwright-core';
    playwright = await import(name);
  } catch {
    return undefined;
  }
  if (!fs.existsSync(executablePath)) return undefined;
  const url = `file://${path.resolve(file)}`;
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < runs; k++) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-bench-chromium-'));
    const context = await playwright.chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.route('**/*', (r: any) => (r.request().url() === url ? r.continue() : r.abort()));
      const start = performance.now();
      await page.goto(url, { waitUntil: 'load' });
      // Opened = the load event and then one rendered frame (layout and paint of the whole document).
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      samples.push(performance.now() - start);
      const metrics = (await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[];
      cpu.push((metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000);
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }
  return { wallMs: samples, rendererCpuMs: cpu };
}
