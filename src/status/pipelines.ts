import { Fleet, shareCriterion } from './fleet';
import { CriterionId, CriterionResult, StatusOffender } from './model';

/**
 * Criterion 2: the share of tenant repositories whose CI files (`.github/workflows/*.yml`) are all
 * platform-generated and unmodified according to `.zave/repository.json`. A repository without the
 * record, with a hand-authored or edited workflow, a deleted generated workflow, or no generated
 * workflow at all fails.
 */
export function measurePipelines(fleet: Fleet, thresholdPercent: number): CriterionResult {
  const tenants = fleet.tenants ?? [];
  const offenders: StatusOffender[] = [];
  let passed = 0;
  for (const t of tenants) {
    const before = offenders.length;
    const add = (reason: string) => offenders.push({ subject: t.name, reason });
    if (!t.record) {
      add(`${t.recordProblem ?? 'no .zave/repository.json'}: CI files are hand-authored`);
    } else {
      for (const w of t.workflows) {
        if (w.state === 'hand-authored') add(`${w.path} is hand-authored (not listed in .zave/repository.json)`);
        if (w.state === 'edited') add(`${w.path} was edited after generation (sha256 differs from .zave/repository.json)`);
      }
      const listedWorkflows = t.record.generatedFiles.filter((f) => f.path.startsWith('.github/workflows/'));
      for (const f of listedWorkflows) if (t.missingGenerated.includes(f.path)) add(`generated ${f.path} was deleted`);
      if (listedWorkflows.length === 0) add('no platform-generated CI workflow is listed in .zave/repository.json');
    }
    if (offenders.length === before) passed++;
  }
  return shareCriterion({
    id: CriterionId.GENERATED_PIPELINES,
    title: 'Generated pipelines',
    passed,
    total: tenants.length,
    thresholdPercent,
    offenders,
    notes: fleet.tenants ? [] : ['not measured: give --repos with the tenant repository checkouts'],
    unmeasured: !fleet.tenants,
  });
}
