import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { pathKind, readRegularFile } from './files';
import { CommitInfo, commitsTouching, git, isGitRepo, readObjects } from './git';
import { parseRepositoryRecord, RECORD_PATH, readRepositoryRecord, RepositoryRecord, sha256 } from './sources';

/** State of one CI workflow file of a tenant repository. */
export interface WorkflowView {
  /** Repository-relative path, e.g. `.github/workflows/ci.yml`. */
  readonly path: string;
  /** `generated` (listed and unmodified), `edited` (listed, hash differs) or `hand-authored` (not listed). */
  readonly state: 'generated' | 'edited' | 'hand-authored';
}

/** A commit that changed a platform-owned file without regenerating it. */
export interface ManualCommit {
  readonly sha: string;
  readonly subject: string;
  /** Generated files it changed by hand, sorted. */
  readonly paths: string[];
}

/** Everything the measurement reads from one tenant repository checkout (read-only snapshot). */
export interface TenantView {
  /** Display name: the folder name. */
  readonly name: string;
  readonly dir: string;
  readonly isGit: boolean;
  readonly record?: RepositoryRecord;
  readonly recordProblem?: string;
  /** Service of the repository (record, else its zave.yaml). */
  readonly service?: string;
  /** sha256 hex of the tenant's zave.yaml, when it has one. */
  readonly contractSha?: string;
  /** The checkout's `origin` remote URL, when it has one. */
  readonly remote?: string;
  readonly workflows: WorkflowView[];
  /** Generated files whose bytes differ from the record, sorted. */
  readonly editedGenerated: string[];
  /** Generated files listed in the record but absent, sorted. */
  readonly missingGenerated: string[];
  /** Hand-written Kubernetes manifests, Helm charts and kustomize folders, with what they are. */
  readonly handWrittenManifests: string[];
  readonly manualCommits: ManualCommit[];
  /** Platform versions the repository pins (record, package.json, workflow refs `@v<version>`): one when consistent, sorted. */
  readonly platformVersions: string[];
}

