/** Issue codes of the GitOps plane, beside the contract's `IssueCode` (never rename one). */
export const GitOpsIssueCode = {
  /** An image reference that does not parse. */
  INVALID_IMAGE: 'invalid-image',
  /** A tag-only image outside the first environment, or `latest` / no tag anywhere. */
  IMAGE_NOT_PINNED: 'image-not-pinned',
  /** An image for a service that is not registered in workloads/. */
  UNKNOWN_SERVICE: 'unknown-service',
  /** environments/<env>.yaml for an environment platform.yaml does not declare. */
  UNKNOWN_ENVIRONMENT: 'unknown-environment',
  /** The `environment` field differs from the file name. */
  NAME_MISMATCH: 'name-mismatch',
  /** A symlink, non-directory or otherwise unsafe entry in the repository. */
  UNSAFE_PATH: 'unsafe-path',
  /** A file or directory synth does not know what to do with. */
  UNEXPECTED_ENTRY: 'unexpected-entry',
  /** A workload needs a capability platform.yaml switches off. */
  CAPABILITY_INACTIVE: 'capability-inactive',
  /** A render threw or produced something unusable. */
  RENDER_FAILED: 'render-failed',
  /** Writing deploy/ failed. */
  WRITE_FAILED: 'write-failed',
  /** A file zave once kept for itself (staging, lock, cache) sits in the tree, where a pull request could carry it. */
  CONTROL_FILE_IN_TREE: 'control-file-in-tree',
  /** A service name the repository layout reserves (`kustomization`: deploy/<env>/kustomization.yaml). */
  RESERVED_SERVICE_NAME: 'reserved-service-name',
  /** A release pins a contract revision whose bytes are not in the repository. */
  CONTRACT_REVISION_MISSING: 'contract-revision-missing',
  /** A release is pinned to a zave version that cannot be run here to check (or render) it. */
  PLATFORM_UNAVAILABLE: 'platform-unavailable',
  /** A file of a release pinned to another zave version is missing: this zave cannot render it. */
  HELD_FILE_MISSING: 'held-file-missing',
  /** A service listed under `retained:` (data a deregistered service left) that also has a release in that environment. */
  RETAINED_AND_RELEASED: 'retained-and-released',
} as const;
