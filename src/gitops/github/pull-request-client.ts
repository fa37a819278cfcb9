/** What a lifecycle verb asks for: one pull request from `head` into `base`. */
export interface PullRequestRequest {
  /** Branch with the change, e.g. `zave/register-payments-api`. */
  readonly head: string;
  /** Branch the change targets, e.g. `main`. */
  readonly base: string;
  /** Pull-request title (the commit subject). */
  readonly title: string;
  /** Pull-request description (Markdown). */
  readonly body: string;
}

/** What happened to the pull request. */
export interface PullRequestOutcome {
  /** `created` or `updated` through an API; `instructions` when the person must open it. */
  readonly action: 'created' | 'updated' | 'instructions';
  /** Web address of the pull request (or of the page that opens one). */
  readonly url?: string;
  /** Pull-request number when one exists. */
  readonly number?: number;
  /** Human instructions, one line each, when nothing was opened automatically. */
  readonly instructions?: string;
}

/** Opens or updates pull requests on a hosting service. */
export interface IPullRequestClient {
  /** Opens a pull request for `head`, or updates the open one's title and body. */
  ensurePullRequest(request: PullRequestRequest): Promise<PullRequestOutcome>;
}
