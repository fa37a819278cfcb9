import { GitHubPullRequestClient } from './github-client';
import { gitHubHosts, parseGitHubRemote } from './github-remote';
import { InstructionsPullRequestClient } from './instructions-client';
import { IPullRequestClient } from './pull-request-client';

/** Where a lifecycle branch went: decides which pull-request client applies. */
export interface PullRequestTarget {
  /** Remote URL the branch was pushed to; undefined for a local checkout (nothing pushed). */
  readonly remoteUrl?: string;
  /** Local directory holding the branch (for instructions). */
  readonly localDir?: string;
  /** Environment: GITHUB_TOKEN, GITHUB_API_URL, GITHUB_SERVER_URL. */
  readonly env: Record<string, string | undefined>;
}

/**
 * The GitHub client when the remote is on GitHub and GITHUB_TOKEN (or GH_TOKEN) is set, with the API at
 * GITHUB_API_URL; otherwise the instructions fallback.
 */
export function choosePullRequestClient(target: PullRequestTarget): IPullRequestClient {
  const { remoteUrl, env } = target;
  const gitHub = remoteUrl ? parseGitHubRemote(remoteUrl, gitHubHosts(env)) : undefined;
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (gitHub && token) {
    return new GitHubPullRequestClient({ repository: gitHub, token, baseUrl: env.GITHUB_API_URL || undefined });
  }
  return new InstructionsPullRequestClient({ remote: remoteUrl, gitHub, localDir: target.localDir });
}
