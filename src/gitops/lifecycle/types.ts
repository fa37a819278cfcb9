import { EnvironmentChange } from './deploy-diff';
import { ImageChange, LifecycleVerb } from './describe';
import { IPullRequestClient, PullRequestOutcome } from '../github/pull-request-client';

/** Progress callback: one human line per step (the CLI prints them on stderr). */
export type ProgressCallback = (message: string) => void;

/** Points where tests inject failures. */
export interface LifecycleHooks {
  /** Runs after the commit is made and before it is published (push or branch update). */
  readonly afterCommit?: () => void | Promise<void>;
}

/** Options every lifecycle verb takes. */
export interface LifecycleOptions {
  /** The GitOps repository: a URL, a bare repository path, a checkout, or a folder inside one. */
  readonly gitops: string;
  /** Environment for git and the pull-request client (GITHUB_TOKEN, GITHUB_API_URL). @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Progress lines. */
  readonly onProgress?: ProgressCallback;
  /** Pull-request client to use instead of the one chosen from the remote and token. */
  readonly pullRequests?: IPullRequestClient;
  /** Branch the change is based on and proposed into. @default the remote's default branch, or the checkout's current branch */
  readonly base?: string;
  /** Attempts when a push is rejected because the branch moved meanwhile. @default 5 */
  readonly maxAttempts?: number;
  /** Failure injection for tests. */
  readonly hooks?: LifecycleHooks;
  /** Compute the change and its description, write nothing (no object, branch, push or pull request). @default false */
  readonly dryRun?: boolean;
}

/** What a lifecycle verb did. */
export interface LifecycleResult {
  readonly verb: LifecycleVerb;
  readonly service: string;
  /** Target environment (propose, promote). */
  readonly environment?: string;
  /** False when the result equals what is already there: no commit, no branch, no pull request. */
  readonly changed: boolean;
  /** The branch the change is on (or would be on). */
  readonly branch: string;
  /** The branch the change is proposed into. */
  readonly base: string;
  /** The commit made (changed only). */
  readonly commit?: string;
  /** One line for people. */
  readonly summary: string;
  /** Commit subject and pull-request title. */
  readonly title?: string;
  /** Full commit message, trailers included. */
  readonly commitMessage?: string;
  /** Pull-request description (Markdown). */
  readonly body?: string;
  /** Rendered objects added/changed/removed per environment. */
  readonly changes: EnvironmentChange[];
  /** Images moved by the change. */
  readonly images: ImageChange[];
  /** True when the branch was pushed to a remote. */
  readonly pushed: boolean;
  /** The remote pushed to (URL or bare path), or the local checkout holding the branch. */
  readonly repository: string;
  /** What happened to the pull request (changed only). */
  readonly pullRequest?: PullRequestOutcome;
  /** Attempts used (more than 1 after push rejections). */
  readonly attempts: number;
  /** Files the change writes or removes, relative to the GitOps root (changed only). */
  readonly files?: ReadonlyArray<{ readonly path: string; readonly change: 'written' | 'removed' }>;
}
