import * as path from 'path';
import { indexFleet } from './fleet';
import { readGitopsView } from './gitops-view';
import { measureFleet } from './measure';
import { StatusReport, StatusThresholds } from './model';
import { renderStatusJson } from './render-json';
import { renderStatusMarkdown } from './render-markdown';
import { renderStatusTable } from './render-table';
import { discoverTenantRepos, readTenantView } from './tenant-view';

/** Output formats of a status report. */
export enum StatusFormat {
  /** Aligned text table for people. */
  TABLE = 'table',
  /** JSON with sorted keys for dashboards. */
  JSON = 'json',
  /** Markdown for a pull-request comment or README badge line. */
  MARKDOWN = 'markdown',
}

/** Options of a fleet measurement. */
export interface FleetStatusOptions {
  /** Path of the GitOps repository checkout (a git work tree). */
  readonly gitopsDir: string;
  /**
   * Tenant repository checkouts: each a repository, or a folder of repositories.
   * @default - tenant repositories are not inspected; criteria 2 and 4 are `unmeasured`
   */
  readonly repoDirs?: string[];
  /**
   * Thresholds of the criteria.
   * @default - 80% contract-driven, 100% generated pipelines, 100% no-expert onboarding
   */
  readonly thresholds?: StatusThresholds;
}

/**
 * Measures the Formation exit criteria of a fleet from Git alone, read-only:
 *
 * ```ts
 * const report = await FleetStatus.measure({ gitopsDir: './gitops', repoDirs: ['./services'] });
 * console.log(FleetStatus.render(report, StatusFormat.MARKDOWN));
 * ```
 */
export class FleetStatus {
  /** Reads the repositories (never writes into them) and measures the four criteria. */
  public static async measure(options: FleetStatusOptions): Promise<StatusReport> {
    const gitops = await readGitopsView(path.resolve(options.gitopsDir));
    const tenants = options.repoDirs ? discoverTenantRepos(options.repoDirs).map(readTenantView) : undefined;
    return measureFleet(indexFleet(gitops, tenants), options.thresholds ?? {});
  }

  /**
   * Renders a report.
   * @param color colour PASS/FAIL in the table format (ANSI), default false
   */
  public static render(report: StatusReport, format: StatusFormat, color?: boolean): string {
    switch (format) {
      case StatusFormat.JSON: return renderStatusJson(report);
      case StatusFormat.MARKDOWN: return renderStatusMarkdown(report);
      default: return renderStatusTable(report, color ?? false);
    }
  }

  private constructor() {}
}
