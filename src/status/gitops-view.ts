import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { pathKind, readRegularFile } from './files';
import { blameLines, commitInfos, CommitInfo, commitsTouching, isGitRepo, readObjects } from './git';
import { readRetainedData } from './retained-data';
import { checkDeploy, DeployCheck, readEnvironmentImages, readEnvironmentRecords, sha256, readRepositoryRecord, readSynthCacheVersion, RepositoryRecord, RESERVED_DEPLOY_ENTRIES, serviceOfManifest } from './sources';
import { parseContract } from '../contract/parse';
import { resolveContract } from '../contract/resolve';
import { ResolvedWorkload } from '../contract/resolved';
import { DirectorySource } from '../gitops/repo/source';
import { readRegistrationFile } from '../gitops/state/registration';
import { RetainedEnvironmentData } from '../gitops/state/retained';

/** A registered workload folder `workloads/<service>/`. */
export interface RegistrationView {
  readonly service: string;
  /** Resolved contract, when `zave.yaml` is present and valid. */
  readonly workload?: ResolvedWorkload;
  /** Problems with the registered contract (missing, invalid). */
  readonly problems: string[];
  /** `repository` of `registration.yaml`, when present and valid. */
  readonly repository?: string;
  /** Problems with the owner record `registration.yaml` (the verbs refuse to change the contract until they are fixed). */
  readonly ownerProblems: string[];
  /** Files in the folder besides zave.yaml and registration.yaml (overrides, patches, values). */
  readonly extraFiles: string[];
  /** The commit carrying `Zave-Verb: register` and `Zave-Service: <service>`, if any. */
  readonly registerCommit?: CommitInfo;
  /** sha256 hex of the registered head contract's bytes, when it is readable. */
  readonly contractSha?: string;
  /** The registered head contract's bytes (`zave.yaml`), when it is readable: read once, for every reader of the view. */
  readonly contractBytes?: Buffer;
}

/** Where the image an environment currently sets for a service came from. */
export interface ImageProvenance {
  readonly environment: string;
  readonly service: string;
  readonly image: string;
  /** The commit that set this value; undefined when it is uncommitted or cannot be traced. */
  readonly commit?: CommitInfo;
  /** True when the working tree sets a value HEAD does not. */
  readonly uncommitted: boolean;
}

/** A patch or override declared in `deploy/<env>/kustomization.yaml`. */
export interface EnvPatch {
  readonly environment: string;
  /** Service the patch targets, or undefined when it cannot be attributed (then it affects all). */
  readonly service?: string;
  readonly description: string;
}

/** Everything the measurement reads from the GitOps repository (read-only snapshot). */
export interface GitopsView {
  readonly root: string;
  readonly isGit: boolean;
  readonly record?: RepositoryRecord;
  /** Registrations by service, sorted. */
  readonly registrations: RegistrationView[];
  /** deploy/<env>/<service> directories: environment -> services, sorted. */
  readonly deployDirs: Record<string, string[]>;
  /** environments/<env>.yaml images: environment -> service -> image. */
  readonly images: Record<string, Record<string, string>>;
  /** environments/<env>.yaml releases: environment -> service -> contract revision and platform version (when recorded). */
  readonly releases: Record<string, Record<string, { contract?: string; platform?: string }>>;
  /** Problems reading environments files. */
  readonly environmentProblems: string[];
  readonly provenance: ImageProvenance[];
  readonly deployCheck: DeployCheck;
  /** Stale files under deploy/ with uncommitted changes (working tree differs from HEAD), sorted. */
  readonly dirty: string[];
  /** Last commit that changed each file the check reports stale. */
  readonly lastCommitOf: Record<string, CommitInfo>;
  readonly envPatches: EnvPatch[];
  /** Platform version found on rendered objects, per service (`zave.dev/platform-version`). */
  readonly renderedVersion: Record<string, string>;
  /** Version that rendered deploy/ according to the synth cache, when present in the checkout. */
  readonly synthCacheVersion?: string;
  /** Data deregistered workloads left, per environment (`retained:` of environments/<env>.yaml). */
  readonly retained: RetainedEnvironmentData[];
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

const PATCH_KEYS = ['patches', 'patchesStrategicMerge', 'patchesJson6902', 'replacements', 'images', 'replicas', 'configMapGenerator', 'secretGenerator', 'components'];

function readEnvPatches(root: string, env: string, services: string[]): EnvPatch[] {
  const text = readRegularFile(path.join(root, 'deploy', env, 'kustomization.yaml'))?.toString('utf8');
  if (text === undefined) return [];
  let raw: Record<string, unknown>;
  try {
    raw = (YAML.parse(text) ?? {}) as Record<string, unknown>;
  } catch {
    return [{ environment: env, description: `deploy/${env}/kustomization.yaml is not valid YAML` }];
  }
  const out: EnvPatch[] = [];
  for (const key of PATCH_KEYS) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const json = JSON.stringify(item);
      const hit = services.filter((s) => new RegExp(`(^|[^a-z0-9-])${s}([^a-z0-9-]|$)`).test(json));
      const description = `deploy/${env}/kustomization.yaml declares ${key}: ${json.length > 80 ? `${json.slice(0, 77)}...` : json}`;
      if (hit.length === 0) out.push({ environment: env, description });
      for (const s of hit) out.push({ environment: env, service: s, description });
    }
  }
  // Resources other than the rendered workload files are hand-added manifests.
  for (const r of Array.isArray(raw.resources) ? raw.resources : []) {
    if (typeof r !== 'string') continue;
    const name = r.replace(/^\.\//, '');
    const service = serviceOfManifest(name.replace(/\.namespace\.yaml$/, '.yaml'));
    if (service === undefined || !services.includes(service) || name.includes('/')) {
      out.push({ environment: env, description: `deploy/${env}/kustomization.yaml lists ${r}, which is not a rendered workload file` });
    }
  }
  return out;
}

