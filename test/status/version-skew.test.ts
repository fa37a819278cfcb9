import * as fs from 'fs';
import * as path from 'path';
import { passingFleet, releaseFleets } from './fleet-fixture';
import { FleetStatus, StatusFormat } from '../../src/status';

afterAll(releaseFleets);

describe('zave status: platform version per tenant repository', () => {
  test('a consistent tenant shows its version; a tenant whose pins disagree is flagged as skewed', async () => {
    const fleet = await passingFleet(['ledger', 'payments-api']);
    try {
      const pkgFile = path.join(fleet.repos, 'payments-api', 'package.json');
      const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
      pkg.devDependencies['@zave/platform'] = '^0.9.0';
      fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');

      const report = await FleetStatus.measure({ gitopsDir: fleet.gitops, repoDirs: [fleet.repos] });
      const byService = Object.fromEntries(report.workloads.map((w) => [w.service, w]));
      expect(byService.ledger.tenantVersion).toBe('0.0.0');
      expect(byService.ledger.versionSkew).toBeUndefined();
      expect(byService['payments-api'].tenantVersion).toBe('0.0.0,^0.9.0');
      expect(byService['payments-api'].versionSkew).toBe('pins disagree (0.0.0, ^0.9.0): run zave upgrade');
      const table = FleetStatus.render(report, StatusFormat.TABLE);
      expect(table).toContain('version skew: payments-api pins disagree (0.0.0, ^0.9.0): run zave upgrade');
      expect(table).toMatch(/payments-api .* 0\.0\.0,\^0\.9\.0 \(skew\)/);
    } finally {
      fs.rmSync(path.dirname(fleet.gitops), { recursive: true, force: true });
    }
  }, 240_000);
});
