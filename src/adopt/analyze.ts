import { classifyReferences, workloadDatastore } from './classify-references';
import { contractFor } from './contract-out';
import { POSTGRES } from './datastores';
import { podFindings } from './findings-pod';
import { topologyFindings } from './findings-topology';
import { inferences, workloadFacts } from './infer';
import { buildInventory } from './inventory';
import { AbsorbedWorkload, AdoptedWorkload, AdoptionFinding, AdoptionInputIssue, AdoptionReport, AdoptionShare } from './model';
import { ManifestObject, objectRef, parseManifests } from './parse-manifests';
import { ManifestSource } from './read-sources';
import { deriveServiceName } from './service-name';

/** Threshold of exit criterion 1 (contract-driven workloads), as `zave status` applies it by default. */
export const CONTRACT_DRIVEN_THRESHOLD_PERCENT = 80;

const IMPACT_ORDER = ['blocks', 'changes-behaviour', 'loses'];
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortFindings(findings: AdoptionFinding[]): AdoptionFinding[] {
  return [...findings].sort((a, b) => IMPACT_ORDER.indexOf(a.impact) - IMPACT_ORDER.indexOf(b.impact) || cmp(a.code, b.code)
    || cmp(a.evidence.object, b.evidence.object) || cmp(a.evidence.field, b.evidence.field) || cmp(a.message, b.message));
}

/** The share, computed as `zave status` computes criterion 1: passed × 100 ≥ threshold × total, percent rounded down. */
export function shareOf(workloads: readonly AdoptedWorkload[]): AdoptionShare {
  const total = workloads.length;
  const asIs = workloads.filter((w) => w.verdict === 'as-is').length;
  const withChanges = workloads.filter((w) => w.verdict === 'with-changes').length;
  const adoptable = asIs + withChanges;
  const pct = (n: number) => (total === 0 ? 0 : Math.floor((n * 100) / total));
  return {
    total,
    asIs,
    withChanges,
    notAdoptable: total - adoptable,
    adoptable,
    percent: pct(adoptable),
    asIsPercent: pct(asIs),
    figure: total === 0 ? '0/0' : `${adoptable}/${total} (${pct(adoptable)}%)`,
    thresholdPercent: CONTRACT_DRIVEN_THRESHOLD_PERCENT,
    meetsCriterion: total > 0 && adoptable * 100 >= CONTRACT_DRIVEN_THRESHOLD_PERCENT * total,
  };
}

/** Analyses manifest sources already read: the whole of `zave adopt` but the reading and the printing. */
export function analyzeSources(inputs: readonly string[], sources: readonly ManifestSource[], readIssues: readonly AdoptionInputIssue[]): AdoptionReport {
  const parsed = parseManifests(sources);
  const inv = buildInventory(parsed.objects);
  const order = (a: ManifestObject, b: ManifestObject) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind) || cmp(a.file, b.file);
  const groups = [...inv.groups].sort((a, b) => order(a.workload, b.workload));
  const refs = new Map(groups.map((g) => [g, classifyReferences(g, inv)]));

  // A PostgreSQL server that exactly one workload uses becomes that workload's `database: postgres`.
  const absorbedInto = new Map<ManifestObject, ManifestObject>();
  for (const g of groups) {
    if (workloadDatastore(g.workload) !== POSTGRES) continue;
    const users = groups.filter((u) => u !== g && refs.get(u)!.some((r) => r.kind === 'database' && r.targets.includes(g.workload)));
    if (users.length === 1) absorbedInto.set(g.workload, users[0].workload);
  }

  const taken = new Set<string>();
  const workloads: AdoptedWorkload[] = [];
  const absorbed: AbsorbedWorkload[] = [];
  const names = new Map<ManifestObject, string>();
  for (const g of groups) {
    if (absorbedInto.has(g.workload)) continue;
    const name = deriveServiceName(g.workload.name, taken);
    taken.add(name.name);
    names.set(g.workload, name.name);
    const absorbs = [...absorbedInto].filter(([, into]) => into === g.workload).map(([p]) => p);
    const facts = workloadFacts(g, inv, name, refs.get(g)!, absorbs);
    const findings = sortFindings([...topologyFindings(facts), ...podFindings(facts)]);
    const verdict = findings.length === 0 ? 'as-is' : findings.some((f) => f.impact === 'blocks') ? 'not-adoptable' : 'with-changes';
    const inferred = inferences(facts);
    const w = g.workload;
    workloads.push({
      object: objectRef(w),
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      file: w.file,
      service: name.name,
      verdict,
      inferences: inferred,
      findings,
      attached: [...g.services, ...new Set(g.routes.map((r) => r.ingress)), ...g.autoscalers, ...g.budgets, ...g.policies].map(objectRef),
      ...(verdict !== 'not-adoptable' ? { contractYaml: contractFor(w, inferred, findings.length) } : {}),
    });
  }
  for (const [p, into] of absorbedInto) {
    absorbed.push({ object: objectRef(p), file: p.file, into: names.get(into)!, reason: `a PostgreSQL server only ${objectRef(into)} uses: its contract's database: postgres replaces it` });
  }
  workloads.sort((a, b) => cmp(a.service, b.service) || cmp(a.object, b.object));
  absorbed.sort((a, b) => cmp(a.object, b.object));
  const issues = [...readIssues, ...parsed.issues].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.code, b.code));
  const skipped = [...inv.skipped].map(([kind, count]) => ({ kind, count })).sort((a, b) => cmp(a.kind, b.kind));
  return {
    inputs: [...inputs],
    sources: sources.length,
    objects: parsed.objects.length,
    workloads,
    absorbed,
    skipped,
    issues,
    share: shareOf(workloads),
  };
}
