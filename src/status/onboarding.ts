import { commitRef, Fleet, shareCriterion } from './fleet';
import { CriterionId, CriterionResult, StatusOffender } from './model';
import { sameRepository } from '../gitops/lifecycle/state-files';

/** `onboardedBy` values of the record that mean "through the platform, no expert". */
export const PLATFORM_ONBOARDING = ['zave init', 'projen new'];

/**
 * Criterion 4: the share of workloads onboarded through `zave init` or the project type
 * (`onboardedBy` in the tenant record, a `Zave-Verb: register` commit in the GitOps repository)
 * with no manual follow-up commit to a platform-owned file of the tenant repository. A commit is a
 * platform regeneration when, right after it, every generated file it changed has the sha256 that
 * `.zave/repository.json` lists at that same commit; any other change to a listed file is manual.
 */
export function measureOnboarding(fleet: Fleet, thresholdPercent: number): CriterionResult {
  const { gitops } = fleet;
  const offenders: StatusOffender[] = [];
  const registrations = new Map(gitops.registrations.map((r) => [r.service, r]));
  let passed = 0;
  for (const service of fleet.services) {
    const before = offenders.length;
    const add = (reason: string) => offenders.push({ subject: service, reason });
    const reg = registrations.get(service);
    if (!reg) add(`not registered (no workloads/${service}/zave.yaml)`);
    else if (!reg.registerCommit) add(`no commit with Zave-Verb: register and Zave-Service: ${service} in the GitOps repository (registered by hand)`);
    if (fleet.tenants) {
      const t = fleet.tenantOf[service];
      if (!t) {
        add(`no tenant repository checkout for it among --repos${reg?.repository ? ` (registration names ${reg.repository})` : ''}`);
      } else if (t.remote && reg?.repository && !sameRepository(t.remote, reg.repository)) {
        add(`tenant repository ${t.name} (${t.remote}) is not the owner recorded for it (${reg.repository})`);
      } else if (!t.record) {
        add(`tenant repository ${t.name}: ${t.recordProblem ?? 'no .zave/repository.json'}`);
      } else {
        const by = t.record.onboardedBy;
        if (!by || !PLATFORM_ONBOARDING.includes(by)) add(`tenant repository ${t.name} was onboarded by ${by ? JSON.stringify(by) : 'an unknown method'}, not by ${PLATFORM_ONBOARDING.join(' or ')}`);
        if (!t.isGit) add(`tenant repository ${t.name} is not a git checkout of its own, so its history cannot show who changed platform-owned files`);
        for (const m of t.manualCommits) add(`tenant repository ${t.name}: commit ${commitRef(m)} changed platform-owned ${m.paths.join(', ')} by hand`);
      }
    }
    if (offenders.length === before) passed++;
  }
  // Tenant repositories the GitOps repository does not know, or that take a name another repository owns,
  // count as not onboarded (they would otherwise pass unseen).
  let strays = 0;
  for (const t of [...(fleet.tenants ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!t.service) continue;
    const reg = registrations.get(t.service);
    if (!reg) {
      strays++;
      offenders.push({ subject: t.service, reason: `tenant repository ${t.name} is not registered in the GitOps repository (no workloads/${t.service}/zave.yaml): nothing of it is delivered through the platform` });
    } else if (fleet.tenantOf[t.service] !== t) {
      strays++;
      offenders.push({ subject: t.service, reason: `tenant repository ${t.name} uses the service name ${t.service}, which ${reg.repository ?? fleet.tenantOf[t.service].name} owns` });
    }
  }
  return shareCriterion({
    id: CriterionId.NO_EXPERT_ONBOARDING,
    title: 'No-expert onboarding',
    passed,
    total: fleet.services.length + strays,
    thresholdPercent,
    offenders,
    notes: fleet.tenants ? [] : ['not measured: give --repos with the tenant repository checkouts (registration commits were checked)'],
    unmeasured: !fleet.tenants,
  });
}
