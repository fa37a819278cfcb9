import { registeredRepositories } from './registered-repositories';
import { TenantUpgradeResult, upgradeTenant } from './upgrade-tenant';

/** Options of `upgradeFleet`. */
export interface FleetUpgradeOptions {
  /** GitOps repository checkout holding the registrations. */
  readonly gitopsDir: string;
  /** The version to bring every tenant repository to. */
  readonly version: string;
  readonly dryRun: boolean;
  readonly env: Record<string, string | undefined>;
}

/** The result of a fleet upgrade: one entry per registered tenant repository, in service order. */
export interface FleetUpgradeResult {
  readonly version: string;
  readonly dryRun: boolean;
  readonly results: TenantUpgradeResult[];
  /** True when no repository failed. */
  readonly ok: boolean;
}

/** Progress callback: called before (result undefined) and after each repository. */
export type UpgradeProgress = (index: number, total: number, service: string, result?: TenantUpgradeResult) => void;

/**
 * Upgrades every tenant repository registered in the GitOps repository (see `upgradeTenant`), one
 * after another; a repository that fails is reported and does not stop the others.
 */
export async function upgradeFleet(options: FleetUpgradeOptions, progress: UpgradeProgress = () => undefined): Promise<FleetUpgradeResult> {
  const registrations = registeredRepositories(options.gitopsDir);
  const results: TenantUpgradeResult[] = [];
  for (const [i, reg] of registrations.entries()) {
    progress(i, registrations.length, reg.service);
    const result: TenantUpgradeResult = reg.repository
      ? await upgradeTenant({ service: reg.service, repository: reg.repository, version: options.version, dryRun: options.dryRun, env: options.env })
      : { service: reg.service, repository: '-', status: 'failed', changedFiles: [], restoredFiles: [], reason: reg.problem };
    results.push(result);
    progress(i, registrations.length, reg.service, result);
  }
  return { version: options.version, dryRun: options.dryRun, results, ok: results.every((r) => r.status !== 'failed') };
}
