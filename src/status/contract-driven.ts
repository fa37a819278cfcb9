import { commitRef, Fleet, shareCriterion } from './fleet';
import { CriterionId, CriterionResult, StatusOffender } from './model';
import { workloadOfDeployPath } from './sources';

/** Lifecycle verbs whose commits are platform renders. */
const PLATFORM_VERBS = new Set(['register', 'propose', 'promote', 'deregister', 'delete-data']);

/**
 * Criterion 1: the share of workloads whose rendered state comes only from their contract and
 * platform defaults. A workload fails when its GitOps paths hold a file a fresh render does not
 * produce, a rendered file changed by a commit that touched only deploy/ and carries no
 * `Zave-Verb` trailer (a hand edit; a file that merely lags behind its contract is stale, which is
 * criterion 3), an override beside its contract, a patch in its environment's kustomization, or
 * when its tenant repository holds hand-written manifests or edited generated files.
 */
export function measureContractDriven(fleet: Fleet, thresholdPercent: number): CriterionResult {
  const { gitops } = fleet;
  const offenders: StatusOffender[] = [];
  const registered = new Map(gitops.registrations.map((r) => [r.service, r]));
  const failing = new Set<string>();
  const add = (service: string, reason: string) => {
    failing.add(service);
    offenders.push({ subject: service, reason });
  };
  const envsOf = (s: string) => Object.keys(gitops.deployDirs).filter((e) => gitops.deployDirs[e].includes(s));

  for (const service of fleet.services) {
    const reg = registered.get(service);
    if (!reg || !reg.workload) {
      add(service, reg ? `registered contract is not valid: ${reg.problems[0] ?? 'unknown problem'}` : `rendered without a contract (no workloads/${service}/zave.yaml)`);
      continue;
    }
    for (const f of reg.extraFiles) add(service, `${f} overrides the contract (only zave.yaml and registration.yaml belong there)`);
    for (const p of reg.ownerProblems) add(service, `owner record is not valid: ${p} (zave register and contract releases refuse ${service} until it is fixed)`);
    const mine = (p: string) => workloadOfDeployPath(p) === service;
    for (const f of gitops.deployCheck.extra.filter(mine)) add(service, `${f} is not produced by the contract (hand-written manifest)`);
    for (const f of gitops.deployCheck.stale.filter(mine)) {
      if (gitops.dirty.includes(f)) {
        add(service, `${f} differs from a fresh render and has uncommitted changes (hand-edited)`);
        continue;
      }
      const c = gitops.lastCommitOf[f];
      const byHand = c && c.files.length > 0 && !PLATFORM_VERBS.has(c.trailers['Zave-Verb'] ?? '') && c.files.every((p) => p.startsWith('deploy/'));
      if (byHand) add(service, `${f} differs from a fresh render and was last changed by ${commitRef(c)}, which touched only deploy/ (hand-edited)`);
    }
    for (const p of gitops.envPatches) {
      if (p.service === service || (p.service === undefined && envsOf(service).includes(p.environment))) add(service, p.description);
    }
    const tenant = fleet.tenantOf[service];
    if (tenant) {
      for (const m of tenant.handWrittenManifests) add(service, `tenant repository ${tenant.name}: ${m} is hand-written`);
      for (const f of tenant.editedGenerated) add(service, `tenant repository ${tenant.name}: generated ${f} was edited (sha256 differs from ${'.zave/repository.json'})`);
    }
  }
  const notes: string[] = [];
  if (!fleet.tenants) notes.push('tenant repositories not inspected (give --repos to include them)');
  return shareCriterion({
    id: CriterionId.CONTRACT_DRIVEN,
    title: 'Contract-driven workloads',
    passed: fleet.services.length - failing.size,
    total: fleet.services.length,
    thresholdPercent,
    offenders,
    notes,
  });
}
