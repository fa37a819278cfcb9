/**
 * The ONE place `zave init` reaches the GitOps and lifecycle planes: `ensureEmbeddedGitOps` (gitops
 * plane) and, until `registerWorkload` (lifecycle plane) is on main, a minimal registration stand-in
 * with the agreed layout and trailers; switching to the real function changes only this file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { git } from './git';
import { toYaml } from '../../common/yaml-output';
import { ensureEmbeddedGitOps } from '../../gitops/embedded';
import { synthesize } from '../../gitops/synth/synthesize';

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

/** Uses the GitOps repository at `dir`, creating the embedded local one (gitops plane) when nothing is there. */
export async function ensureGitOps(dir: string, _env: Record<string, string | undefined>): Promise<GitOpsTarget> {
  const abs = path.resolve(dir);
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw new Error(`the GitOps repository ${abs} is not a directory`);
  const existed = fs.existsSync(abs);
  try {
    return await ensureEmbeddedGitOps(abs);
  } catch (e) {
    if (!existed) fs.rmSync(abs, { recursive: true, force: true });
    throw e;
  }
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
    const synth = await synthesize({ repoDir: tree, workers: 0 });
    if (!synth.ok) throw new Error(`the GitOps repository does not synthesize with ${request.service} registered: ${synth.summary}`);
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
