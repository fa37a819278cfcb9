import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProfileSummary } from './profile';
import { Measurement, TargetResult } from './stats';
import { Git } from '../gitops/git';

/** Everything one benchmark run found, as written to `bench/results.json`. */
export interface BenchResults {
  readonly engine: string;
  readonly machine: { cpu: string; cores: number; memoryMiB: number; platform: string; node: string };
  readonly gitCommit?: string;
  readonly argv: string[];
  /** Highest 1-minute load average seen during the run (above the core count, timings are inflated). */
  readonly maxLoadAverage?: number;
  readonly measurements: Measurement[];
  readonly targets: TargetResult[];
  /** CPU profiles of the timed operation (main thread), by scenario. */
  readonly profiles?: Record<string, ProfileSummary>;
}

/** Facts about this machine (no hostname, no clock). */
export function machineFacts(): BenchResults['machine'] {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryMiB: Math.round(os.totalmem() / 1048576),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
  };
}

/** HEAD of the git repository in `cwd`, when there is one. */
export function gitCommit(cwd: string): string | undefined {
  try {
    return Git.withEnvironment(cwd, process.env).runSync(['rev-parse', 'HEAD']).toString('utf8').trim();
  } catch {
    return undefined;
  }
}

/** Writes the results as pretty JSON (temp file + rename). */
export function writeResults(file: string, results: BenchResults): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
