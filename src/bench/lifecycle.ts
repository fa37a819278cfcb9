import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { imageRef } from './fleet';
import { commitAll } from './status-page';

/** A lifecycle verb timed as a whole `zave` process on a committed GitOps repository. */
export interface LifecycleScenario {
  /** Scenario id (the measurement id). */
  readonly id: string;
  /** What people read. */
  readonly label: string;
  /** `zave` arguments for run `k` (each run proposes something new, so no run is a no-op). */
  args(k: number, gitops: string, fleet: readonly string[]): string[];
}

/** The fleet's workload `i` places from the start, wrapping round a fleet smaller than that. */
const nth = (fleet: readonly string[], i: number) => fleet[i % fleet.length];

const digest = (k: number) => `ghcr.io/acme/bench@sha256:${(k + 1).toString(16).padStart(64, '0')}`;

/** The verbs of the issue, each changing one workload of the fleet. */
export const LIFECYCLE_SCENARIOS: readonly LifecycleScenario[] = [
  { id: 'verb-register', label: 'zave register (one new workload)', args: (k, g) => ['register', '--contract', `contracts/new-${k}.yaml`, '--gitops', g] },
  { id: 'verb-propose', label: 'zave propose (one image to dev)', args: (k, g, f) => ['propose', '--service', nth(f, 0), '--image', `${imageRef(nth(f, 0), 'dev')}-r${k}`, '--env', 'dev', '--gitops', g] },
  { id: 'verb-propose-digest', label: 'zave propose (one digest to prod)', args: (k, g, f) => ['propose', '--service', nth(f, 1), '--image', digest(k), '--env', 'prod', '--gitops', g] },
  { id: 'verb-promote', label: 'zave promote (staging -> prod)', args: (k, g, f) => ['promote', nth(f, 10 + k), '--from', 'staging', '--to', 'prod', '--gitops', g] },
  { id: 'verb-deregister', label: 'zave deregister (one workload)', args: (k, g, f) => ['deregister', nth(f, 30 + k), '--gitops', g] },
];

/** Environment of the timed verbs: a fixed identity, no host git config, the owner proven as in CI. */
export function verbEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
    GITHUB_SERVER_URL: 'https://git.example.com',
    GITHUB_REPOSITORY: 'team/bench-new',
  };
}

/**
 * Prepares a repository for the verbs: commits `work` (a synthesized GitOps state), and writes the
 * contracts that register runs use beside it (in a folder outside the GitOps repository).
 */
export function prepareLifecycle(work: string, dir: string, runs: number): string {
  if (!fs.existsSync(path.join(work, '.git'))) commitAll(work);
  const contracts = path.join(dir, 'contracts');
  fs.mkdirSync(contracts, { recursive: true });
  for (let k = 0; k < runs; k++) fs.writeFileSync(path.join(contracts, `new-${k}.yaml`), `service: bench-new-${k}\nexposure: internal-http\n`);
  return dir;
}

/** Runs one verb as a child process and returns its wall time (ms); throws with its stderr when it fails. */
export function timeVerb(zaveBin: string, cwd: string, args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [zaveBin, ...args], { cwd, env: verbEnvironment(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`zave ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return ms;
}
