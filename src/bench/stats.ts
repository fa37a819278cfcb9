/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One measured (or extrapolated) figure of the benchmark. */
export interface Measurement {
  /** Scenario id: full, noop, incremental, check, naive, floor, kustomize. */
  readonly id: string;
  /** What was measured, for humans. */
  readonly label: string;
  /** Workloads in the fleet (each rendered in 3 environments). */
  readonly n: number;
  /** Timed runs, each in a fresh process (0 when extrapolated). */
  readonly runs: number;
  /** Median wall time of the operation, milliseconds. */
  readonly medianMs: number;
  /** Every run's time, milliseconds. */
  readonly samplesMs: number[];
  /** Largest max RSS of the child processes, MiB (undefined when extrapolated). */
  readonly peakRssMiB?: number;
  /** Files (or documents) produced. */
  readonly files: number;
  /** Set when the figure is not measured but extrapolated; says from what. */
  readonly extrapolatedFrom?: string;
  /** Caveat printed beside the figure. */
  readonly note?: string;
  /** Set when the scenario could not run: why (then there is no time). */
  readonly failed?: string;
  /** Bytes of the fleet page (page-open only). */
  readonly pageBytes?: number;
  /** Lifecycle verbs: git's own share of each run's commit (see gitFloor), median over the runs. */
  readonly gitFloor?: GitFloorFigure;
}

/** The git floor of a verb's commits: median time, and the bytes of the median run. */
export interface GitFloorFigure {
  readonly medianMs: number;
  readonly samplesMs: number[];
  /** Bytes of the objects the commit replaces (read). */
  readonly readBytes: number;
  /** Bytes of the objects it writes. */
  readonly writtenBytes: number;
}

/** One target of the issue and whether it is met. */
export interface TargetResult {
  readonly name: string;
  readonly goal: string;
  readonly value: string;
  /** undefined when it could not be evaluated (missing figure). */
  readonly met?: boolean;
  readonly basis: string;
}
