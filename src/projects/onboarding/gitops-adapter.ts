/**
 * The ONE place `zave init` reaches the GitOps and lifecycle planes: `ensureEmbeddedGitOps` (gitops
 * plane) creates the local GitOps repository when there is none, `registerWorkload` (lifecycle plane)
 * registers the workload on branch `zave/register-<service>`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { git } from './git';
import { ensureEmbeddedGitOps } from '../../gitops/embedded';
import { registerWorkload } from '../../gitops/lifecycle/register';
import { isRemoteUrl } from '../../gitops/lifecycle/synth-adapter';

/** A GitOps repository ready to receive a registration. */
export interface GitOpsTarget {
  /** Absolute path of the local checkout, or the remote URL. */
  readonly dir: string;
  /** Whether this call created it (rolled back by removing it). */
  readonly created: boolean;
  /** Whether it is a remote (URL): the registration branch is pushed there. */
  readonly remote: boolean;
}

/** What a registration produced on the GitOps repository. */
export interface RegistrationResult {
  /** The branch holding the registration, e.g. `zave/register-payments-api`. */
  readonly branch: string;
  /** The registration commit. */
  readonly commit: string;
  /** Whether the branch was pushed to a remote. */
  readonly pushed: boolean;
  /** One line for people (from the lifecycle plane). */
  readonly summary: string;
}

/** Whether a `--gitops` value is a remote URL rather than a local directory. */
export function isRemoteGitOps(spec: string): boolean {
  return isRemoteUrl(spec);
}

/**
 * Whether a `--gitops` location is the embedded kind: a local checkout with a working tree (not a URL,
 * not a bare repository). Only there may a tenant without a remote URL be recorded by its local path.
 */
export function isEmbeddedGitOps(location: string): boolean {
  return !isRemoteGitOps(location) && !isBareRepository(path.resolve(location));
}

/** Uses the GitOps repository at `location`, creating the embedded local one when nothing is there. */
export async function ensureGitOps(location: string, env: Record<string, string | undefined>): Promise<GitOpsTarget> {
  if (isRemoteGitOps(location)) return { dir: location, created: false, remote: true };
  const abs = path.resolve(location);
  if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw new Error(`the GitOps repository ${abs} is not a directory`);
  if (isBareRepository(abs)) return { dir: abs, created: false, remote: true };
  const existed = fs.existsSync(abs);
  try {
    const result = await ensureEmbeddedGitOps(abs, env);
    return { dir: result.dir, created: result.created, remote: false };
  } catch (e) {
    if (!existed) fs.rmSync(abs, { recursive: true, force: true });
    throw e;
  }
}

/** Whether `dir` is a bare git repository (a remote on the local filesystem). */
export function isBareRepository(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects')) && fs.existsSync(path.join(dir, 'refs')) && !fs.existsSync(path.join(dir, '.git'));
}

/** Registers a workload (lifecycle plane): a branch on a local checkout, or a pushed branch on a remote. */
export async function registerInGitOps(
  gitops: GitOpsTarget,
  request: { service: string; contractText: string; repository: string },
  env: Record<string, string | undefined>,
): Promise<RegistrationResult> {
  const result = await registerWorkload({ gitops: gitops.dir, contractText: request.contractText, contractFile: 'zave.yaml', repository: request.repository, env });
  return { branch: result.branch, commit: result.commit ?? '', pushed: result.pushed, summary: result.summary };
}

/** Undoes a registration made by this run on a local checkout (used when a later step fails). */
export async function discardRegistration(gitops: GitOpsTarget, registration: RegistrationResult, env: Record<string, string | undefined>): Promise<void> {
  if (gitops.remote || registration.pushed) return; // a pushed branch is a proposal others may already see: left for review
  git(gitops.dir, ['branch', '-D', registration.branch], env);
}
