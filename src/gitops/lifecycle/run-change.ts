import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentChange } from './deploy-diff';
import { ContractChange, describeChange, ImageChange, LifecycleVerb } from './describe';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { IntentTree, MIGRATED, scopeReleases } from './state-files';
import { GitOpsTarget, resolveTarget } from './target';
import { computeTreeChange, EnvironmentScope, intentSource } from './tree-change';
import { TreeEdit, writeTree } from './tree-writer';
import { LifecycleOptions, LifecycleResult } from './types';
import { Git, GitError, gitEnvironment } from '../git';
import { choosePullRequestClient } from '../github/choose-client';
import { PullRequestOutcome } from '../github/pull-request-client';
import { privateStateDir } from '../repo/private-dir';
import { scratchDir } from '../repo/scratch';
import { OverlaySource, WriteRefusedError } from '../repo/source';

/** What a verb plans to change, decided against the base tip (called again on every attempt). */
export interface PlannedChange {
  readonly title: string;
  readonly summary: string;
  readonly images: ImageChange[];
  /** The contract revision moved, if any (shown field by field above the object diff). */
  readonly contract?: ContractChange;
  readonly review: string[];
  readonly trailers: Array<[string, string]>;
  /** What to say when the result equals what is there. */
  readonly unchangedSummary: string;
  /** Target environment, when only known from platform.yaml (overrides the spec's). */
  readonly environment?: string;
  /** Branch, when only known from platform.yaml (overrides the spec's). */
  readonly branch?: string;
  /** What happens to stateful objects leaving the rendered state. @default the generic note of describeChange */
  readonly statefulNote?: string;
}

/** One lifecycle change: branch, the services it may re-render, and the function that edits the intent files. */
export interface ChangeSpec {
  readonly verb: LifecycleVerb;
  readonly service: string;
  readonly environment?: string;
  readonly branch: string;
  /** Services whose rendered manifests the edit can change. @default every registered service */
  readonly services?: readonly string[];
  /**
   * Environments whose promotion state the edit reads, and those it writes, when it goes as expected:
   * read up front with the base's other files (one git process), with the deploy/ folders of those it
   * writes. Any other is read when asked for. @default every environment
   */
  readonly environments?: EnvironmentScope;
  /** Edits the intent files (platform.yaml, workloads/, environments/) and says what it did. Throws LifecycleError to refuse. */
  apply(tree: IntentTree, history: RepoHistory): Promise<PlannedChange> | PlannedChange;
}

/** Earlier versions of a GitOps file on the base branch, newest first (what rollback reads). */
export interface RepoHistory {
  /** Up to `max` commits that changed `rel` (relative to the GitOps root), each with the file's bytes there (undefined: deleted). */
  versions(rel: string, max: number): Array<{ readonly commit: string; readonly subject: string; readonly bytes?: Buffer }>;
  /** The bytes of `rel` at `commit`, if it has the file. */
  at(commit: string, rel: string): Buffer | undefined;
  /** The full commit id of a revision the user named, when it is an ancestor of (or equal to) the base. */
  resolve(revision: string): string | undefined;
}

function historyOf(git: Git, base: string, prefix: string): RepoHistory {
  const full = (rel: string) => (prefix ? `${prefix}/${rel}` : rel);
  const at = (commit: string, rel: string): Buffer | undefined => {
    try {
      return git.runSync(['cat-file', 'blob', `${commit}:${full(rel)}`]);
    } catch {
      return undefined;
    }
  };
  return {
    versions(rel, max) {
      const out = git.runSync(['log', `-n${max}`, '--format=%H%x00%s', base, '--', full(rel)]).toString('utf8');
      return out.split('\n').filter(Boolean).map((line) => {
        const [commit, subject] = line.split('\0');
        const bytes = at(commit, rel);
        return { commit, subject, ...(bytes ? { bytes } : {}) };
      });
    },
    at,
    resolve(revision) {
      try {
        const commit = git.runSync(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).toString('utf8').trim();
        git.runSync(['merge-base', '--is-ancestor', commit, base]);
        return commit;
      } catch {
        return undefined;
      }
    },
  };
}

const ZERO_OID = /^0+$/;

