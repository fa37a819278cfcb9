import * as fs from 'fs';
import * as path from 'path';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { isRemoteUrl } from './synth-adapter';
import { Git, GitError } from '../git';

/**
 * Where the GitOps repository is, and how a verb publishes to it:
 * - `remote`: a URL or a bare repository path. The verb works in a temporary clone and pushes the branch.
 * - `local`: a non-bare checkout (or a folder inside one, such as an embedded `./gitops`). The verb works in
 *   a temporary worktree and creates the branch in that repository; nothing is pushed and the checkout's
 *   own working tree, index and HEAD are never touched.
 */
export interface GitOpsTarget {
  readonly kind: 'remote' | 'local';
  /** The URL or absolute path as given. */
  readonly location: string;
  /** Top level of the local checkout (local only). */
  readonly repoDir?: string;
  /** The GitOps root inside the repository, `''` when it is the top level (e.g. `gitops`). */
  readonly prefix: string;
}

/** Classifies a GitOps location (URL, bare repository, checkout, or folder inside a checkout). */
export async function resolveTarget(location: string, git: Git): Promise<GitOpsTarget> {
  if (isRemoteUrl(location)) return { kind: 'remote', location, prefix: '' };
  const dir = path.resolve(location);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new LifecycleError(LifecycleErrorCode.GITOPS_NOT_FOUND,
      `GitOps repository not found at ${dir}; pass --gitops DIR|URL or set ZAVE_GITOPS (zave init creates an embedded ./gitops)`);
  }
  const at = git.at(dir);
  let bare: string;
  try {
    bare = await at.text(['rev-parse', '--is-bare-repository']);
  } catch (e) {
    if (e instanceof GitError) {
      throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `${dir} is not inside a git repository (${e.stderr.split('\n')[0]}); run "git init" there and commit platform.yaml first`);
    }
    throw e;
  }
  if (bare === 'true') return { kind: 'remote', location: dir, prefix: '' };
  const top = await at.text(['rev-parse', '--show-toplevel']);
  const prefix = path.relative(fs.realpathSync(top), fs.realpathSync(dir)).split(path.sep).join('/');
  return { kind: 'local', location: dir, repoDir: top, prefix };
}
