import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffDeploy, EnvironmentChange, snapshotDeploy } from './deploy-diff';
import { describeChange, ImageChange, LifecycleVerb } from './describe';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { acquireLock, HeldLock } from './lock';
import { environmentOrder, runSynth, SYNTH_PRIVATE_PATHS } from './synth-adapter';
import { GitOpsTarget, resolveTarget } from './target';
import { LifecycleOptions, LifecycleResult } from './types';
import { Git, gitEnvironment } from '../git';
import { choosePullRequestClient } from '../github/choose-client';
import { PullRequestOutcome } from '../github/pull-request-client';

/** What a verb plans to change, decided against the base tip (called again on every attempt). */
export interface PlannedChange {
  readonly title: string;
  readonly summary: string;
  readonly images: ImageChange[];
  readonly review: string[];
  readonly trailers: Array<[string, string]>;
  /** What to say when the result equals what is there. */
  readonly unchangedSummary: string;
  /** Target environment, when only known from platform.yaml (overrides the spec's). */
  readonly environment?: string;
  /** Branch, when only known from platform.yaml (overrides the spec's). */
  readonly branch?: string;
}

/** One lifecycle change: branch, and the function that edits the GitOps root. */
export interface ChangeSpec {
  readonly verb: LifecycleVerb;
  readonly service: string;
  readonly environment?: string;
  readonly branch: string;
  /** Edits files under `root` (the GitOps root in the temporary workspace) and says what it did. Throws LifecycleError to refuse. */
  apply(root: string): Promise<PlannedChange> | PlannedChange;
}

const ZERO_OID = '0000000000000000000000000000000000000000';
/** The temporary workspace runs no checkout/commit hooks of the user's (push hooks still run). */
const NO_HOOKS = ['-c', `core.hooksPath=${process.platform === 'win32' ? 'NUL' : '/dev/null'}`];

/**
 * Runs a change the same way for every verb: a temporary workspace (clone or worktree), apply, synth,
 * diff, commit, publish (push with lease, retried on rejection, or an atomic local ref update), then the
 * pull request. On any failure the workspace is removed and the remote/branch is left as it was.
 */
export async function runChange(spec: ChangeSpec, options: LifecycleOptions): Promise<LifecycleResult> {
  const env = options.env ?? process.env;
  const progress = options.onProgress ?? (() => undefined);
  const git = new Git(process.cwd(), gitEnvironment(env));
  const target = await resolveTarget(options.gitops, git);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-lifecycle-'));
  let lock: HeldLock | undefined;
  try {
    if (target.kind === 'remote') return await runRemote(spec, options, target, git.at(tmp), tmp);
    const repo = git.at(target.repoDir!);
    const common = path.resolve(target.repoDir!, await repo.text(['rev-parse', '--git-common-dir']));
    lock = await acquireLock(path.join(common, 'zave-lifecycle.lock'), { onWait: (pid) => progress(`waiting for another zave verb (pid ${pid ?? '?'}) on ${target.repoDir}`) });
    return await runLocal(spec, options, target, repo, tmp);
  } finally {
    lock?.release();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

interface Prepared {
  readonly plan: PlannedChange;
  readonly changes: EnvironmentChange[];
  readonly tree?: string;
}

/** Applies the change in `work` (checked out at the base), runs synth, stages, and returns the new tree (undefined: no change). */
async function prepare(spec: ChangeSpec, work: Git, target: GitOpsTarget, progress: (m: string) => void): Promise<Prepared> {
  const root = path.join(work.cwd, target.prefix);
  if (!fs.existsSync(path.join(root, 'platform.yaml'))) {
    throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `${target.location}${target.prefix ? `/${target.prefix}` : ''} has no platform.yaml on its base branch: it is not a GitOps repository`);
  }
  const order = environmentOrder(root);
  const before = snapshotDeploy(root);
  const plan = await spec.apply(root);
  progress('rendering deploy/ (zave synth)');
  const synth = await runSynth(root, false, progress);
  if (synth.problems.length > 0) {
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED,
      `the GitOps repository does not synthesize after this change (${synth.problems.length} problem(s)); nothing was committed:\n${synth.problems.map((p) => `  ${p}`).join('\n')}`, synth.issues);
  }
  const changes = diffDeploy(before, snapshotDeploy(root), order);
  const scope = target.prefix ? `${target.prefix}/` : '';
  await work.run(['add', '--all', '--', scope || '.']);
  // Synth's cache and staging are private to the machine: never committed, even without a .gitignore.
  await work.run(['rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', ...SYNTH_PRIVATE_PATHS.map((p) => `${scope}${p}`)]);
  const staged = await work.run(['diff', '--cached', '--quiet'], { okCodes: [0, 1] });
  if (staged.code === 0) return { plan, changes };
  return { plan, changes, tree: await work.text(['write-tree']) };
}

function withPlan(spec: ChangeSpec, plan: PlannedChange): ChangeSpec {
  return { ...spec, branch: plan.branch ?? spec.branch, environment: plan.environment ?? spec.environment, apply: spec.apply };
}

