/**
 * The ONE seam between the lifecycle verbs and the GitOps synth (platform.yaml parsing, synthesize,
 * embedded GitOps location). TEMPORARY minimal implementation until the GitOps synth lands on main;
 * then every function here delegates to src/gitops and this file is the only one that changes.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { toYaml } from '../../common/yaml-output';
import { parseContract } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { EnvironmentSpec } from '../../strategies/environment';
import { renderWorkload } from '../../strategies/render';

/** What synth reports back to the lifecycle verbs. */
export interface SynthOutcome {
  /** Files written (or, with check, files that are stale), repo-relative, sorted. */
  readonly written: string[];
  /** Files removed (or, with check, files that should be removed), repo-relative, sorted. */
  readonly removed: string[];
  /** Problems as printable lines; the verb stops when there are any. */
  readonly problems: string[];
}

/** Environment names from platform.yaml, in promotion order. Throws with a clear message when unreadable. */
export function environmentOrder(repoDir: string): string[] {
  return readEnvironments(repoDir).map((e) => e.name);
}

/** Renders deploy/ from the repository's intent (or, with check, only reports what is stale). */
export async function runSynth(repoDir: string, check: boolean, onProgress?: (message: string) => void): Promise<SynthOutcome> {
  const envs = readEnvironments(repoDir);
  const desired = new Map<string, string>();
  const problems: string[] = [];
  const workloadsDir = path.join(repoDir, 'workloads');
  const services = fs.existsSync(workloadsDir) ? fs.readdirSync(workloadsDir).filter((s) => fs.existsSync(path.join(workloadsDir, s, 'zave.yaml'))).sort() : [];
  for (const env of envs) {
    const images = readImages(repoDir, env.name);
    const resources: string[] = [];
    for (const service of services) {
      const image = images[service];
      if (!image) continue;
      const parsed = parseContract(fs.readFileSync(path.join(workloadsDir, service, 'zave.yaml')), `workloads/${service}/zave.yaml`);
      if (!parsed.contract) {
        problems.push(...parsed.issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`));
        continue;
      }
      for (const obj of renderWorkload(resolveContract(parsed.contract), env, image)) {
        const file = `${service}/${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`;
        desired.set(`deploy/${env.name}/${file}`, toYaml(obj));
        resources.push(file);
      }
    }
    desired.set(`deploy/${env.name}/kustomization.yaml`, toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: resources.sort() }));
  }
  onProgress?.(`synth: ${desired.size} files for ${envs.length} environments`);
  const existing = listFiles(repoDir, 'deploy');
  const written = [...desired.entries()].filter(([f, text]) => readOrUndefined(path.join(repoDir, f)) !== text).map(([f]) => f).sort();
  const removed = existing.filter((f) => !desired.has(f)).sort();
  if (!check) {
    for (const f of written) {
      fs.mkdirSync(path.dirname(path.join(repoDir, f)), { recursive: true });
      const tmp = path.join(repoDir, `${f}.tmp-${process.pid}`);
      fs.writeFileSync(tmp, desired.get(f)!);
      fs.renameSync(tmp, path.join(repoDir, f));
    }
    for (const f of removed) fs.rmSync(path.join(repoDir, f));
    pruneEmptyDirs(path.join(repoDir, 'deploy'));
  }
  return { written, removed, problems };
}

/** Writes a minimal GitOps repository (platform.yaml with dev, staging, prod) into `dir` (tests, init). */
export function initGitOpsFiles(dir: string): void {
  const env = (name: string, min: number, db: number): EnvironmentSpec => ({
    name, domain: `${name}.example.com`, clusterName: name, ingressClass: 'nginx', clusterIssuer: 'letsencrypt', minReplicas: min, maxReplicas: 10, databaseInstances: db,
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'platform.yaml'), toYaml({ apiVersion: 'zave.dev/v1', kind: 'Platform', environments: [env('dev', 1, 1), env('staging', 2, 2), env('prod', 2, 3)] }));
}

/** Resolves the GitOps location: `--gitops`, else ZAVE_GITOPS, else `./gitops`. URLs are returned unchanged. */
export function resolveGitOpsLocation(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  const given = flag || env.ZAVE_GITOPS || 'gitops';
  return isRemoteUrl(given) ? given : path.resolve(cwd, given);
}

/** True for git URLs (scheme://… or scp-like user@host:path), false for local paths. */
export function isRemoteUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) || /^[^/\\:@]+@[^/\\:]+:/.test(location);
}

function readEnvironments(repoDir: string): EnvironmentSpec[] {
  const file = path.join(repoDir, 'platform.yaml');
  if (!fs.existsSync(file)) throw new Error(`platform.yaml not found in ${repoDir}: this is not a GitOps repository (create one with zave init)`);
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as { environments?: EnvironmentSpec[] };
  if (!doc || !Array.isArray(doc.environments) || doc.environments.length === 0) throw new Error(`${file}: no environments listed`);
  return doc.environments;
}

function readImages(repoDir: string, env: string): Record<string, string> {
  const text = readOrUndefined(path.join(repoDir, 'environments', `${env}.yaml`));
  if (text === undefined) return {};
  const doc = YAML.parse(text) as { images?: Record<string, string> } | null;
  return doc?.images ?? {};
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function listFiles(root: string, rel: string): string[] {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(root, child));
    else out.push(child);
  }
  return out.sort();
}

function pruneEmptyDirs(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) pruneEmptyDirs(path.join(dir, entry.name));
  }
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}
