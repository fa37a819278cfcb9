import { GitHubRepository } from './github-remote';
import { IPullRequestClient, PullRequestOutcome, PullRequestRequest } from './pull-request-client';

/** Where the branch was left, for the instructions. */
export interface InstructionsClientOptions {
  /** Remote URL or path the branch was pushed to; undefined when the branch is only local. */
  readonly remote?: string;
  /** The GitHub repository when the remote is on GitHub but no token is available. */
  readonly gitHub?: GitHubRepository;
  /** Local repository directory holding the branch (local checkouts). */
  readonly localDir?: string;
}

/** The fallback "client": opens nothing and says how a person opens (or merges) the request. */
export class InstructionsPullRequestClient implements IPullRequestClient {
  constructor(private readonly options: InstructionsClientOptions) {}

  public async ensurePullRequest(request: PullRequestRequest): Promise<PullRequestOutcome> {
    const { gitHub, remote, localDir } = this.options;
    if (gitHub) {
      const url = `https://${gitHub.host}/${gitHub.owner}/${gitHub.repo}/compare/${encodeURIComponent(request.base)}...${encodeURIComponent(request.head)}?expand=1`;
      return {
        action: 'instructions',
        url,
        instructions: [
          `Branch ${request.head} was pushed; no GITHUB_TOKEN is set, so no pull request was opened.`,
          `Open it at ${url}`,
          `or run: gh pr create --head ${request.head} --base ${request.base} --title ${JSON.stringify(request.title)}`,
        ].join('\n'),
      };
    }
    if (remote) {
      return {
        action: 'instructions',
        instructions: [
          `Branch ${request.head} was pushed to ${remote}.`,
          `Open a pull/merge request from ${request.head} into ${request.base} on that host, with the title and description below.`,
          `To review locally: git fetch ${remote} ${request.head} && git diff ${request.base}...FETCH_HEAD`,
        ].join('\n'),
      };
    }
    const at = localDir ? `git -C ${localDir} ` : 'git ';
    return {
      action: 'instructions',
      instructions: [
        `Branch ${request.head} was created in ${localDir ?? 'the GitOps repository'} (a local checkout: nothing was pushed).`,
        `Review it: ${at}diff ${request.base}...${request.head}`,
        `Merge it:  ${at}merge --no-ff ${request.head}   (or push it and open a pull request)`,
      ].join('\n'),
    };
  }
}
