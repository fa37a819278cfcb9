import { GitopsView } from './gitops-view';
import { CriterionId, CriterionResult, StatusOffender } from './model';
import { TenantView } from './tenant-view';

/** The read-only inputs of the measurement, already gathered: the pure functions take only this. */
export interface Fleet {
  readonly gitops: GitopsView;
  /** Tenant repositories inspected; undefined when none were given (`--repos` absent). */
  readonly tenants?: TenantView[];
  /** Every workload: registered or rendered, sorted. */
  readonly services: string[];
  /** Tenant repository per service (first match by record or zave.yaml service). */
  readonly tenantOf: Record<string, TenantView>;
}

/** Builds the fleet index from the views. */
export function indexFleet(gitops: GitopsView, tenants?: TenantView[]): Fleet {
  const services = [...new Set([...gitops.registrations.map((r) => r.service), ...Object.values(gitops.deployDirs).flat()])].sort();
  const tenantOf: Record<string, TenantView> = {};
  for (const t of tenants ?? []) if (t.service && !tenantOf[t.service]) tenantOf[t.service] = t;
  return { gitops, ...(tenants ? { tenants } : {}), services, tenantOf };
}

/** Short commit reference for reasons: `abc1234 "subject"`. */
export function commitRef(c: { sha: string; subject: string }): string {
  return `${c.sha.slice(0, 7)} "${c.subject}"`;
}

/** Sorts offenders by subject, then reason; drops exact duplicates. */
export function sortOffenders(offenders: StatusOffender[]): StatusOffender[] {
  const seen = new Set<string>();
  return offenders
    .filter((o) => {
      const k = `${o.subject}\n${o.reason}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/** A share criterion: `passed/total (p%)` against `>= threshold%`. */
export function shareCriterion(args: {
  id: CriterionId;
  title: string;
  passed: number;
  total: number;
  thresholdPercent: number;
  offenders: StatusOffender[];
  notes: string[];
  unmeasured?: boolean;
}): CriterionResult {
  const { passed, total, thresholdPercent } = args;
  const pct = total === 0 ? 0 : Math.floor((passed * 100) / total);
  const unmeasured = args.unmeasured || total === 0;
  const ok = !unmeasured && passed * 100 >= thresholdPercent * total;
  return {
    id: args.id,
    title: args.title,
    status: unmeasured ? 'unmeasured' : ok ? 'pass' : 'fail',
    figure: total === 0 ? '0/0' : `${passed}/${total} (${pct}%)`,
    threshold: `>= ${thresholdPercent}%`,
    passed,
    total,
    offenders: sortOffenders(args.offenders),
    notes: [...args.notes].sort(),
  };
}
