import { LogLevel, Project } from 'projen';
import { buildWorkflow, proposeWorkflow, validateWorkflow, WorkflowSettings } from './reusable-workflows';
import { ZavePlatformWorkflowsProjectOptions } from './zave-platform-workflows-project-options';
import { RepositoryKind } from '../../taxonomy/repository-kind';
import { projenrcSynth } from '../common/clean-error';
import { generatedFile, scaffoldFile } from '../common/generated-file';
import { platformVersion } from '../common/platform-version';
import { RepositoryRecordFile } from '../common/repository-record-file';

/**
 * The shared CI workflows repository: the reusable workflows (`on: workflow_call`) every tenant
 * pipeline calls, `validate` -> `build` -> `propose`. Minimal permissions, no cluster credentials
 * anywhere; the only secret is the GitOps repository token `propose` needs.
 *
 * @pjid zave-platform-workflows
 */
export class ZavePlatformWorkflowsProject extends Project {
  /** Paths of the reusable workflow files, sorted. */
  public readonly workflowPaths: string[];

  constructor(options: ZavePlatformWorkflowsProjectOptions = {}) {
    super({ name: options.name ?? 'platform-workflows', outdir: options.outdir, logging: { level: LogLevel.WARN } });
    const version = platformVersion();
    const settings: WorkflowSettings = {
      platformVersion: options.zaveVersion ?? version,
      gitopsRepository: options.gitopsRepository ?? 'zave/gitops',
      registry: options.registry ?? 'ghcr.io',
    };
    const files: Array<[string, string]> = [
      ['.github/workflows/build.yml', buildWorkflow(settings)],
      ['.github/workflows/propose.yml', proposeWorkflow(settings)],
      ['.github/workflows/validate.yml', validateWorkflow(settings)],
    ];
    for (const [p, content] of files) generatedFile(this, p, content, 'hash');
    generatedFile(this, 'README.md', readme(settings), 'html');
    // The platform team owns .projenrc.js: written once with the effective settings, edited like any projen project.
    scaffoldFile(this, '.projenrc.js', projenrc(settings, options.zaveVersion !== undefined));
    this.workflowPaths = files.map(([p]) => p);
    this.defaultTask?.exec('node .projenrc.js');
    new RepositoryRecordFile(this, {
      kind: RepositoryKind.PLATFORM_WORKFLOWS,
      platformVersion: version,
      onboardedBy: options.onboardedBy ?? (process.env.PROJEN_CREATE_PROJECT === 'true' ? 'projen new' : undefined),
    });
  }

  /** Marks generated files for GitHub (collapsed in diffs, excluded from language statistics). */
  public annotateGenerated(glob: string): void {
    this.gitattributes.addAttributes(glob, 'linguist-generated');
  }
}

function projenrc(settings: WorkflowSettings, pinVersion: boolean): string {
  const options = [
    `  gitopsRepository: ${JSON.stringify(settings.gitopsRepository)},`,
    `  registry: ${JSON.stringify(settings.registry)},`,
    ...(pinVersion ? [`  zaveVersion: ${JSON.stringify(settings.platformVersion)},`] : []),
  ];
  return `// The shared platform workflows. Change the settings here and run "npx projen" to regenerate.
const { ZavePlatformWorkflowsProject } = require('@zave/platform');

${projenrcSynth(`new ZavePlatformWorkflowsProject({\n  outdir: __dirname,\n${options.join('\n')}\n})`)}`;
}

function readme(settings: WorkflowSettings): string {
  return `# platform-workflows

The reusable GitHub Actions workflows every zave tenant pipeline calls. Tenant repositories never write
pipeline steps: their generated \`ci.yml\` calls these, in order, passing only the contract path.

| workflow | does | permissions | secrets |
|---|---|---|---|
| \`validate.yml\` | \`zave validate\` on the contract | contents: read | none |
| \`build.yml\` | docker buildx build; on push, push with provenance and an SBOM; outputs \`image\` (\`<name>@sha256:...\`) and \`digest\` | contents: read, packages: write | none (GITHUB_TOKEN) |
| \`propose.yml\` | \`zave propose --env dev\` with the image by digest: a branch / pull request on \`${settings.gitopsRepository}\` | contents: read | \`ZAVE_GITOPS_TOKEN\` |

No workflow holds cluster credentials: CI proposes a change to the GitOps repository; Argo CD applies it once merged.
The workflows run \`zave\` ${settings.platformVersion} through \`npx\`. Tag releases (\`v<version>\`) so tenants pin them.
`;
}
