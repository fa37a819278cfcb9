import * as path from 'path';
import { renderPage } from './page';
import { gatherPageModel } from './page-model';
import { indexFleet } from '../fleet';
import { FleetStatusOptions } from '../fleet-status';
import { readGitopsView } from '../gitops-view';
import { measureFleet } from '../measure';
import { StatusReport } from '../model';
import { discoverTenantRepos, readTenantView } from '../tenant-view';

/** A generated fleet page and the report it shows. */
export interface FleetPageResult {
  /** The status report the criteria section shows (the same model `zave status --format json` prints). */
  readonly report: StatusReport;
  /** The self-contained HTML document. */
  readonly html: string;
}

/**
 * The fleet page (`zave status --format html`): one self-contained, deterministic HTML document
 * generated from Git alone, showing the Formation exit criteria, the promotion matrix, a topology
 * per environment, the pending zave/* branches and a section per service.
 *
 * ```ts
 * const { html } = await FleetPage.generate({ gitopsDir: './gitops', repoDirs: ['./services'] });
 * ```
 */
export class FleetPage {
  /** Measures the fleet exactly as `FleetStatus.measure` does and renders the page from the same report. */
  public static async generate(options: FleetStatusOptions): Promise<FleetPageResult> {
    const view = await readGitopsView(path.resolve(options.gitopsDir));
    const tenants = options.repoDirs ? discoverTenantRepos(options.repoDirs).map(readTenantView) : undefined;
    const report = measureFleet(indexFleet(view, tenants), options.thresholds ?? {});
    return { report, html: renderPage(gatherPageModel(view, report)) };
  }

  private constructor() {}
}
