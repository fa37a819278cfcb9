import { ContractIssue } from '../../contract/issue';

/**
 * A lifecycle verb refused its input or the repository state (exit 1 in the CLI): the message says what
 * went wrong, the value received, what is allowed and the fix. Programming errors stay plain Errors.
 */
export class LifecycleError extends Error {
  /** Stable machine-readable code, e.g. `owned-by-another-repository`. */
  public readonly code: string;
  /** Contract issues behind the error (invalid zave.yaml), if any. */
  public readonly issues: readonly ContractIssue[];

  constructor(code: string, message: string, issues: readonly ContractIssue[] = []) {
    super(message);
    this.name = 'LifecycleError';
    this.code = code;
    this.issues = issues;
  }
}

/** Stable codes of LifecycleError. */
export const LifecycleErrorCode = {
  INVALID_CONTRACT: 'invalid-contract',
  OWNED_BY_ANOTHER_REPOSITORY: 'owned-by-another-repository',
  NOT_REGISTERED: 'not-registered',
  UNKNOWN_ENVIRONMENT: 'unknown-environment',
  INVALID_IMAGE: 'invalid-image-reference',
  DIGEST_REQUIRED: 'digest-required',
  SKIPPED_ENVIRONMENT: 'skipped-environment',
  NO_IMAGE_TO_PROMOTE: 'no-image-to-promote',
  GITOPS_NOT_FOUND: 'gitops-not-found',
  NOT_A_GITOPS_REPOSITORY: 'not-a-gitops-repository',
  SYNTH_FAILED: 'synth-failed',
  BRANCH_CHECKED_OUT: 'branch-checked-out',
  PUSH_FAILED: 'push-failed',
  LOCKED: 'locked',
  UNSAFE_PATH: 'unsafe-path',
  INVALID_SERVICE_NAME: 'invalid-service-name',
  OWNER_NOT_PROVEN: 'owner-not-proven',
  NO_RELEASE_TO_ROLL_BACK_TO: 'nothing-to-roll-back-to',
  PLATFORM_NOT_STAGED: 'platform-not-staged',
  PLATFORM_MISMATCH: 'platform-mismatch',
  STILL_REGISTERED: 'still-registered',
  INVALID_REGISTRATION: 'invalid-registration',
} as const;
