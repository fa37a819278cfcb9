import { commitRef, Fleet, sortOffenders } from './fleet';
import { commitInfos } from './git';
import { CriterionId, CriterionResult, StatusOffender } from './model';
import { workloadOfDeployPath } from './sources';

const PROPOSAL_VERBS = new Set(['propose', 'promote', 'rollback']);

/**
 * Criterion 3: GitOps is the single lifecycle authority. Violations: a rendered folder without a
 * registration, `deploy/` not equal to a fresh render (stale, missing or extra files), an image for
 * an unregistered service, and an image whose current value was not introduced by a commit carrying
 * `Zave-Verb: propose` or `promote` (and the matching `Zave-Service`/`Zave-Environment`/`Zave-Image`
 * trailers when present). Threshold: zero violations.
 */
export function measureAuthority(fleet: Fleet): CriterionResult {
  const { gitops } = fleet;
  const offenders: StatusOffender[] = [];
  const registered = new Set(gitops.registrations.map((r) => r.service));
  const unregisteredDirs = new Set<string>();
  const notes: string[] = [`deploy/ compared by ${gitops.deployCheck.source}`];

  if (!gitops.isGit) offenders.push({ subject: gitops.root, reason: 'the GitOps repository is not a git repository with commits: no change can be traced to a proposal' });
  for (const env of Object.keys(gitops.deployDirs).sort()) {
    for (const s of gitops.deployDirs[env]) {
      if (!registered.has(s)) {
        unregisteredDirs.add(`deploy/${env}/${s}`);
        offenders.push({ subject: s, reason: `deploy/${env}/${s}.yaml is rendered without a registration (no workloads/${s}/zave.yaml)` });
      }
    }
  }
  // A workload's files (its folder, its Argo CD Application) name it; environment-level files stand for themselves.
  const owner = (p: string) => workloadOfDeployPath(p) ?? p;
  // The workload's files in deploy/<env>/: <service>.yaml, <service>.namespace.yaml (and the old <service>/ folder).
  const inUnregistered = (p: string) => [...unregisteredDirs].some((d) => p === `${d}.yaml` || p === `${d}.namespace.yaml` || p.startsWith(`${d}/`));
  for (const p of gitops.deployCheck.stale) offenders.push({ subject: owner(p), reason: `${p} differs from a fresh render (deploy/ is stale; run zave synth)` });
  for (const p of gitops.deployCheck.missing) offenders.push({ subject: owner(p), reason: `${p} is missing (deploy/ is stale; run zave synth)` });
  for (const p of gitops.deployCheck.extra) if (!inUnregistered(p)) offenders.push({ subject: owner(p), reason: `${p} is not produced by any registration` });
  for (const p of gitops.deployCheck.problems) offenders.push({ subject: 'deploy/', reason: `zave synth --check cannot render: ${p}` });
  for (const p of gitops.environmentProblems) offenders.push({ subject: p.split(' ')[0], reason: p });

  for (const prov of gitops.provenance) {
    const file = `environments/${prov.environment}.yaml`;
    const add = (reason: string) => offenders.push({ subject: prov.service, reason });
    if (!registered.has(prov.service)) add(`${file} sets an image for ${prov.service}, which is not registered`);
    if (!gitops.isGit) continue;
    const c = prov.commit;
    if (!c) {
      add(prov.uncommitted
        ? `${file} sets ${prov.image}, which no commit introduced (uncommitted change)`
        : `${file} sets ${prov.image} on no line of its own, so no commit can be traced (write images one per line, as zave does)`);
      continue;
    }
    // A `git revert` of a zave proposal is a Git change with provenance: the reverted commit's trailers vouch for it.
    // (reverting the merge of a proposal counts too: the merged commit carries the trailers).
    const reverted = !c.trailers['Zave-Verb'] && c.reverts ? commitInfos(gitops.root, [c.reverts]).get(c.reverts) : undefined;
    const vouching = reverted ? [reverted, ...commitInfos(gitops.root, (reverted.parents ?? []).slice(1)).values()] : [];
    if (vouching.some((v) => PROPOSAL_VERBS.has(v.trailers['Zave-Verb'] ?? '') && v.trailers['Zave-Service'] === prov.service)) continue;
    const verb = c.trailers['Zave-Verb'];
    // A zave commit that migrated the promotion-state format rewrote every image line as it was.
    if (verb && c.trailers['Zave-Migration'] === 'releases' && (c.trailers['Zave-Service'] !== prov.service || !PROPOSAL_VERBS.has(verb))) continue;
    if (!verb || !PROPOSAL_VERBS.has(verb)) {
      add(`${file} image ${prov.image} was set by ${commitRef(c)} without a Zave-Verb: propose or promote trailer`);
      continue;
    }
    const mismatch: string[] = [];
    if (c.trailers['Zave-Service'] !== prov.service) mismatch.push(`Zave-Service is ${JSON.stringify(c.trailers['Zave-Service'] ?? '')}`);
    if (c.trailers['Zave-Environment'] !== undefined && c.trailers['Zave-Environment'] !== prov.environment) mismatch.push(`Zave-Environment is ${c.trailers['Zave-Environment']}`);
    if (c.trailers['Zave-Image'] !== undefined && c.trailers['Zave-Image'] !== prov.image) mismatch.push(`Zave-Image is ${c.trailers['Zave-Image']}`);
    if (mismatch.length > 0) add(`${file} image ${prov.image} was set by ${verb} commit ${commitRef(c)} whose trailers do not match (${mismatch.join(', ')})`);
  }

  const sorted = sortOffenders(offenders);
  const bad = new Set(sorted.map((o) => o.subject));
  const clean = fleet.services.filter((s) => !bad.has(s)).length;
  return {
    id: CriterionId.GITOPS_AUTHORITY,
    title: 'GitOps authority',
    status: sorted.length === 0 ? 'pass' : 'fail',
    figure: `${sorted.length} violation${sorted.length === 1 ? '' : 's'} (${clean}/${fleet.services.length} workloads clean)`,
    threshold: '0 violations',
    passed: clean,
    total: fleet.services.length,
    offenders: sorted,
    notes,
  };
}