/** Every platform version a tenant repository pins: its record, the package dependency and the reusable-workflow refs. */
function pinnedVersions(dir: string, record: RepositoryRecord | undefined): string[] {
  const found = new Set<string>(record?.platformVersion ? [record.platformVersion] : []);
  try {
    const pkg = JSON.parse(readRegularFile(path.join(dir, 'package.json'))?.toString('utf8') ?? '{}') as Record<string, Record<string, string> | undefined>;
    const spec = pkg.devDependencies?.['@zave/platform'] ?? pkg.dependencies?.['@zave/platform'];
    if (spec && !spec.startsWith('file:')) found.add(spec);
  } catch {
    // an unreadable package.json pins nothing
  }
  const ci = readRegularFile(path.join(dir, '.github', 'workflows', 'ci.yml'))?.toString('utf8') ?? '';
  for (const m of ci.matchAll(/platform-workflows\/\.github\/workflows\/[\w.-]+@v([\w.+-]+)/g)) found.add(m[1]);
  return [...found].sort();
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.zave', 'dist', 'lib', 'build', 'target', 'vendor', '.venv', 'venv', '__pycache__']);
const MAX_SCAN_BYTES = 256 * 1024;

/** Expands `--repos` arguments: a folder that is a repository, or a folder of repositories. */
export function discoverTenantRepos(dirs: readonly string[]): string[] {
  const out = new Set<string>();
  const looksLikeRepo = (d: string) => ['.git', RECORD_PATH, 'zave.yaml'].some((m) => fs.existsSync(path.join(d, m)));
  for (const d of dirs) {
    if (looksLikeRepo(d)) {
      out.add(path.resolve(d));
      continue;
    }
    for (const name of fs.readdirSync(d).sort()) {
      const sub = path.join(d, name);
      if (!name.startsWith('.') && fs.statSync(sub).isDirectory() && looksLikeRepo(sub)) out.add(path.resolve(sub));
    }
  }
  return [...out].sort();
}

function originOf(dir: string): string | undefined {
  if (!fs.existsSync(path.join(dir, '.git'))) return undefined;
  try {
    return git(dir, ['remote', 'get-url', 'origin']).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function contractOf(dir: string): string | undefined {
  const bytes = readRegularFile(path.join(dir, 'zave.yaml'));
  return bytes ? createHash('sha256').update(bytes).digest('hex') : undefined;
}

function serviceFromContract(dir: string): string | undefined {
  try {
    const raw = YAML.parse(readRegularFile(path.join(dir, 'zave.yaml'))?.toString('utf8') ?? '') as Record<string, unknown>;
    return typeof raw?.service === 'string' ? raw.service : undefined;
  } catch {
    return undefined;
  }
}

function isKubernetesManifest(text: string): boolean {
  try {
    for (const doc of YAML.parseAllDocuments(text)) {
      const v = doc.toJS() as Record<string, unknown> | null;
      if (v && typeof v === 'object' && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && !v.apiVersion.startsWith('zave.dev/')) return true;
    }
  } catch {
    return false;
  }
  return false;
}

/** Classifies one file as hand-written deployment configuration, or undefined. */
function manifestKind(abs: string, rel: string): string | undefined {
  const name = path.posix.basename(rel);
  if (name === 'Chart.yaml') return 'Helm chart';
  if (/^kustomization\.ya?ml$|^Kustomization$/.test(name)) return 'kustomize';
  if (!/\.ya?ml$/.test(name)) return undefined;
  const text = readRegularFile(abs, MAX_SCAN_BYTES)?.toString('utf8');
  return text !== undefined && isKubernetesManifest(text) ? 'Kubernetes manifest' : undefined;
}

/**
 * Hand-written deployment configuration: Kubernetes manifests, Helm charts, kustomize folders.
 * In a git checkout the candidates are the files git tracks or would track (ignored build output
 * such as a cdk8s preview in dist/ is not the repository's content); otherwise the folder is walked.
 */
function scanManifests(dir: string, generated: Set<string>, gitOk: boolean): string[] {
  let files: string[];
  if (gitOk) {
    files = git(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).toString().split('\0').filter((f) => f.length > 0);
  } else {
    files = [];
    const walk = (abs: string, rel: string) => {
      for (const name of fs.readdirSync(abs).sort()) {
        const r = rel ? `${rel}/${name}` : name;
        const st = fs.lstatSync(path.join(abs, name));
        if (st.isDirectory() && !SKIP_DIRS.has(name)) walk(path.join(abs, name), r);
        else if (st.isFile()) files.push(r);
      }
    };
    walk(dir, '');
  }
  const skip = gitOk ? new Set(['node_modules']) : SKIP_DIRS;
  const found: string[] = [];
  for (const rel of [...new Set(files)].sort()) {
    if (generated.has(rel) || rel === 'zave.yaml' || rel.startsWith('.github/') || rel.split('/').some((seg) => skip.has(seg))) continue;
    const kind = manifestKind(path.join(dir, rel), rel);
    if (kind) found.push(`${rel} (${kind})`);
  }
  return found;
}

/**
 * Commits that changed a generated file by hand. Rule: a platform regeneration (`zave init`,
 * `npx projen`) rewrites the file and `.zave/repository.json` together, so right after such a commit
 * the file's sha256 equals the one the record lists at that commit. A commit that leaves a listed
 * generated file with bytes the record at that commit does not list (or deletes it while still
 * listed) changed it by hand.
 */
function manualCommits(dir: string, record: RepositoryRecord): ManualCommit[] {
  const paths = record.generatedFiles.map((f) => f.path);
  if (paths.length === 0) return [];
  const commits: CommitInfo[] = commitsTouching(dir, paths);
  const specs: string[] = [];
  for (const c of commits) {
    specs.push(`${c.sha}:${RECORD_PATH}`);
    for (const p of c.files) specs.push(`${c.sha}:${p}`);
  }
  const blobs = readObjects(dir, specs);
  let i = 0;
  const out: ManualCommit[] = [];
  for (const c of commits) {
    const recBlob = blobs[i++];
    const rec = recBlob ? parseRepositoryRecord(recBlob.toString('utf8')).record : undefined;
    const listed = new Map((rec?.generatedFiles ?? []).map((f) => [f.path, f.sha256]));
    const bad: string[] = [];
    for (const p of c.files) {
      const blob = blobs[i++];
      const want = listed.get(p);
      if (want === undefined) continue;
      if (blob === undefined || sha256(blob) !== want) bad.push(p);
    }
    if (bad.length > 0) out.push({ sha: c.sha, subject: c.subject, paths: bad.sort() });
  }
  return out;
}

/** Reads one tenant repository checkout. Never writes. */
export function readTenantView(dir: string): TenantView {
  const read = readRepositoryRecord(dir);
  const outside = (read.record?.generatedFiles ?? []).map((f) => f.path).filter((p) => path.isAbsolute(p) || path.posix.normalize(p).startsWith('../') || p.includes('\\'));
  // A record that lists files outside the repository is not trusted at all (and those files are never read).
  const record = outside.length > 0 ? undefined : read.record;
  const problem = outside.length > 0 ? `${RECORD_PATH} lists ${outside.join(', ')}, outside the repository` : read.problem;
  const generated = new Map((record?.generatedFiles ?? []).map((f) => [f.path, f.sha256]));
  const editedGenerated: string[] = [];
  const missingGenerated: string[] = [];
  for (const [p, want] of generated) {
    const abs = path.join(dir, p);
    const bytes = readRegularFile(abs);
    if (pathKind(abs) === 'missing') missingGenerated.push(p);
    else if (!bytes || sha256(bytes) !== want) editedGenerated.push(p);
  }
  const wfDir = path.join(dir, '.github', 'workflows');
  const workflows: WorkflowView[] = (fs.existsSync(wfDir) ? fs.readdirSync(wfDir).sort() : [])
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => `.github/workflows/${n}`)
    .map((p) => ({ path: p, state: !generated.has(p) ? 'hand-authored' : editedGenerated.includes(p) ? 'edited' : 'generated' }));
  const gitOk = isGitRepo(dir);
  return {
    name: path.basename(dir),
    dir,
    isGit: gitOk,
    ...(record ? { record } : {}),
    ...(problem ? { recordProblem: problem } : {}),
    service: record?.service ?? serviceFromContract(dir),
    ...(contractOf(dir) ? { contractSha: contractOf(dir) } : {}),
    ...(originOf(dir) ? { remote: originOf(dir) } : {}),
    workflows,
    editedGenerated: editedGenerated.sort(),
    missingGenerated: missingGenerated.sort(),
    handWrittenManifests: scanManifests(dir, new Set(generated.keys()), gitOk),
    manualCommits: record && gitOk ? manualCommits(dir, record) : [],
    platformVersions: pinnedVersions(dir, record),
  };
}
