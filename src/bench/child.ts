import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { floorWrite } from './baselines/floor';
import { kustomizeRender } from './baselines/kustomize';
import { engineCheck, engineSynth, loadState, renderObjects } from './engine';
import { statusJson, statusPage } from './status-page';

/*
 * One measured run in a fresh process: `node lib/bench/child.js <scenario> <root> <outDir>`.
 * Prints one JSON line `{ ms, maxRssKiB, files, stale }` on stdout. Only the operation is timed;
 * module loading and (for the floor) rendering the input objects happen before the clock starts.
 * The naive cdk8s baseline has its own entry (naive-child.ts) so cdk8s-plus is not loaded here.
 */

/** Scenarios a child can run. */
export type ChildScenario = 'full' | 'full-1t' | 'noop' | 'incremental' | 'check' | 'naive' | 'floor' | 'kustomize' | 'status-json' | 'status-html';

/** What a child reports. */
export interface ChildResult {
  readonly ms: number;
  readonly maxRssKiB: number;
  readonly files: number;
  readonly stale: number;
  /** The operation's own account (synth mode, renders run), for the progress log. */
  readonly detail?: string;
}

/** What a timed operation did: files produced and stale files found. */
export interface OperationResult {
  readonly files: number;
  readonly stale?: number;
  readonly detail?: string;
}

/** A timed operation (synchronous or not). */
export type TimedOperation = () => OperationResult | Promise<OperationResult>;

/** Times `op` (after a GC) and reports it with the process's max RSS. Named `measure` for profiles. */
export async function measure(op: TimedOperation): Promise<ChildResult> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const r = await op();
  const ms = performance.now() - start;
  return { ms, maxRssKiB: process.resourceUsage().maxRSS, files: r.files, stale: r.stale ?? 0, ...(r.detail ? { detail: r.detail } : {}) };
}

/** Entry point shared by the child scripts: parses argv, prepares, measures, prints one JSON line. */
export function childMain(prepare: (scenario: string, root: string, outDir: string) => TimedOperation | Promise<TimedOperation>): void {
  const [scenario, root, outDir] = process.argv.slice(2);
  if (!scenario || !root || !outDir) {
    process.stderr.write('usage: child.js <scenario> <root> <outDir>\n');
    process.exit(2);
  }
  fs.mkdirSync(path.dirname(path.resolve(outDir)), { recursive: true });
  Promise.resolve(prepare(scenario, path.resolve(root), path.resolve(outDir))).then(measure).then(
    (result) => { process.stdout.write(JSON.stringify(result) + '\n'); },
    (e: Error) => {
      process.stderr.write(`${e.stack ?? String(e)}\n`);
      process.stdout.write(JSON.stringify({ error: e.message }) + '\n');
      process.exitCode = 1;
    },
  );
}

function prepareEngine(scenario: string, root: string, outDir: string): TimedOperation {
  switch (scenario) {
    case 'full':
    case 'noop':
    case 'incremental':
      return () => engineSynth(root);
    case 'full-1t':
      return () => engineSynth(root, 0);
    case 'check':
      return () => engineCheck(root);
    case 'floor': {
      const prepared = renderObjects(loadState(root));
      return () => ({ files: floorWrite(outDir, prepared) });
    }
    case 'kustomize':
      return () => ({ files: kustomizeRender(root, outDir) });
    case 'status-json':
      return () => statusJson(root);
    case 'status-html':
      return () => statusPage(root, outDir);
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

if (require.main === module) childMain(prepareEngine);
