import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gitEnvironment } from '../../src/gitops/git';
import { defaultPlatformYaml } from '../../src/gitops/platform/default';
import { toEnvironmentSpec } from '../../src/gitops/platform/platform';
import { environmentStateYaml } from '../../src/gitops/state/environment-state';
import { loadGitOpsState } from '../../src/gitops/state/load';
import { renderWorkloadJson } from '../../src/strategies/render';

/** The example contracts shipped in examples/contracts, by service name. */
export const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples', 'contracts');

/** A digest-pinned image reference for a service (deterministic). */
export function digestImage(service: string, salt = ''): string {
  return `ghcr.io/acme/${service}@sha256:${createHash('sha256').update(service + salt).digest('hex')}`;
}

/** Creates a temporary GitOps repository with the example contracts in dev, staging and prod. */
export function exampleRepo(options: { environments?: string[] } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-gitops-'));
  const envs = options.environments ?? ['dev', 'staging', 'prod'];
  fs.writeFileSync(path.join(dir, 'platform.yaml'), defaultPlatformYaml({ environments: envs }));
  const services: string[] = [];
  for (const file of fs.readdirSync(EXAMPLES_DIR).sort()) {
    const bytes = fs.readFileSync(path.join(EXAMPLES_DIR, file));
    const service = /^service:\s*(\S+)/m.exec(bytes.toString())![1];
    services.push(service);
    fs.mkdirSync(path.join(dir, 'workloads', service), { recursive: true });
    fs.writeFileSync(path.join(dir, 'workloads', service, 'zave.yaml'), bytes);
  }
  fs.mkdirSync(path.join(dir, 'environments'));
  envs.forEach((env, i) => {
    const images: Record<string, string> = {};
    for (const s of services) images[s] = i === 0 ? `ghcr.io/acme/${s}:1.0.0` : digestImage(s);
    fs.writeFileSync(path.join(dir, 'environments', `${env}.yaml`), environmentStateYaml(env, images));
  });
  return dir;
}

/**
 * Calls `check` with what `render` makes of each example contract in each environment (exampleRepo's
 * workloads and images); returns how many (environment, workload) pairs it rendered.
 */
export function forEveryExampleRender(render: (...args: Parameters<typeof renderWorkloadJson>) => readonly unknown[], check: (objects: readonly unknown[]) => void): number {
  const dir = exampleRepo();
  try {
    const { state } = loadGitOpsState(dir);
    let pairs = 0;
    for (const env of state!.platform.environments) {
      for (const w of state!.workloads) {
        check(render(w.workload, toEnvironmentSpec(env), state!.environments[env.name].images[w.service]));
        pairs++;
      }
    }
    return pairs;
  } finally {
    cleanup(dir);
  }
}

/** Writes N synthetic workloads (mixed strategies) into a repository (bench-like). */
export function addSyntheticWorkloads(dir: string, n: number, envs = ['dev', 'staging', 'prod']): void {
  const shapes = [
    'exposure: public-http\ndatabase: postgres\nruntime: node\n',
    'exposure: internal-http\nsize: medium\nruntime: go\n',
    'exposure: none\nruntime: python\n',
    'schedule: "0 3 * * *"\nruntime: java\nsize: large\n',
  ];
  const images: Record<string, Record<string, string>> = {};
  for (const env of envs) images[env] = {};
  for (let i = 0; i < n; i++) {
    const service = `svc-${String(i).padStart(4, '0')}`;
    fs.mkdirSync(path.join(dir, 'workloads', service), { recursive: true });
    fs.writeFileSync(path.join(dir, 'workloads', service, 'zave.yaml'), `service: ${service}\n${shapes[i % shapes.length]}`);
    envs.forEach((env, j) => { images[env][service] = j === 0 ? `ghcr.io/acme/${service}:1.0.${i}` : digestImage(service); });
  }
  fs.mkdirSync(path.join(dir, 'environments'), { recursive: true });
  for (const env of envs) fs.writeFileSync(path.join(dir, 'environments', `${env}.yaml`), environmentStateYaml(env, images[env]));
}

/** sha256 of every file under `rel` (symlinks as their target text), keyed by relative path. */
export function hashTree(root: string, rel = 'deploy', skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (r: string) => {
    for (const name of fs.readdirSync(path.join(root, r)).sort()) {
      const child = `${r}/${name}`;
      if (skip.includes(child)) continue;
      const st = fs.lstatSync(path.join(root, child));
      if (st.isDirectory()) visit(child);
      else out[child] = st.isSymbolicLink() ? `link:${fs.readlinkSync(path.join(root, child))}` : createHash('sha256').update(fs.readFileSync(path.join(root, child))).digest('hex');
    }
  };
  if (fs.existsSync(path.join(root, rel))) visit(rel);
  return out;
}

/** Removes a temporary directory (and the private state folder zave keeps beside a root outside git). */
export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(path.dirname(dir), `.zave-state-${path.basename(dir)}`), { recursive: true, force: true });
}

/** Environment of the git commands of test repositories: no host configuration, a fixed identity. */
export const TEST_GIT_ENV: Record<string, string> = {
  ...gitEnvironment(process.env), GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com',
};

/** A repository (branch main) with one commit holding `files`; a value `{ link }` is a symbolic link. */
export function committedRepo(files: Record<string, string | { link: string }>, objectFormat: 'sha1' | 'sha256' = 'sha1')
  : { dir: string; run: (...args: string[]) => string; commit: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-repo-'));
  const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: TEST_GIT_ENV, input: '' }).toString().trim();
  run('init', '-q', '-b', 'main', `--object-format=${objectFormat}`);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(path.join(dir, rel), content);
    else fs.symlinkSync(content.link, path.join(dir, rel));
  }
  run('add', '-A');
  run('commit', '-qm', 'state');
  return { dir, run, commit: run('rev-parse', 'HEAD') };
}
