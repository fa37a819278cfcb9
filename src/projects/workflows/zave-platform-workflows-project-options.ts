/** Options of the shared platform workflows repository. */
export interface ZavePlatformWorkflowsProjectOptions {
  /**
   * Repository name.
   * @default "platform-workflows"
   */
  readonly name?: string;
  /**
   * Directory of the repository.
   * @default "."
   */
  readonly outdir?: string;
  /**
   * Default GitHub `owner/name` of the GitOps repository that `propose` pushes to.
   * @default "zave/gitops"
   */
  readonly gitopsRepository?: string;
  /**
   * Default container registry `build` pushes to.
   * @default "ghcr.io"
   */
  readonly registry?: string;
  /**
   * Version of the platform package the workflows run with `npx`.
   * @default - this package's version
   */
  readonly zaveVersion?: string;
  /**
   * How the repository is being onboarded, recorded in `.zave/repository.json`.
   * @default - "projen new" when created by projen, otherwise the value already recorded
   */
  readonly onboardedBy?: string;
}