/**
 * Runs a change the same way for every verb, with git plumbing only: read the base commit's intent
 * files from git objects, apply the edit in memory, render the affected (environment, service) pairs,
 * write the new tree through a private index, `commit-tree`, then publish (an atomic compare-and-swap
 * `update-ref` for a local repository, a push with lease for a remote, both redone on the new tip
 * when someone else moved the branch), then the pull request. Nothing is checked out; nothing is
 * locked; on any failure the branch is left as it was and the scratch folder is removed.
 */
export async function runChange(spec: ChangeSpec, options: LifecycleOptions): Promise<LifecycleResult> {
  const env = options.env ?? process.env;
  const git = new Git(process.cwd(), gitEnvironment(env));
  const target = await resolveTarget(options.gitops, git);
  if (target.kind === 'remote') {
    const tmp = scratchDir();
    try {
      return await runRemote(spec, options, target, git, tmp);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const repo = git.at(target.repoDir!);
  const tmp = scratchDir(path.join(privateStateDir(target.repoDir!), 'scratch'));
  try {
    return await runLocal(spec, options, target, repo, tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

interface Prepared {
  readonly plan: PlannedChange;
  readonly changes: EnvironmentChange[];
  readonly edits: TreeEdit[];
  readonly migrated: boolean;
}

async function objectFormat(git: Git, known?: 'sha1' | 'sha256'): Promise<'sha1' | 'sha256'> {
  if (known) return known;
  const out = await git.run(['rev-parse', '--show-object-format'], { okCodes: [0, 128] });
  return out.stdout.trim() === 'sha256' ? 'sha256' : 'sha1';
}

/** A branch tip: its commit and that commit's tree (one git process), or undefined when the branch does not exist. */
async function tipOf(git: Git, branch: string): Promise<{ commit: string; tree: string } | undefined> {
  const out = await git.run(['rev-parse', `refs/heads/${branch}^{commit}`, `refs/heads/${branch}^{tree}`], { okCodes: [0, 128] });
  const [commit, tree] = out.stdout.split('\n');
  return out.code === 0 && commit && tree ? { commit, tree } : undefined;
}

/**
 * The branch HEAD is on and that branch's tip (commit and tree), by one git process; undefined when
 * that does not answer (a detached or unborn HEAD, HEAD on something other than a branch): ask in two steps then.
 */
async function headTip(git: Git): Promise<{ branch: string; tip: { commit: string; tree: string } } | undefined> {
  // --symbolic-full-name applies to the names after it: HEAD's ref comes last.
  const out = await git.run(['rev-parse', 'HEAD^{commit}', 'HEAD^{tree}', '--symbolic-full-name', 'HEAD'], { okCodes: [0, 128] });
  const [commit, tree, ref] = out.stdout.split('\n');
  if (out.code !== 0 || !ref?.startsWith('refs/heads/') || !commit || !tree) return undefined;
  return { branch: ref.slice('refs/heads/'.length), tip: { commit, tree } };
}

/** What a verb needs to know of the commit its branch held before: tree, parents, subject (one git process). */
interface OldProposal {
  readonly sha: string;
  readonly tree: string;
  readonly parents: string;
  readonly subject: string;
}

async function oldProposal(git: Git, sha: string | undefined): Promise<OldProposal | undefined> {
  if (!sha) return undefined;
  const [tree, parents, subject] = (await git.text(['show', '-s', '--format=%T%x00%P%x00%s', sha])).split('\0');
  return { sha, tree, parents, subject };
}

/** Applies the edit to the base commit's intent files and computes every file it changes (nothing written). */
async function prepare(spec: ChangeSpec, git: Git, base: string, prefix: string, progress: (m: string) => void, format?: 'sha1' | 'sha256'): Promise<Prepared> {
  const intent = new OverlaySource(intentSource(git, base, prefix, spec.services ?? [], spec.environments));
  // A verb of some services checks their promotion-state entries; a change of the whole fleet checks all.
  if (spec.services) scopeReleases(intent, spec.services);
  let plan: PlannedChange;
  try {
    plan = await spec.apply(intent, historyOf(git, base, prefix));
    const migrated = MIGRATED.get(intent);
    if (migrated) {
      plan = {
        ...plan,
        review: [...plan.review, `This change also pins every release in ${migrated.join(', ')} to the contract revision and platform version it runs (the promotion-state format of zave 0.1): what runs there does not change.`],
        trailers: [...plan.trailers, ['Zave-Migration', 'releases']],
      };
    }
  } catch (e) {
    if (e instanceof WriteRefusedError) throw new LifecycleError(LifecycleErrorCode.UNSAFE_PATH, `${e.message}; remove the link from the repository first`);
    throw e;
  }
  const tree = await computeTreeChange(git, base, prefix, intent, spec.services ?? 'all', await objectFormat(git, format), progress);
  return { plan, changes: tree.deployChanges, edits: tree.edits, migrated: tree.migrated };
}

function withPlan(spec: ChangeSpec, plan: PlannedChange): ChangeSpec {
  return { ...spec, branch: plan.branch ?? spec.branch, environment: plan.environment ?? spec.environment, apply: spec.apply };
}

/** True when the old proposal is one commit on top of `base` with exactly `tree` (the change is already there). */
function sameProposal(old: OldProposal | undefined, base: string, tree: string): boolean {
  return old !== undefined && old.tree === tree && old.parents === base;
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

/** Review lines for what the branch held before, and for a layout migration. */
async function contextNotes(git: Git, old: OldProposal | undefined, base: string, prepared: Prepared): Promise<string[]> {
  const notes: string[] = [];
  if (prepared.migrated) {
    notes.push('This change also moves deploy/ to the layout of zave 0.1: one multi-document file per (environment, workload) instead of one file per object. No object changes because of that; only the files they live in.');
  }
  const merged = old ? (await git.run(['merge-base', '--is-ancestor', old.sha, base], { okCodes: [0, 1, 128] })).code === 0 : false;
  if (old && !merged) {
    notes.push(old.parents === base
      ? `Supersedes the earlier proposal on this branch (${old.sha.slice(0, 12)} "${old.subject}"): that commit is replaced by this one, not merged with it.`
      : `Supersedes the earlier proposal on this branch (${old.sha.slice(0, 12)} "${old.subject}", made on an older base): it is replaced by this one, rebuilt on the current base.`);
  }
  return notes;
}

type Text = ReturnType<typeof describeChange>;

/** The result of a verb that committed a change (remote push or local branch), or would have (dry run). */
function changedResult(spec: ChangeSpec, base: string, sha: string | undefined, text: Text, prepared: Prepared,
  pullRequest: PullRequestOutcome | undefined, where: { summary: string; pushed: boolean; repository: string; attempts: number }): LifecycleResult {
  return {
    verb: spec.verb,
    service: spec.service,
    environment: spec.environment,
    changed: true,
    branch: spec.branch,
    base,
    ...(sha ? { commit: sha } : {}),
    summary: where.summary,
    title: text.title,
    commitMessage: text.commitMessage,
    body: text.body,
    changes: prepared.changes,
    images: prepared.plan.images,
    pushed: where.pushed,
    repository: where.repository,
    ...(pullRequest ? { pullRequest } : {}),
    attempts: where.attempts,
    files: prepared.edits.map((e) => ({ path: e.path, change: e.content === null ? 'removed' : 'written' })),
  };
}

/** Builds tree and commit for a prepared change; undefined tree when it equals the base. */
async function commitChange(git: Git, base: { commit: string; tree: string }, prefix: string, prepared: Prepared, text: Text, tmp: string,
  format: 'sha1' | 'sha256'): Promise<{ tree: string; sha: string } | undefined> {
  const tree = await writeTree(git, base.commit, prefix, prepared.edits, tmp, format);
  if (tree === base.tree) return undefined;
  const sha = await git.text([...await git.fallbackIdentity(), 'commit-tree', tree, '-p', base.commit, '-F', '-'], { input: text.commitMessage });
  return { tree, sha };
}

async function runRemote(initial: ChangeSpec, options: LifecycleOptions, target: GitOpsTarget, git: Git, tmp: string): Promise<LifecycleResult> {
  let spec = initial;
  const progress = options.onProgress ?? (() => undefined);
  const env = options.env ?? process.env;
  const dir = path.join(tmp, 'repo.git');
  progress(`fetching ${target.location} (no checkout)`);
  try {
    await git.run(['clone', '--quiet', '--bare', '--no-tags', '--filter=blob:none', target.location, dir]);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    throw new LifecycleError(LifecycleErrorCode.GITOPS_NOT_FOUND, `cannot reach the GitOps repository ${target.location}: ${e.stderr.split('\n').filter((l) => l && !/^warning:/.test(l)).join(' ') || e.message}`);
  }
  const work = git.at(dir);
  const base = options.base ?? await remoteDefaultBranch(work, target.location);
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await work.run(['fetch', '--quiet', '--prune', '--no-tags', 'origin', '+refs/heads/*:refs/heads/*']);
    const tip = await tipOf(work, base);
    if (!tip) throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `${target.location} has no branch "${base}" (is the repository empty?)`);
    const baseSha = tip.commit;
    const prepared = await prepare(spec, work, baseSha, target.prefix, progress);
    spec = withPlan(spec, prepared.plan);
    const oldSha = await work.revParse(`refs/heads/${spec.branch}`);
    if (prepared.edits.length === 0) return unchanged(spec, base, target.location, prepared.plan.unchangedSummary, attempt);
    const old = await oldProposal(work, oldSha);
    const notes = await contextNotes(work, old, baseSha, prepared);
    const text = describeChange({ verb: spec.verb, service: spec.service, ...prepared.plan, review: [...prepared.plan.review, ...notes], changes: prepared.changes });
    if (options.dryRun) return changedResult(spec, base, undefined, text, prepared, undefined, { summary: `${text.title} (dry run: nothing pushed)`, pushed: false, repository: target.location, attempts: attempt });
    const made = await commitChange(work, tip, target.prefix, prepared, text, tmp, await objectFormat(work));
    if (!made) return unchanged(spec, base, target.location, prepared.plan.unchangedSummary, attempt);
    if (sameProposal(old, baseSha, made.tree)) {
      return unchanged(spec, base, target.location, `branch ${spec.branch} already proposes exactly this change; nothing to do`, attempt);
    }
    progress(`committed ${made.sha.slice(0, 12)} ${text.title}`);
    await options.hooks?.afterCommit?.();
    progress(`pushing ${spec.branch} to ${target.location}`);
    const push = await work.run(['push', '--porcelain', `--force-with-lease=refs/heads/${spec.branch}:${oldSha ?? ''}`, 'origin', `${made.sha}:refs/heads/${spec.branch}`], { okCodes: [0, 1, 128] });
    if (push.code !== 0) {
      const why = `${push.stdout}\n${push.stderr}`;
      if (/stale info|non-fast-forward|fetch first|rejected/.test(why) && !/pre-receive hook declined|hook declined/.test(why) && attempt < maxAttempts) {
        progress(`push rejected: ${spec.branch} moved on the remote; redoing the change on the new tip (attempt ${attempt + 1} of ${maxAttempts})`);
        continue;
      }
      throw new LifecycleError(LifecycleErrorCode.PUSH_FAILED, `pushing ${spec.branch} to ${target.location} failed after ${attempt} attempt(s): ${why.trim().split('\n').filter((l) => l && l !== 'Done').join(' | ')}`);
    }
    const pullRequest = await openPullRequest(options, env, { remoteUrl: target.location }, spec.branch, base, text.title, text.body, async () => {
      progress(`pull request failed: restoring ${spec.branch} on the remote`);
      await work.run(['push', '--quiet', `--force-with-lease=refs/heads/${spec.branch}:${made.sha}`, 'origin', oldSha ? `${oldSha}:refs/heads/${spec.branch}` : `:refs/heads/${spec.branch}`], { okCodes: [0, 1, 128] });
    }, progress);
    return changedResult(spec, base, made.sha, text, prepared, pullRequest, {
      summary: `${text.title} (branch ${spec.branch} pushed to ${target.location})`, pushed: true, repository: target.location, attempts: attempt,
    });
  }
}

async function runLocal(initial: ChangeSpec, options: LifecycleOptions, target: GitOpsTarget, repo: Git, tmp: string): Promise<LifecycleResult> {
  let spec = initial;
  const progress = options.onProgress ?? (() => undefined);
  const env = options.env ?? process.env;
  const current = await headTip(repo);
  const head = current?.branch ?? (await repo.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], { okCodes: [0, 1] })).stdout.trim();
  const base = options.base ?? head;
  if (!base) throw new LifecycleError(LifecycleErrorCode.BRANCH_CHECKED_OUT, `${target.repoDir} has a detached HEAD; check out the branch changes are proposed into (e.g. main) or pass a base branch`);
  // Worktrees registered by zave before 0.1 and left by a killed verb.
  if (target.hasWorktrees !== false) await repo.run(['worktree', 'prune'], { okCodes: [0, 1, 128] });
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const tip = attempt === 1 && current && base === current.branch ? current.tip : await tipOf(repo, base);
    if (!tip) throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `${target.repoDir} has no commit on "${base}" yet; commit platform.yaml first`);
    const baseSha = tip.commit;
    const prepared = await prepare(spec, repo, baseSha, target.prefix, progress, target.objectFormat);
    spec = withPlan(spec, prepared.plan);
    const oldSha = await repo.revParse(`refs/heads/${spec.branch}`);
    if (prepared.edits.length === 0) return unchanged(spec, base, target.repoDir!, prepared.plan.unchangedSummary, attempt);
    const old = await oldProposal(repo, oldSha);
    const notes = await contextNotes(repo, old, baseSha, prepared);
    const text = describeChange({ verb: spec.verb, service: spec.service, ...prepared.plan, review: [...prepared.plan.review, ...notes], changes: prepared.changes });
    if (options.dryRun) return changedResult(spec, base, undefined, text, prepared, undefined, { summary: `${text.title} (dry run: no branch written)`, pushed: false, repository: target.repoDir!, attempts: attempt });
    const made = await commitChange(repo, tip, target.prefix, prepared, text, tmp, await objectFormat(repo, target.objectFormat));
    if (!made) return unchanged(spec, base, target.repoDir!, prepared.plan.unchangedSummary, attempt);
    if (sameProposal(old, baseSha, made.tree)) {
      return unchanged(spec, base, target.repoDir!, `branch ${spec.branch} already proposes exactly this change; nothing to do`, attempt);
    }
    // Without linked worktrees the only checkout is the main one, whose branch is `head`.
    const checkedOut = target.hasWorktrees === false ? head === spec.branch
      : (await repo.text(['worktree', 'list', '--porcelain'])).split('\n').includes(`branch refs/heads/${spec.branch}`);
    if (checkedOut) {
      throw new LifecycleError(LifecycleErrorCode.BRANCH_CHECKED_OUT, `branch ${spec.branch} is checked out in a worktree of ${target.repoDir}; switch that worktree to another branch first, so zave can update it`);
    }
    progress(`committed ${made.sha.slice(0, 12)} ${text.title}`);
    await options.hooks?.afterCommit?.();
    // Compare-and-swap: fails when another process moved the branch since we read it; then redo on the new state.
    const cas = await repo.run(['update-ref', '-m', `zave ${spec.verb}`, `refs/heads/${spec.branch}`, made.sha, oldSha ?? '0'.repeat(made.sha.length)], { okCodes: [0, 1, 128] });
    if (cas.code !== 0) {
      if (attempt < maxAttempts) {
        progress(`${spec.branch} moved meanwhile; redoing the change on its new state (attempt ${attempt + 1} of ${maxAttempts})`);
        continue;
      }
      throw new LifecycleError(LifecycleErrorCode.PUSH_FAILED, `updating ${spec.branch} failed after ${attempt} attempts: ${cas.stderr.trim()}`);
    }
    progress(`branch ${spec.branch} now points at ${made.sha.slice(0, 12)}`);
    const pullRequest = await openPullRequest(options, env, { localDir: target.repoDir }, spec.branch, base, text.title, text.body, async () => {
      const restore = oldSha && !ZERO_OID.test(oldSha) ? ['update-ref', `refs/heads/${spec.branch}`, oldSha, made.sha] : ['update-ref', '-d', `refs/heads/${spec.branch}`, made.sha];
      await repo.run(restore, { okCodes: [0, 1, 128] });
    }, progress);
    return changedResult(spec, base, made.sha, text, prepared, pullRequest, {
      summary: `${text.title} (branch ${spec.branch} in ${target.repoDir})`, pushed: false, repository: target.repoDir!, attempts: attempt,
    });
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
  const head = await work.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], { okCodes: [0, 1, 128] });
  const name = head.stdout.trim();
  if (head.code === 0 && name && await work.revParse(`refs/heads/${name}`)) return name;
  if (await work.revParse('refs/heads/main')) return 'main';
  throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `cannot tell the default branch of ${location} (is it empty?); pass a base branch`);
}