async function commit(work: Git, message: string): Promise<string> {
  const identity: string[] = [];
  const email = await work.run(['config', '--get', 'user.email'], { okCodes: [0, 1] });
  if (email.code !== 0) identity.push('-c', 'user.name=zave', '-c', 'user.email=zave@localhost');
  await work.run([...NO_HOOKS, ...identity, 'commit', '--quiet', '--no-verify', '--file=-'], { input: message });
  return work.text(['rev-parse', 'HEAD']);
}

/** True when `sha` is one commit on top of `base` with exactly `tree` (the change is already there). */
async function sameProposal(git: Git, sha: string | undefined, base: string, tree: string): Promise<boolean> {
  if (!sha) return false;
  const info = await git.text(['show', '-s', '--format=%T %P', sha]);
  return info === `${tree} ${base}`;
}

function unchanged(spec: ChangeSpec, base: string, repository: string, summary: string, attempts: number): LifecycleResult {
  return {
    verb: spec.verb,
    service: spec.service,
    environment: spec.environment,
    changed: false,
    branch: spec.branch,
    base,
    summary,
    changes: [],
    images: [],
    pushed: false,
    repository,
    attempts,
  };
}

/** The result of a verb that committed a change (remote push or local branch). */
function changedResult(spec: ChangeSpec, base: string, sha: string, text: ReturnType<typeof describeChange>, prepared: Prepared,
  pullRequest: PullRequestOutcome, where: { summary: string; pushed: boolean; repository: string; attempts: number }): LifecycleResult {
  return {
    verb: spec.verb,
    service: spec.service,
    environment: spec.environment,
    changed: true,
    branch: spec.branch,
    base,
    commit: sha,
    summary: where.summary,
    title: text.title,
    commitMessage: text.commitMessage,
    body: text.body,
    changes: prepared.changes,
    images: prepared.plan.images,
    pushed: where.pushed,
    repository: where.repository,
    pullRequest,
    attempts: where.attempts,
  };
}

async function runRemote(initial: ChangeSpec, options: LifecycleOptions, target: GitOpsTarget, git: Git, tmp: string): Promise<LifecycleResult> {
  let spec = initial;
  const progress = options.onProgress ?? (() => undefined);
  const env = options.env ?? process.env;
  const dir = path.join(tmp, 'repo');
  progress(`cloning ${target.location}`);
  await git.run(['clone', '--quiet', '--no-tags', '--no-checkout', target.location, dir]);
  const work = git.at(dir);
  const base = options.base ?? await remoteDefaultBranch(work, target.location);
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await work.run(['fetch', '--quiet', '--prune', '--no-tags', 'origin']);
    const baseSha = await work.revParse(`refs/remotes/origin/${base}`);
    if (!baseSha) throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `${target.location} has no branch "${base}" (is the repository empty?)`);
    await work.run([...NO_HOOKS, 'checkout', '--quiet', '--force', '--detach', baseSha]);
    await work.run(['clean', '--quiet', '-fdx']);
    const prepared = await prepare(spec, work, target, progress);
    spec = withPlan(spec, prepared.plan);
    const oldSha = await work.revParse(`refs/remotes/origin/${spec.branch}`);
    if (!prepared.tree) return unchanged(spec, base, target.location, prepared.plan.unchangedSummary, attempt);
    if (await sameProposal(work, oldSha, baseSha, prepared.tree)) {
      return unchanged(spec, base, target.location, `branch ${spec.branch} already proposes exactly this change; nothing to do`, attempt);
    }
    const text = describeChange({ verb: spec.verb, service: spec.service, ...prepared.plan, changes: prepared.changes });
    const sha = await commit(work, text.commitMessage);
    progress(`committed ${sha.slice(0, 12)} ${text.title}`);
    await options.hooks?.afterCommit?.();
    progress(`pushing ${spec.branch} to ${target.location}`);
    const push = await work.run(['push', '--porcelain', `--force-with-lease=refs/heads/${spec.branch}:${oldSha ?? ''}`, 'origin', `${sha}:refs/heads/${spec.branch}`], { okCodes: [0, 1] });
    if (push.code !== 0) {
      const why = `${push.stdout}\n${push.stderr}`;
      if (/stale info|non-fast-forward|fetch first|rejected/.test(why) && !/pre-receive hook declined|hook declined/.test(why) && attempt < maxAttempts) {
        progress(`push rejected: ${spec.branch} moved on the remote; redoing the change on the new tip (attempt ${attempt + 1} of ${maxAttempts})`);
        continue;
      }
      throw new LifecycleError(LifecycleErrorCode.PUSH_FAILED, `pushing ${spec.branch} to ${target.location} failed after ${attempt} attempt(s): ${why.trim().split('\n').filter((l) => l && l !== 'Done').join(' | ')}`);
    }
    const pullRequest = await openPullRequest(options, env, { remoteUrl: target.location }, spec.branch, base, text.title, text.body, async () => {
      // Undo the push: restore the branch to what it was (or delete it).
      progress(`pull request failed: restoring ${spec.branch} on the remote`);
      await work.run(['push', '--quiet', `--force-with-lease=refs/heads/${spec.branch}:${sha}`, 'origin', oldSha ? `${oldSha}:refs/heads/${spec.branch}` : `:refs/heads/${spec.branch}`], { okCodes: [0, 1] });
    }, progress);
    return changedResult(spec, base, sha, text, prepared, pullRequest, {
      summary: `${text.title} (branch ${spec.branch} pushed to ${target.location})`, pushed: true, repository: target.location, attempts: attempt,
    });
  }
}

