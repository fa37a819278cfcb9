import { deleteRetainedData } from './delete-data';
import { deregisterWorkload } from './deregister';
import { promoteImage } from './promote';
import { proposeImage } from './propose';
import { registerWorkload } from './register';
import { rollbackRelease } from './rollback';
import { LifecycleOptions, LifecycleResult } from './types';

/** Receives one human line per step of a lifecycle verb. */
export interface ILifecycleProgress {
  /** Called for each step (cloning, rendering, committing, pushing, opening the pull request). */
  report(message: string): void;
}

/** Where the GitOps repository is and how to reach its pull requests. */
export interface LifecycleProps {
  /** The GitOps repository: a URL or bare repository (the branch is pushed), or a local checkout (the branch is created there). */
  readonly gitops: string;
  /**
   * Branch the change is proposed into.
   * @default - the remote's default branch, or the checkout's current branch
   */
  readonly base?: string;
  /**
   * Token for the GitHub API; a pull request is opened when the remote is on GitHub.
   * @default - the GITHUB_TOKEN environment variable
   */
  readonly githubToken?: string;
  /**
   * GitHub REST API base URL.
   * @default - the GITHUB_API_URL environment variable, else https://api.github.com
   */
  readonly githubApiUrl?: string;
  /**
   * Progress receiver.
   * @default - no progress
   */
  readonly progress?: ILifecycleProgress;
}

/** Props of `GitOpsLifecycle.register`. */
export interface RegisterWorkloadProps extends LifecycleProps {
  /**
   * Path of the tenant's zave.yaml.
   * @default - contractText must be given
   */
  readonly contractPath?: string;
  /**
   * Text of the tenant's zave.yaml.
   * @default - read from contractPath
   */
  readonly contractText?: string;
  /** Owning tenant repository (URL or path), recorded in workloads/SERVICE/registration.yaml. */
  readonly repository: string;
}

/** Props of `GitOpsLifecycle.propose`. */
export interface ProposeImageProps extends LifecycleProps {
  /** A registered service. */
  readonly service: string;
  /**
   * Image reference; digest-pinned (name@sha256:HEX) outside the first environment.
   * @default - the image the environment runs now (a contract-only release)
   */
  readonly image?: string;
  /**
   * The tenant's contract (zave.yaml text) released with the image.
   * @default - the contract revision the environment runs now
   */
  readonly contractText?: string;
  /**
   * Target environment.
   * @default - the first environment of platform.yaml
   */
  readonly environment?: string;
}

/** Props of `GitOpsLifecycle.rollback`. */
export interface RollbackReleaseProps extends LifecycleProps {
  /** A registered service. */
  readonly service: string;
  /** The environment to roll back. */
  readonly environment: string;
  /**
   * A GitOps commit whose release returns.
   * @default - the release the environment ran before the current one
   */
  readonly to?: string;
}

/** Props of `GitOpsLifecycle.promote`. */
export interface PromoteImageProps extends LifecycleProps {
  /** A registered service. */
  readonly service: string;
  /**
   * Source environment.
   * @default - the environment before `to`
   */
  readonly from?: string;
  /**
   * Target environment (the next one after `from`).
   * @default - the environment after `from`
   */
  readonly to?: string;
}

/** Props of `GitOpsLifecycle.deregister`. */
export interface DeregisterWorkloadProps extends LifecycleProps {
  /** The service to remove. */
  readonly service: string;
}

/** Props of `GitOpsLifecycle.deleteRetainedData`. */
export interface DeleteRetainedDataProps extends LifecycleProps {
  /** A deregistered service. */
  readonly service: string;
  /**
   * Environments whose retained data goes.
   * @default - every environment that retains data of the service
   */
  readonly environments?: string[];
}

