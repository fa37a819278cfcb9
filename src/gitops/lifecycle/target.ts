import * as fs from 'fs';
import * as path from 'path';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { isRemoteUrl } from './synth-adapter';
import { Git } from '../git';

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
  /** The repository's object format (local only; a remote's is read from its clone). */
  readonly objectFormat?: 'sha1' | 'sha256';
  /** True when the checkout has linked worktrees (`git worktree add`), whose branches a verb must not move (local only). */
  readonly hasWorktrees?: boolean;
}

/** Classifies a GitOps location (URL, bare repository, checkout, or folder inside a checkout). */
export async function resolveTarget(location: string, git: Git): Promise<GitOpsTarget> {
  if (isRemoteUrl(location)) return { kind: 'remote', location, prefix: '' };
  const dir = path.resolve(location);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new LifecycleError(LifecycleErrorCode.GITOPS_NOT_FOUND,
      `GitOps repository not found at ${dir}; pass --gitops DIR|URL or set ZAVE_GITOPS (zave init creates an embedded ./gitops)`);
  }
  // One git process answers all four (in a bare repository git stops, with status 128, at --show-toplevel).
  const out = await git.at(dir).run(['rev-parse', '--is-bare-repository', '--show-object-format', '--git-common-dir', '--show-toplevel'], { okCodes: [0, 128] });
  const [bare, format, commonDir, top] = out.stdout.split('\n');
  if (bare === 'true') return { kind: 'remote', location: dir, prefix: '' };
  if (out.code !== 0 || bare !== 'false' || !top) {
    throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `${dir} is not inside a git repository (${out.stderr.split('\n')[0]}); run "git init" there and commit platform.yaml first`);
  }
  const prefix = path.relative(fs.realpathSync(top), fs.realpathSync(dir)).split(path.sep).join('/');
  const worktrees = path.join(path.resolve(dir, commonDir), 'worktrees');
  return {
    kind: 'local',
    location: dir,
    repoDir: top,
    prefix,
    objectFormat: format === 'sha256' ? 'sha256' : 'sha1',
    hasWorktrees: fs.existsSync(worktrees) && fs.readdirSync(worktrees).length > 0,
  };
}
