/**
 * The ONE place `zave init` reaches the GitOps and lifecycle planes. Until `ensureEmbeddedGitOps`
 * (gitops plane) and `registerWorkload` (lifecycle plane) are on main, this file carries a minimal
 * stand-in with the agreed layout; switching to the real functions changes only this file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { git } from './git';
import { toYaml } from '../../common/yaml-output';
import { RepositoryKind } from '../../taxonomy/repository-kind';
import { buildRepositoryRecord, serializeRepositoryRecord, REPOSITORY_RECORD_PATH } from '../../taxonomy/repository-record';
import { platformVersion } from '../common/platform-version';

/** A GitOps repository ready to receive a registration. */
export interface GitOpsTarget {
  /** Absolute path of the local checkout. */
  readonly dir: string;
  /** Whether this call created it (rolled back by removing it). */
  readonly created: boolean;
}

/** What a registration produced on the GitOps repository. */
export interface RegistrationResult {
  /** The branch holding the registration, e.g. `zave/register-payments-api`. */
  readonly branch: string;
  /** The registration commit. */
  readonly commit: string;
}

/** Whether a `--gitops` value is a remote URL rather than a local directory. */
export function isRemoteGitOps(spec: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || /^[^/\\]+@[^:]+:/.test(spec);
}

const DEFAULT_PLATFORM = {
  apiVersion: 'zave.dev/v1',
  kind: 'Platform',
  environments: [
    { name: 'dev', domain: 'dev.zave.example', clusterName: 'dev', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-staging', minReplicas: 1, maxReplicas: 2, databaseInstances: 1 },
    { name: 'staging', domain: 'staging.zave.example', clusterName: 'staging', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-prod', minReplicas: 2, maxReplicas: 4, databaseInstances: 2 },
    { name: 'prod', domain: 'zave.example', clusterName: 'prod', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-prod', minReplicas: 2, maxReplicas: 10, databaseInstances: 3 },
  ],
};

/** Uses the GitOps repository at `dir`, creating the embedded local one when nothing is there. */
export async function ensureGitOps(dir: string, env: Record<string, string | undefined>): Promise<GitOpsTarget> {
  const abs = path.resolve(dir);
  if (fs.existsSync(abs)) {
    if (!fs.statSync(abs).isDirectory()) throw new Error(`the GitOps repository ${abs} is not a directory`);
    if (fs.existsSync(path.join(abs, '.git'))) {
      if (!fs.existsSync(path.join(abs, 'platform.yaml'))) throw new Error(`${abs} is a git repository without platform.yaml; it is not a zave GitOps repository`);
      return { dir: abs, created: false };
    }
    if (fs.readdirSync(abs).length > 0) throw new Error(`${abs} exists, is not empty and is not a git repository; pass --gitops with a GitOps repository or an empty directory`);
  }
  fs.mkdirSync(abs, { recursive: true });
  try {
    const files: Record<string, string> = { 'platform.yaml': toYaml(DEFAULT_PLATFORM) };
    const record = buildRepositoryRecord({ kind: RepositoryKind.GITOPS, platformVersion: platformVersion(), onboardedBy: 'zave init' }, {});
    files[REPOSITORY_RECORD_PATH] = serializeRepositoryRecord(record);
    for (const [p, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(abs, p)), { recursive: true });
      fs.writeFileSync(path.join(abs, p), content);
    }
    git(abs, ['-c', 'init.defaultBranch=main', 'init', '-q', '-b', 'main'], env);
    git(abs, ['add', '-A'], env);
    git(abs, ['commit', '-q', '-m', 'Create the embedded GitOps repository'], env);
  } catch (e) {
    fs.rmSync(abs, { recursive: true, force: true });
    throw e;
  }
  return { dir: abs, created: true };
}

/** Registers a workload on branch `zave/register-<service>` without touching the checkout's working tree. */
export async function registerInGitOps(
  gitops: GitOpsTarget,
  request: { service: string; contractText: string; repository: string },
  env: Record<string, string | undefined>,
): Promise<RegistrationResult> {
  const branch = `zave/register-${request.service}`;
  const existing = path.join(gitops.dir, 'workloads', request.service, 'registration.yaml');
  if (fs.existsSync(existing)) {
    throw new Error(`service ${request.service} is already registered in ${gitops.dir} (see workloads/${request.service}/registration.yaml); pick another --name`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-register-'));
  const tree = path.join(work, 'tree');
  try {
    git(gitops.dir, ['worktree', 'add', '-q', '-b', branch, tree, 'HEAD'], env);
    const dir = path.join(tree, 'workloads', request.service);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'zave.yaml'), request.contractText);
    fs.writeFileSync(path.join(dir, 'registration.yaml'), toYaml({ apiVersion: 'zave.dev/v1', kind: 'Registration', service: request.service, repository: request.repository }));
    git(tree, ['add', '-A'], env);
    git(tree, ['commit', '-q', '-m', `Register ${request.service}`, '-m', `Zave-Verb: register\nZave-Service: ${request.service}`], env);
    const commit = git(tree, ['rev-parse', 'HEAD'], env);
    return { branch, commit };
  } catch (e) {
    try {
      git(gitops.dir, ['branch', '-D', branch], env);
    } catch {
      // the branch was never created
    }
    throw e;
  } finally {
    try {
      git(gitops.dir, ['worktree', 'remove', '--force', tree], env);
    } catch {
      // nothing to remove
    }
    fs.rmSync(work, { recursive: true, force: true });
    try {
      git(gitops.dir, ['worktree', 'prune'], env);
    } catch {
      // best effort
    }
  }
}

/** Undoes a registration made by this run (used when a later step fails). */
export async function discardRegistration(gitops: GitOpsTarget, registration: RegistrationResult, env: Record<string, string | undefined>): Promise<void> {
  git(gitops.dir, ['branch', '-D', registration.branch], env);
}