function findRenderedVersion(root: string, env: string, service: string): string | undefined {
  const text = readRegularFile(path.join(root, 'deploy', env, `${service}.yaml`))?.toString('utf8');
  const m = text === undefined ? null : /zave\.dev\/platform-version["']?:\s*["']?([^"'\s]+)/.exec(text);
  return m ? m[1] : undefined;
}

/**
 * Provenance of every image currently set in environments/*.yaml: `git blame` of the file at HEAD
 * names the commit that introduced each `<service>: <image>` line (through merged branches). A value
 * that differs from HEAD, or that no line holds, has no commit.
 */
function imageProvenance(root: string, images: Record<string, Record<string, string>>, gitOk: boolean): ImageProvenance[] {
  const out: ImageProvenance[] = [];
  for (const env of Object.keys(images).sort()) {
    const rel = `environments/${env}.yaml`;
    const blame = gitOk ? blameLines(root, rel) ?? [] : [];
    const [head] = gitOk ? readObjects(root, [`HEAD:${rel}`]) : [undefined];
    const headImages = head ? readEnvironmentImages(head.toString('utf8')) ?? {} : {};
    // The commit that wrote each service's image line: `  <service>: <image>` (before 0.1) or the
    // `    image: <image>` line inside `  <service>:` of `releases:`.
    const lineOf = new Map<string, string>();
    let current: string | undefined;
    for (const b of blame) {
      const m = /^ {2}([a-z0-9][-a-z0-9]*)\s*:/.exec(b.line);
      if (m) current = m[1];
      const owner = m ? m[1] : /^ {4}image\s*:/.test(b.line) ? current : undefined;
      if (owner && headImages[owner] !== undefined && b.line.includes(headImages[owner])) lineOf.set(owner, b.sha);
    }
    const infos = gitOk ? commitInfos(root, [...new Set(lineOf.values())]) : new Map<string, CommitInfo>();
    for (const service of Object.keys(images[env]).sort()) {
      const image = images[env][service];
      const sha = headImages[service] === image ? lineOf.get(service) : undefined;
      const commit = sha ? infos.get(sha) : undefined;
      out.push({ environment: env, service, image, uncommitted: headImages[service] !== image, ...(commit ? { commit } : {}) });
    }
  }
  return out;
}

/**
 * Which of `files` differ from HEAD in the working tree (content compared through `git cat-file`,
 * because `git diff` refreshes the index, which would write into the repository).
 */
function dirtyFiles(root: string, files: string[]): string[] {
  const blobs = readObjects(root, files.map((f) => `HEAD:${f}`));
  return files.filter((f, i) => {
    const now = readRegularFile(path.join(root, f));
    return blobs[i] === undefined || now === undefined || !blobs[i]!.equals(now);
  }).sort();
}

