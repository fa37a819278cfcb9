/**
 * Where a piece of evidence or a finding sits in the input: which object, which file, which field.
 */
export interface AdoptionEvidence {
  /** The object, as `Kind namespace/name` (namespace omitted when the manifest has none). */
  readonly object: string;
  /** The input file as given (a rendered kustomize directory reads `DIR (kubectl kustomize)`, stdin reads `<stdin>`). */
  readonly file: string;
  /**
   * 1-based line of the field in the file.
   * @default - unknown (output rendered by kubectl kustomize has no line in a file of the input)
   */
  readonly line?: number;
  /** Dotted path of the field, e.g. `spec.template.spec.containers[0].ports[0].containerPort`; empty for the whole object. */
  readonly field: string;
  /**
   * The value found there, shortened to one line.
   * @default - no value (the field is absent or a whole object)
   */
  readonly value?: string;
}

/** One inferred contract field, with the rule that chose the value and the evidence it rests on. */
export interface AdoptionInference {
  /** Contract field: `service`, `strategy`, `schedule`, `exposure`, `database`, `size` or `runtime`. */
  readonly field: string;
  /** The inferred value (`none` for a field that does not apply). */
  readonly value: string;
  /** Why, in one sentence: the rule applied to the evidence. */
  readonly rule: string;
  /** The objects and fields the rule read. Empty only when the value is a platform default for lack of evidence. */
  readonly evidence: AdoptionEvidence[];
}

/**
 * What adopting a finding means.
 * - `loses`: the contract drops the setting; the workload runs, and the setting must live in the image, the code or the platform.
 * - `changes-behaviour`: the platform does it differently; the workload runs under the contract after the listed change.
 * - `blocks`: the contract cannot give the workload what it needs; not adoptable until the workload changes shape.
 */
export type AdoptionImpact = 'loses' | 'changes-behaviour' | 'blocks';

/** Something the contract cannot express, on one workload. */
export interface AdoptionFinding {
  /** Stable code, e.g. `container-port` (the README lists every code). */
  readonly code: string;
  /** `loses`, `changes-behaviour` or `blocks`. */
  readonly impact: 'loses' | 'changes-behaviour' | 'blocks';
  /** What was found, with the value. */
  readonly message: string;
  /** The change that adopting needs (or what the platform does instead). */
  readonly change: string;
  /** Where. */
  readonly evidence: AdoptionEvidence;
}

/** The verdict on one workload. */
export type AdoptionVerdict = 'as-is' | 'with-changes' | 'not-adoptable';

/** One workload found in the input and what adopting it means. */
export interface AdoptedWorkload {
  /** The workload object (`Deployment shop/orders`). */
  readonly object: string;
  /** Its kind: Deployment, StatefulSet, CronJob or Job. */
  readonly kind: string;
  /** Its namespace as written (empty when none). */
  readonly namespace: string;
  /** Its `metadata.name`. */
  readonly name: string;
  /** The file it was read from. */
  readonly file: string;
  /** The inferred service name (the key of the contract). */
  readonly service: string;
  /** `as-is` (no findings), `with-changes` (no `blocks` finding) or `not-adoptable`. */
  readonly verdict: 'as-is' | 'with-changes' | 'not-adoptable';
  /** The inferred contract fields, in contract order (`service`, `strategy`, `schedule`, `exposure`, `database`, `size`, `runtime`). */
  readonly inferences: AdoptionInference[];
  /** Everything the contract cannot express, sorted by impact (blocks first), code and field. */
  readonly findings: AdoptionFinding[];
  /** The objects attached to it by selector or reference (Services, Ingresses, HPAs, PDBs, NetworkPolicies). */
  readonly attached: string[];
  /**
   * The inferred `zave.yaml`, validated by the contract parser.
   * @default - none (not adoptable)
   */
  readonly contractYaml?: string;
}

/** A workload that is not counted because a contract of another workload replaces it (a PostgreSQL server its only user gets as `database: postgres`). */
export interface AbsorbedWorkload {
  /** The object (`StatefulSet shop/fulfilment-postgres`). */
  readonly object: string;
  /** The file it was read from. */
  readonly file: string;
  /** The service whose contract replaces it. */
  readonly into: string;
  /** Why. */
  readonly reason: string;
}

/** A problem with one input file or document; the other inputs are still read. */
export interface AdoptionInputIssue {
  /** Stable code, e.g. `file-too-large`, `alias-not-allowed`, `not-utf8`, `kustomize-failed`. */
  readonly code: string;
  /** The file. */
  readonly file: string;
  /** 1-based line (1 when the whole file is at fault). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** What went wrong. */
  readonly message: string;
  /**
   * How to fix it.
   * @default - no hint
   */
  readonly hint?: string;
}

/** How many objects of one kind were read but not used. */
export interface SkippedKind {
  /** `apiVersion/kind`, e.g. `apps/v1/DaemonSet`. */
  readonly kind: string;
  /** How many objects of it. */
  readonly count: number;
}

/** The share of adoptable workloads, as exit criterion 1 (contract-driven workloads) measures it. */
export interface AdoptionShare {
  /** Workloads counted (absorbed ones are not). */
  readonly total: number;
  /** Adoptable with no finding. */
  readonly asIs: number;
  /** Adoptable after the listed changes. */
  readonly withChanges: number;
  /** Not adoptable. */
  readonly notAdoptable: number;
  /** `asIs + withChanges`: the workloads that would deploy through the contract. */
  readonly adoptable: number;
  /** `adoptable` in percent of `total`, rounded down as `zave status` does. */
  readonly percent: number;
  /** `asIs` in percent of `total`, rounded down. */
  readonly asIsPercent: number;
  /** As `zave status` shows it: `6/12 (50%)`. */
  readonly figure: string;
  /** The threshold of criterion 1 in percent (80). */
  readonly thresholdPercent: number;
  /** Whether the adoptable share alone would meet criterion 1. */
  readonly meetsCriterion: boolean;
}

/** The result of `zave adopt`: every workload, every input problem, what was skipped, and the share. */
export interface AdoptionReport {
  /** The inputs as given (paths, `-` for stdin). */
  readonly inputs: string[];
  /** Files (or rendered kustomize directories, or stdin) read. */
  readonly sources: number;
  /** Kubernetes objects read. */
  readonly objects: number;
  /** The workloads, sorted by service name then object. */
  readonly workloads: AdoptedWorkload[];
  /** Workloads replaced by another workload's contract. */
  readonly absorbed: AbsorbedWorkload[];
  /** Objects read but not used, counted per kind, sorted. */
  readonly skipped: SkippedKind[];
  /** Input problems, sorted by file and line. */
  readonly issues: AdoptionInputIssue[];
  /** The share. */
  readonly share: AdoptionShare;
}
