import { LogLevel, Project } from 'projen';
import { ciWorkflow } from './ci-workflow';
import { loadContractSource } from './contract-source';
import { PackageJsonFile } from './package-json-file';
import { cdk8sConfig, previewApp } from './preview-files';
import { tenantReadme } from './readme';
import { runtimeSkeleton } from './skeleton';
import { toolingDevDeps, toolingPackageJson } from './tooling-package';
import { ZaveServiceProjectOptions } from './zave-service-project-options';
import { WorkloadContract } from '../../contract/contract';
import { Runtime } from '../../contract/enums';
import { resolveContract } from '../../contract/resolve';
import { ResolvedWorkload } from '../../contract/resolved';
import { RepositoryKind } from '../../taxonomy/repository-kind';
import { failCleanly, projenrcSynth } from '../common/clean-error';
import { generatedFile, scaffoldFile } from '../common/generated-file';
import { NoLinksGuard } from '../common/no-links-guard';
import { platformVersion, workflowsRef as defaultWorkflowsRef } from '../common/platform-version';
import { generatedContents, RepositoryRecordFile } from '../common/repository-record-file';

const CONTAINER_SAMPLE = `# Sample Dockerfile (runtime: container): this file is yours; the platform never overwrites it.
# Requirements the platform checks: a multi-stage build, every FROM pinned by digest
# (image:tag@sha256:...), and a non-root numeric USER (>= 10000) in the final stage.
# An http-service listens on $PORT (8080) and serves /healthz, /readyz and /metrics;
# every workload serves /metrics on 9090.
#
# FROM <build image>:<tag>@sha256:<digest> AS build
# WORKDIR /src
# COPY . .
# RUN <build command>
#
# FROM <runtime image>:<tag>@sha256:<digest>
# COPY --from=build /src/<build output> /app/
# USER 10001:10001
# ENTRYPOINT ["/app/<binary>"]
`;

/**
 * A tenant service repository generated from one `zave.yaml`: the contract (the only platform file
 * the tenant edits), a runtime skeleton with one unit test, a pinned multi-stage Dockerfile, a CI
 * workflow that only calls the shared platform workflows, a cdk8s preview, a README and the
 * `.zave/repository.json` taxonomy record. `npx projen` reads `zave.yaml` back and regenerates
 * everything.
 *
 * @pjid zave-service
 */
export class ZaveServiceProject extends Project {
  /** The contract exactly as written in `zave.yaml`. */
  public readonly contract: WorkloadContract;
  /** The contract with every platform decision made explicit. */
  public readonly workload: ResolvedWorkload;
  /** Paths of the platform-generated files (read-only, marked), sorted. */
  public readonly generatedPaths: string[];
  /** Paths of the files written once and owned by the tenant from then on, sorted. */
  public readonly scaffoldPaths: string[];

  constructor(options: ZaveServiceProjectOptions = {}) {
    super({ name: options.service ?? 'zave-service', outdir: options.outdir, logging: { level: LogLevel.WARN } });
    let source: ReturnType<typeof loadContractSource>;
    try {
      source = loadContractSource(this.outdir, options);
    } catch (e) {
      failCleanly(e);
    }
    this.contract = source.contract;
    this.workload = resolveContract(source.contract);
    const w = this.workload;
    const version = platformVersion();
    const workflowsRepository = options.workflowsRepository ?? 'zave/platform-workflows';
    const workflowsRef = options.workflowsRef ?? defaultWorkflowsRef(version);
    const skeleton = runtimeSkeleton(w);

    const generated: Array<[string, string, 'hash' | 'slash' | 'html']> = [];
    const scaffold: Record<string, string> = { ...(skeleton?.files ?? {}) };
    if (source.newText !== undefined) scaffoldFile(this, 'zave.yaml', source.newText);
    new PackageJsonFile(this, toolingPackageJson(w, toolingDevDeps(version, options.devDeps ?? [])));

    if (skeleton) generated.push(['Dockerfile', skeleton.dockerfile, 'hash']);
    else scaffold.Dockerfile = CONTAINER_SAMPLE;
    generated.push(['.dockerignore', dockerignore(skeleton?.dockerignore ?? []), 'hash']);
    generated.push(['.github/workflows/ci.yml', ciWorkflow({ repository: workflowsRepository, ref: workflowsRef }), 'hash']);
    generated.push(['cdk8s.yaml', cdk8sConfig(), 'hash']);
    generated.push(['cdk8s/main.js', previewApp(), 'slash']);
    generated.push(['.projenrc.js', projenrc(), 'slash']);

    this.scaffoldPaths = [...Object.keys(scaffold), 'package.json'].sort();
    const readmeGenerated = [...generated.map(([p]) => p), 'README.md', '.zave/repository.json', '.gitignore', '.gitattributes', '.projen/*'].sort();
    generated.push(['README.md', tenantReadme({
      workload: w,
      generated: readmeGenerated,
      scaffold: this.scaffoldPaths,
      testCommand: skeleton ? (w.runtime === Runtime.NODE ? 'npm test' : skeleton.testCommand) : undefined,
      workflowsRepository,
      workflowsRef,
    }), 'html']);

    for (const [p, content, style] of generated) generatedFile(this, p, content, style);
    for (const p of Object.keys(scaffold).sort()) scaffoldFile(this, p, scaffold[p]);

    this.gitignore.exclude('node_modules/', 'dist/', ...(skeleton?.gitignore ?? []));
    this.defaultTask?.exec('node .projenrc.js');
    if (skeleton) this.testTask.exec(skeleton.testCommand);
    this.addTask('preview', { description: 'Render the workload manifests per environment into dist/cdk8s', exec: 'node cdk8s/main.js' });

    // Last: the record hashes every other generated file.
    new NoLinksGuard(this, this.scaffoldPaths);
    new RepositoryRecordFile(this, {
      kind: RepositoryKind.SERVICE,
      service: w.service,
      contract: 'zave.yaml',
      strategy: w.strategy,
      platformVersion: version,
      onboardedBy: options.onboardedBy ?? (process.env.PROJEN_CREATE_PROJECT === 'true' ? 'projen new' : undefined),
    });
    this.generatedPaths = Object.keys(generatedContents(this)).sort();
  }

  /** Marks generated files for GitHub (collapsed in diffs, excluded from language statistics). */
  public annotateGenerated(glob: string): void {
    this.gitattributes.addAttributes(glob, 'linguist-generated');
  }
}

function dockerignore(extra: readonly string[]): string {
  return ['.git/', '.github/', '.projen/', '.zave/', 'cdk8s/', 'cdk8s.yaml', 'dist/', 'Dockerfile', '.dockerignore', 'README.md', ...extra].join('\n') + '\n';
}

function projenrc(): string {
  return `// Regenerates this repository from zave.yaml (run by "npx projen"). Nothing to configure here:
// the contract is the only input.
const { ZaveServiceProject } = require('@zave/platform');

${projenrcSynth('new ZaveServiceProject({ outdir: __dirname })')}`;
}