/** Reads the GitOps repository checkout at `root`. Never writes. */
export async function readGitopsView(root: string): Promise<GitopsView> {
  const gitOk = isGitRepo(root);
  const rec = readRepositoryRecord(root);
  const workloadsDir = path.join(root, 'workloads');
  const registerCommits = gitOk ? commitsTouching(root, ['workloads']).filter((c) => c.trailers['Zave-Verb'] === 'register') : [];
  const registrations: RegistrationView[] = [];
  const checkout = new DirectorySource(root);
  for (const service of listDir(workloadsDir).filter((s) => isDir(path.join(workloadsDir, s)))) {
    const dir = path.join(workloadsDir, service);
    const files = listDir(dir);
    const problems: string[] = [];
    let workload: ResolvedWorkload | undefined;
    const contractBytes = readRegularFile(path.join(dir, 'zave.yaml'));
    if (!contractBytes) {
      problems.push(`workloads/${service}/zave.yaml is ${files.includes('zave.yaml') ? `not a regular file (${pathKind(path.join(dir, 'zave.yaml'))})` : 'missing'}`);
    } else {
      const parsed = parseContract(contractBytes, `workloads/${service}/zave.yaml`);
      if (parsed.contract) workload = resolveContract(parsed.contract);
      for (const i of parsed.issues) problems.push(`${i.file}:${i.line}:${i.column} ${i.message}`);
    }
    let repository: string | undefined;
    const ownerProblems: string[] = [];
    if (files.includes('registration.yaml')) {
      const reg = readRegistrationFile(checkout, service);
      if ('record' in reg) repository = reg.record.repository;
      else if ('issues' in reg) for (const i of reg.issues) ownerProblems.push(`${i.file}:${i.line}:${i.column} ${i.path ? `${i.path}: ` : ''}${i.message}`);
    }
    // revisions/ keeps the exact contract bytes releases pin (written by the verbs): not an override.
    const extraFiles = files.filter((f) => f !== 'zave.yaml' && f !== 'registration.yaml' && !(f === 'revisions' && isDir(path.join(dir, f)))).map((f) => `workloads/${service}/${f}`);
    const registerCommit = [...registerCommits].reverse().find((c) => c.trailers['Zave-Service'] === service);
    const contract = contractBytes ? { contractSha: sha256(contractBytes), contractBytes } : {};
    registrations.push({
      service, workload, problems, repository, ownerProblems, extraFiles, ...(registerCommit ? { registerCommit } : {}), ...contract,
    });
  }

  const deployDirs: Record<string, string[]> = {};
  for (const env of listDir(path.join(root, 'deploy')).filter((e) => isDir(path.join(root, 'deploy', e)) && !RESERVED_DEPLOY_ENTRIES.includes(e))) {
    deployDirs[env] = listDir(path.join(root, 'deploy', env)).map(serviceOfManifest).filter((s): s is string => s !== undefined);
  }

  const images: Record<string, Record<string, string>> = {};
  const releases: Record<string, Record<string, { contract?: string; platform?: string }>> = {};
  const environmentProblems: string[] = [];
  for (const f of listDir(path.join(root, 'environments')).filter((n) => n.endsWith('.yaml'))) {
    const env = f.slice(0, -'.yaml'.length);
    const text = readRegularFile(path.join(root, 'environments', f))?.toString('utf8');
    const parsed = text === undefined ? undefined : readEnvironmentRecords(text);
    if (parsed === undefined) environmentProblems.push(`environments/${f} is ${text === undefined ? 'not a regular file' : 'not valid YAML'}`);
    images[env] = parsed?.images ?? {};
    releases[env] = parsed?.releases ?? {};
  }

  const deployCheck = await checkDeploy(root);
  const lastCommitOf: Record<string, CommitInfo> = {};
  if (gitOk) {
    for (const rel of deployCheck.stale) {
      const [newest] = commitsTouching(root, [rel], true);
      if (newest) lastCommitOf[rel] = newest;
    }
  }

  const allServices = [...new Set([...registrations.map((r) => r.service), ...Object.values(deployDirs).flat()])].sort();
  const envPatches = Object.keys(deployDirs).flatMap((env) => readEnvPatches(root, env, allServices));
  const renderedVersion: Record<string, string> = {};
  for (const env of Object.keys(deployDirs)) {
    for (const s of deployDirs[env]) {
      const v = renderedVersion[s] ?? findRenderedVersion(root, env, s);
      if (v) renderedVersion[s] = v;
    }
  }

  return {
    root,
    isGit: gitOk,
    ...(rec.record ? { record: rec.record } : {}),
    registrations,
    deployDirs,
    images,
    environmentProblems,
    provenance: imageProvenance(root, images, gitOk),
    releases,
    deployCheck,
    dirty: gitOk ? dirtyFiles(root, deployCheck.stale) : [],
    lastCommitOf,
    envPatches,
    renderedVersion,
    retained: readRetainedData(root),
    ...(readSynthCacheVersion(root) ? { synthCacheVersion: readSynthCacheVersion(root) } : {}),
  };
}
