/* A GitOps repository of n synthetic workloads written directly (no lifecycle verbs), rendered by the real synth. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { syntheticFleet } from '../../../src/bench/fleet';
import { writeGitOpsState } from '../../../src/bench/gitops-state';
import { environmentStateYaml, synthesize } from '../../../src/gitops/internal';
import { readEnvironmentImages } from '../../../src/status/sources';
import { git, GIT_ENV } from '../fleet-fixture';

/** Services whose dev release moves ahead in a second commit, two days later. */
export const MOVED = ['svc-0001', 'svc-0002', 'svc-0003'];

function commitAt(dir: string, date: string, message: string): void {
  const env = { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['-C', dir, 'add', '-A'], { env });
  execFileSync('git', ['-C', dir, 'commit', '-q', '-m', message], { env });
}

/** Builds the repository in a temporary folder and returns its path. */
export async function largeFleet(n: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-page-large-'));
  writeGitOpsState(dir, syntheticFleet(n));
  fs.writeFileSync(path.join(dir, '.gitignore'), 'deploy/.zave-synth.json\n');
  const first = await synthesize({ repoDir: dir, workers: 'auto' });
  if (!first.ok) throw new Error(`large fleet synth failed: ${first.summary}`);
  git(dir, 'init', '-q', '-b', 'main');
  commitAt(dir, '2026-01-01T00:00:00Z', `Fleet of ${n} workloads\n\nZave-Verb: register`);
  const file = path.join(dir, 'environments', 'dev.yaml');
  for (const service of MOVED) {
    const images = readEnvironmentImages(fs.readFileSync(file, 'utf8'))!;
    images[service] = `registry.example.com/${service}:2.0.0`;
    fs.writeFileSync(file, environmentStateYaml('dev', images));
    const r = await synthesize({ repoDir: dir, workers: 0 });
    if (!r.ok) throw new Error(`large fleet synth failed: ${r.summary}`);
    commitAt(dir, '2026-01-03T00:00:00Z', `Deploy ${service} 2.0.0 to dev\n\nZave-Verb: propose\nZave-Service: ${service}\nZave-Environment: dev\nZave-Image: registry.example.com/${service}:2.0.0`);
  }
  return dir;
}