async function runLocal(initial: ChangeSpec, options: LifecycleOptions, target: GitOpsTarget, repo: Git, tmp: string): Promise<LifecycleResult> {
  let spec = initial;
  const progress = options.onProgress ?? (() => undefined);
  const env = options.env ?? process.env;
  const base = options.base ?? (await repo.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], { okCodes: [0, 1] })).stdout.trim();
  if (!base) throw new LifecycleError(LifecycleErrorCode.BRANCH_CHECKED_OUT, `${target.repoDir} has a detached HEAD; check out the branch changes are proposed into (e.g. main) or pass a base branch`);
  const baseSha = await repo.revParse(`refs/heads/${base}`);
  if (!baseSha) throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `${target.repoDir} has no commit on "${base}" yet; commit platform.yaml first`);
  const dir = path.join(tmp, 'worktree');
  progress(`preparing a temporary worktree of ${target.repoDir} at ${base}`);
  await repo.run([...NO_HOOKS, 'worktree', 'add', '--quiet', '--detach', dir, baseSha]);
  try {
    const work = repo.at(dir);
    const prepared = await prepare(spec, work, target, progress);
    spec = withPlan(spec, prepared.plan);
    const oldSha = await repo.revParse(`refs/heads/${spec.branch}`);
    if (!prepared.tree) return unchanged(spec, base, target.repoDir!, prepared.plan.unchangedSummary, 1);
    if (await sameProposal(repo, oldSha, baseSha, prepared.tree)) {
      return unchanged(spec, base, target.repoDir!, `branch ${spec.branch} already proposes exactly this change; nothing to do`, 1);
    }
    const worktrees = await repo.text(['worktree', 'list', '--porcelain']);
    if (worktrees.split('\n').includes(`branch refs/heads/${spec.branch}`)) {
      throw new LifecycleError(LifecycleErrorCode.BRANCH_CHECKED_OUT, `branch ${spec.branch} is checked out in a worktree of ${target.repoDir}; switch that worktree to another branch first, so zave can update it`);
    }
    const text = describeChange({ verb: spec.verb, service: spec.service, ...prepared.plan, changes: prepared.changes });
    const sha = await commit(work, text.commitMessage);
    progress(`committed ${sha.slice(0, 12)} ${text.title}`);
    await options.hooks?.afterCommit?.();
    await repo.run(['update-ref', '-m', `zave ${spec.verb}`, `refs/heads/${spec.branch}`, sha, oldSha ?? ZERO_OID]);
    progress(`branch ${spec.branch} now points at ${sha.slice(0, 12)}`);
    const pullRequest = await openPullRequest(options, env, { localDir: target.repoDir }, spec.branch, base, text.title, text.body, async () => {
      const restore = oldSha ? ['update-ref', `refs/heads/${spec.branch}`, oldSha, sha] : ['update-ref', '-d', `refs/heads/${spec.branch}`, sha];
      await repo.run(restore, { okCodes: [0, 1, 128] });
    }, progress);
    return changedResult(spec, base, sha, text, prepared, pullRequest, {
      summary: `${text.title} (branch ${spec.branch} in ${target.repoDir})`, pushed: false, repository: target.repoDir!, attempts: 1,
    });
  } finally {
    await repo.run(['worktree', 'remove', '--force', dir], { okCodes: [0, 1, 128] });
    await repo.run(['worktree', 'prune'], { okCodes: [0, 1, 128] });
  }
}

async function openPullRequest(options: LifecycleOptions, env: Record<string, string | undefined>, where: { remoteUrl?: string; localDir?: string },
  branch: string, base: string, title: string, body: string, undo: () => Promise<void>, progress: (m: string) => void): Promise<PullRequestOutcome> {
  const client = options.pullRequests ?? choosePullRequestClient({ ...where, env });
  try {
    const outcome = await client.ensurePullRequest({ head: branch, base, title, body });
    if (outcome.url && outcome.action !== 'instructions') progress(`pull request ${outcome.action}: ${outcome.url}`);
    return outcome;
  } catch (e) {
    await undo();
    throw new LifecycleError(LifecycleErrorCode.PUSH_FAILED, `opening the pull request for ${branch} failed, so the branch was restored: ${(e as Error).message}`);
  }
}

async function remoteDefaultBranch(work: Git, location: string): Promise<string> {
  const head = await work.run(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], { okCodes: [0, 1, 128] });
  if (head.code === 0 && head.stdout.trim()) return head.stdout.trim().replace(/^origin\//, '');
  const branches = (await work.text(['for-each-ref', '--format=%(refname:short)', 'refs/remotes/origin/'])).split('\n').filter(Boolean);
  if (branches.includes('origin/main')) return 'main';
  throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `cannot tell the default branch of ${location} (is it empty?); pass a base branch`);
}

