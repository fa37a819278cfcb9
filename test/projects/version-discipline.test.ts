import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'projen/lib/testing';
import * as YAML from 'yaml';
import { cleanup, synthService, tempDir } from './support/tenant-fixtures';
import { RepositoryTaxonomy, ZavePlatformWorkflowsProject } from '../../src';
import { Runtime } from '../../src/contract/enums';
import { embeddedGitOpsFiles } from '../../src/gitops/embedded';
import { platformVersion } from '../../src/projects/common/platform-version';
import { ZaveGitOpsProject } from '../../src/projects/gitops-project';

describe('version discipline: every generated repository pins the exact same platform version', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(cleanup));
  const version = platformVersion();

  test('tenant (package and workflow refs), platform-workflows, GitOps project and embedded GitOps repository', () => {
    const { dir: tenant } = synthService({ service: 'payments-api', runtime: Runtime.NODE });
    dirs.push(tenant);
    const pkg = JSON.parse(fs.readFileSync(path.join(tenant, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@zave/platform']).toBe(version); // no ^, no latest
    const ci = YAML.parse(fs.readFileSync(path.join(tenant, '.github/workflows/ci.yml'), 'utf8'));
    for (const job of Object.values<{ uses: string }>(ci.jobs)) expect(job.uses.endsWith(`@v${version}`)).toBe(true);
    expect(RepositoryTaxonomy.read(tenant)?.platformVersion).toBe(version);

    const workflows = tempDir('pin-wf');
    dirs.push(workflows);
    new ZavePlatformWorkflowsProject({ outdir: workflows }).synth();
    for (const name of ['build', 'propose', 'validate']) {
      const wf = YAML.parse(fs.readFileSync(path.join(workflows, `.github/workflows/${name}.yml`), 'utf8'));
      expect(wf.jobs[name].env.ZAVE).toBe(`npx --yes --package @zave/platform@${version} zave`);
    }
    expect(RepositoryTaxonomy.read(workflows)?.platformVersion).toBe(version);

    const files = Testing.synth(new ZaveGitOpsProject({ outdir: tempDir('pin-gitops') }));
    expect(files['package.json'].dependencies['@zave/platform']).toBe(version);
    expect(files['.zave/repository.json'].platformVersion).toBe(version);

    const embedded = embeddedGitOpsFiles();
    expect(embedded['.github/workflows/gitops.yml']).toContain(`--package @zave/platform@${version} zave`);
    expect(embedded['.github/workflows/gitops.yml']).not.toContain('@latest');
    expect(JSON.parse(embedded['.zave/repository.json']).platformVersion).toBe(version);
  });

  test('a supported Node LTS everywhere: Dockerfile bases (by digest), engines, setup-node', () => {
    const { dir: tenant } = synthService({ service: 'node-api', runtime: Runtime.NODE });
    dirs.push(tenant);
    const from = fs.readFileSync(path.join(tenant, 'Dockerfile'), 'utf8').split('\n').filter((l) => l.startsWith('FROM '));
    expect(from).toEqual([
      expect.stringMatching(/^FROM node:22-bookworm-slim@sha256:[0-9a-f]{64} AS build$/),
      expect.stringMatching(/^FROM gcr\.io\/distroless\/nodejs22-debian12:nonroot@sha256:[0-9a-f]{64}$/),
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(tenant, 'package.json'), 'utf8')).engines).toEqual({ node: '>=22' });
    const workflows = tempDir('lts-wf');
    dirs.push(workflows);
    new ZavePlatformWorkflowsProject({ outdir: workflows }).synth();
    const texts = ['build', 'propose', 'validate'].map((n) => fs.readFileSync(path.join(workflows, `.github/workflows/${n}.yml`), 'utf8'));
    texts.push(embeddedGitOpsFiles()['.github/workflows/gitops.yml']);
    for (const text of texts) expect(text).toContain('node-version: "22"');
    expect(texts.join('\n')).not.toMatch(/node-version: "?20/);
  });
});
