import { javascript } from 'projen';
import { PLATFORM_PACKAGE, platformPin } from './common/platform-version';
import { GitOpsWorkflow } from './gitops/gitops-workflow';
import { GitOpsPlatformFile } from './gitops/platform-file';
import { GitOpsRepositoryRecordFile } from './gitops/repository-record-file';
import { GitOpsStateLayout } from './gitops/state-layout';
import { DEFAULT_DOMAIN, DEFAULT_ENVIRONMENTS, DEFAULT_REPO_URL } from '../gitops/platform/default';
import { GITOPS_GITIGNORE, gitopsReadme } from '../gitops/repo-files';
import { libraryVersion } from '../gitops/synth/fingerprint';

/** Options of `ZaveGitOpsProject`. */
export interface ZaveGitOpsProjectOptions {
  /**
   * Project (package) name.
   * @default "gitops"
   */
  readonly name?: string;
  /**
   * Output directory (for subprojects).
   * @default "."
   */
  readonly outdir?: string;
  /**
   * Environments in promotion order.
   * @default ["dev", "staging", "prod"]
   */
  readonly environments?: string[];
  /**
   * Base DNS zone: the last environment serves `<service>.<domain>`, the others `<service>.<env>.<domain>`.
   * @default "example.com"
   */
  readonly domain?: string;
  /**
   * Git URL Argo CD reads this repository from.
   * @default "https://git.example.com/platform/gitops.git"
   */
  readonly repoUrl?: string;
  /**
   * Branch Argo CD tracks.
   * @default "main"
   */
  readonly targetRevision?: string;
  /**
   * Regenerate platform.yaml from these options on every `npx projen`; false writes it once for hand editing
   * (per-environment clusters, issuers, replica policy).
   * @default true
   */
  readonly managePlatformYaml?: boolean;
  /**
   * Runtime dependencies (the platform package is always added).
   * @default []
   */
  readonly deps?: string[];
  /**
   * Development dependencies; a platform package spec given here (as `projen new --from` does) moves to deps.
   * @default []
   */
  readonly devDeps?: string[];
}

/**
 * A GitOps repository: platform.yaml, workloads/, environments/, the CI workflow running
 * `zave validate` and `zave synth --check`, and `.zave/repository.json`. `zave synth` renders deploy/.
 *
 * @pjid zave-gitops
 */
export class ZaveGitOpsProject extends javascript.NodeProject {
  /** Environments in promotion order. */
  public readonly environments: string[];

  constructor(options: ZaveGitOpsProjectOptions = {}) {
    const isPlatform = (spec: string) => spec === PLATFORM_PACKAGE || spec.startsWith(`${PLATFORM_PACKAGE}@`);
    const version = libraryVersion();
    const platformSpec = [...(options.devDeps ?? []), ...(options.deps ?? [])].find(isPlatform)
      ?? `${PLATFORM_PACKAGE}@${platformPin(version)}`;
    super({
      name: options.name ?? 'gitops',
      outdir: options.outdir,
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      deps: [...(options.deps ?? []).filter((d) => !isPlatform(d)), platformSpec],
      devDeps: (options.devDeps ?? []).filter((d) => !isPlatform(d)),
      jest: false,
      github: false,
      buildWorkflow: false,
      release: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      package: false,
      licensed: false,
      gitignore: GITOPS_GITIGNORE,
      readme: { contents: gitopsReadme() },
    });
    this.environments = options.environments && options.environments.length > 0 ? [...options.environments] : [...DEFAULT_ENVIRONMENTS];
    const platform = new GitOpsPlatformFile(this, {
      managed: options.managePlatformYaml ?? true,
      environments: this.environments,
      domain: options.domain ?? DEFAULT_DOMAIN,
      repoURL: options.repoUrl ?? DEFAULT_REPO_URL,
      targetRevision: options.targetRevision ?? 'main',
    });
    const workflow = new GitOpsWorkflow(this);
    new GitOpsStateLayout(this, this.environments);
    const generated: Record<string, string> = { '.github/workflows/gitops.yml': workflow.text };
    if (platform.managedText) generated['platform.yaml'] = platform.managedText;
    new GitOpsRepositoryRecordFile(this, version, generated);
    this.addTask('synth:deploy', { description: 'Render deploy/ (zave synth)', exec: 'zave synth --repo .' });
    this.addTask('check:deploy', { description: 'Fail when deploy/ is stale (zave synth --check)', exec: 'zave synth --repo . --check' });
  }
}
