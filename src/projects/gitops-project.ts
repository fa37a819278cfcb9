import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { javascript, SampleFile } from 'projen';
import { projenrcSynth } from './common/clean-error';
import { NoLinksGuard } from './common/no-links-guard';
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
      projenrcJs: false, // the project writes its own .projenrc.js (below) with the effective options
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
    new NoLinksGuard(this);
    new GitOpsRepositoryRecordFile(this, version, generated);
    // projen installs with `npm ci` when CI is set, which fails before the first lockfile exists
    // (projen new in a pipeline): fall back to `npm install` then.
    const hasLock = "require('fs').existsSync('package-lock.json')";
    this.package.installCiTask.reset('npm ci', { condition: `node -e "process.exit(${hasLock} ? 0 : 1)"` });
    this.package.installCiTask.exec('npm install', { condition: `node -e "process.exit(${hasLock} ? 1 : 0)"` });
    new SampleFile(this, '.projenrc.js', { contents: projenrc(options, this.environments, platformSpec) });
    this.defaultTask?.exec('node .projenrc.js');
    this.addTask('synth:deploy', { description: 'Render deploy/ (zave synth)', exec: 'zave synth --repo .' });
    this.addTask('check:deploy', { description: 'Fail when deploy/ is stale (zave synth --check)', exec: 'zave synth --repo . --check' });
  }

  /**
   * After the files are written and the dependencies installed: renders deploy/ with this package's
   * own `zave synth`, so the repository's first `zave synth --check` passes. Skipped, like the
   * installation, when `PROJEN_DISABLE_POST` is set.
   */
  public postSynthesize(): void {
    super.postSynthesize();
    if (process.env.PROJEN_DISABLE_POST === 'true' || process.env.PROJEN_DISABLE_POST === '1') return;
    const bin = path.join(__dirname, '..', '..', 'bin', 'zave');
    if (!fs.existsSync(path.join(__dirname, '..', 'cli', 'main.js'))) return; // running from sources (ts-node, jest): no compiled CLI
    try {
      execFileSync(process.execPath, [bin, 'synth', '--repo', this.outdir], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim();
      throw new Error(`zave synth could not render deploy/ in ${this.outdir}: ${stderr || (e as Error).message}`);
    }
  }
}

/** `.projenrc.js` of a GitOps repository: written once with the effective options, then the platform team's. */
function projenrc(options: ZaveGitOpsProjectOptions, environments: readonly string[], platformSpec: string): string {
  const lines = [
    `  deps: ${JSON.stringify([platformSpec])}, // the platform package, pinned (zave upgrade moves it)`,
    `  environments: ${JSON.stringify(environments)},`,
    ...(options.domain ? [`  domain: ${JSON.stringify(options.domain)},`] : []),
    ...(options.repoUrl ? [`  repoUrl: ${JSON.stringify(options.repoUrl)},`] : []),
    ...(options.targetRevision ? [`  targetRevision: ${JSON.stringify(options.targetRevision)},`] : []),
    ...(options.managePlatformYaml === false ? ['  managePlatformYaml: false,'] : []),
  ];
  return `// The GitOps repository. Change the options here and run "npx projen" to regenerate
// platform.yaml, the CI workflow and deploy/ (zave synth).
const { ZaveGitOpsProject } = require('${PLATFORM_PACKAGE}');

${projenrcSynth(`new ZaveGitOpsProject({\n${lines.join('\n')}\n})`)}`;
}