/** What a lifecycle verb did. */
export interface LifecycleOutcome {
  /** False when the result equals what is already there (no commit, branch or pull request). */
  readonly changed: boolean;
  /** Branch of the change, e.g. zave/register-payments-api. */
  readonly branch: string;
  /** Branch the change is proposed into. */
  readonly base: string;
  /**
   * Commit made.
   * @default - none (unchanged)
   */
  readonly commit?: string;
  /** One line for people. */
  readonly summary: string;
  /**
   * Commit subject and pull-request title.
   * @default - none (unchanged)
   */
  readonly title?: string;
  /**
   * Full commit message with trailers.
   * @default - none (unchanged)
   */
  readonly commitMessage?: string;
  /**
   * Pull-request description (Markdown).
   * @default - none (unchanged)
   */
  readonly body?: string;
  /** True when the branch was pushed to a remote. */
  readonly pushed: boolean;
  /**
   * Pull-request web address, when one was opened or updated.
   * @default - none
   */
  readonly pullRequestUrl?: string;
  /**
   * How to open or merge the request by hand, when no pull request was opened.
   * @default - none
   */
  readonly instructions?: string;
}

/**
 * Lifecycle changes to a GitOps repository as branches and pull requests: register, propose, promote,
 * deregister. Each works in a temporary clone or worktree, re-renders deploy/, and commits with a
 * human description; a result equal to what is there changes nothing.
 */
export class GitOpsLifecycle {
  /** Registers or updates a workload on zave/register-SERVICE. */
  public static async register(props: RegisterWorkloadProps): Promise<LifecycleOutcome> {
    return outcome(await registerWorkload({ ...options(props), contractPath: props.contractPath, contractText: props.contractText, repository: props.repository }));
  }

  /** Proposes an image for a service in an environment on zave/propose-SERVICE-ENV. */
  public static async propose(props: ProposeImageProps): Promise<LifecycleOutcome> {
    return outcome(await proposeImage({ ...options(props), service: props.service, image: props.image, contractText: props.contractText, environment: props.environment }));
  }

  /** Proposes the previous (or a given) release of a service in an environment on zave/rollback-SERVICE-ENV. */
  public static async rollback(props: RollbackReleaseProps): Promise<LifecycleOutcome> {
    return outcome(await rollbackRelease({ ...options(props), service: props.service, environment: props.environment, to: props.to }));
  }

  /** Promotes the exact image to the next environment on zave/promote-SERVICE-TO. */
  public static async promote(props: PromoteImageProps): Promise<LifecycleOutcome> {
    return outcome(await promoteImage({ ...options(props), service: props.service, from: props.from, to: props.to }));
  }

  /** Removes a workload on zave/deregister-SERVICE; its data is retained (recorded under `retained:` in environments/ENV.yaml). */
  public static async deregister(props: DeregisterWorkloadProps): Promise<LifecycleOutcome> {
    return outcome(await deregisterWorkload({ ...options(props), service: props.service }));
  }

  /**
   * Deletes the data a deregistered service retained (every environment, or the given ones) on
   * zave/delete-data-SERVICE: Argo CD then asks for prune confirmation before deleting its Namespace.
   */
  public static async deleteRetainedData(props: DeleteRetainedDataProps): Promise<LifecycleOutcome> {
    return outcome(await deleteRetainedData({ ...options(props), service: props.service, ...(props.environments ? { environments: props.environments } : {}) }));
  }

  private constructor() {}
}

function options(props: LifecycleProps): LifecycleOptions {
  const env: Record<string, string | undefined> = { ...process.env };
  if (props.githubToken !== undefined) env.GITHUB_TOKEN = props.githubToken;
  if (props.githubApiUrl !== undefined) env.GITHUB_API_URL = props.githubApiUrl;
  return { gitops: props.gitops, base: props.base, env, onProgress: props.progress ? (m) => props.progress!.report(m) : undefined };
}

function outcome(r: LifecycleResult): LifecycleOutcome {
  return {
    changed: r.changed,
    branch: r.branch,
    base: r.base,
    commit: r.commit,
    summary: r.summary,
    title: r.title,
    commitMessage: r.commitMessage,
    body: r.body,
    pushed: r.pushed,
    pullRequestUrl: r.pullRequest?.action === 'instructions' ? undefined : r.pullRequest?.url,
    instructions: r.pullRequest?.instructions,
  };
}
