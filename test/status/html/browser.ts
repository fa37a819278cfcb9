/* Opens a page in Debian's headless Chromium through playwright-core, recording every request and console error. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots land here (gitignored). */
export const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-screenshots');

/**
 * Whether the browser tests run: always under CI=true (a missing browser then fails the run),
 * elsewhere only when Chromium is installed.
 */
export const browserTestsRun = process.env.CI === 'true' || fs.existsSync(CHROMIUM);

/** A page opened from a file, with what it tried to load and what it logged. */
export interface OpenedPage {
  readonly page: Page;
  /** Every request other than the page itself (all of them are aborted). */
  readonly requests: string[];
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Milliseconds from navigation to the load event. */
  readonly loadMs: number;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile and no background networking, and opens `file`. */
export async function openPage(file: string, options: { javaScript?: boolean } = {}): Promise<OpenedPage> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium); .ci/run does`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-chromium-'));
  let context: BrowserContext;
  try {
    // The persistent context is playwright's way to pass a fresh --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      javaScriptEnabled: options.javaScript ?? true,
      viewport: { width: 1280, height: 900 },
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const page = await context.newPage();
  const url = `file://${path.resolve(file)}`;
  const requests: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  const start = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const loadMs = Date.now() - start;
  return {
    page,
    requests,
    errors,
    loadMs,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
