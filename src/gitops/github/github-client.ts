import type { Octokit } from '@octokit/rest';
import { GitHubRepository } from './github-remote';
import { IPullRequestClient, PullRequestOutcome, PullRequestRequest } from './pull-request-client';

/** Where and how to reach the GitHub REST API. */
export interface GitHubClientOptions {
  /** The repository pull requests are opened on. */
  readonly repository: GitHubRepository;
  /** Token with `pull_requests: write` (GITHUB_TOKEN). */
  readonly token: string;
  /** REST API base URL (GITHUB_API_URL). @default "https://api.github.com" */
  readonly baseUrl?: string;
}

/** Pull requests through the GitHub REST API: list open PRs for the head branch, then create or update. */
export class GitHubPullRequestClient implements IPullRequestClient {
  private readonly octokit: Octokit;

  constructor(private readonly options: GitHubClientOptions) {
    // Loaded when a pull request is really opened: every other zave run is spared its start-up cost.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Octokit: Client } = require('@octokit/rest') as typeof import('@octokit/rest');
    this.octokit = new Client({
      auth: options.token,
      baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
      userAgent: 'zave-lifecycle',
      request: { retries: 0 },
    });
  }

  public async ensurePullRequest(request: PullRequestRequest): Promise<PullRequestOutcome> {
    const { owner, repo } = this.options.repository;
    const open = await this.octokit.rest.pulls.list({ owner, repo, state: 'open', head: `${owner}:${request.head}`, base: request.base, per_page: 10 });
    const existing = open.data.find((pr) => pr.head.ref === request.head) ?? open.data[0];
    if (existing) {
      const updated = await this.octokit.rest.pulls.update({ owner, repo, pull_number: existing.number, title: request.title, body: request.body });
      return { action: 'updated', url: updated.data.html_url, number: updated.data.number };
    }
    const created = await this.octokit.rest.pulls.create({
      owner, repo, head: request.head, base: request.base, title: request.title, body: request.body, maintainer_can_modify: true,
    });
    return { action: 'created', url: created.data.html_url, number: created.data.number };
  }
}
