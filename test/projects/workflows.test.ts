import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Database, Exposure, RepositoryTaxonomy, Runtime, Strategy, ZavePlatformWorkflowsProject } from '../../src';
import { cleanup, listFiles, synthService, tempDir } from './support/tenant-fixtures';

const VALIDATOR = path.join(__dirname, 'support', 'validate-workflows.mjs');

/** Validates workflow files with GitHub's parser in a child node process (ESM + JSON loader hook). */
function validateWorkflows(files: string[]): Record<string, string[]> {
  const out = execFileSync(process.execPath, [VALIDATOR, ...files], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' });
  return JSON.parse(out) as Record<string, string[]>;
}

describe('generated workflows', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(cleanup));

  let workflowsDir: string;
  let serviceFiles: string[];
  beforeAll(() => {
    workflowsDir = tempDir('workflows');
    dirs.push(workflowsDir);
    new ZavePlatformWorkflowsProject({ outdir: workflowsDir, gitopsRepository: 'acme/gitops' }).synth();
    serviceFiles = [
      synthService({ service: 'payments-api', runtime: Runtime.NODE, exposure: Exposure.PUBLIC_HTTP, database: Database.POSTGRES }),
      synthService({ service: 'email-worker', runtime: Runtime.PYTHON, strategy: Strategy.WORKER }),
      synthService({ service: 'nightly-report', runtime: Runtime.JAVA, schedule: '0 3 * * *' }),
    ].map(({ dir }) => {
      dirs.push(dir);
      return path.join(dir, '.github/workflows/ci.yml');
    });
  });

  const load = (file: string) => YAML.parse(fs.readFileSync(file, 'utf8'));

  test('GitHub\'s workflow parser accepts every generated workflow, and rejects a broken one', () => {
    const reusable = ['build', 'propose', 'validate'].map((n) => path.join(workflowsDir, `.github/workflows/${n}.yml`));
    const broken = path.join(workflowsDir, 'broken.yml');
    fs.writeFileSync(broken, 'name: x\non:\n  push:\n    branchez: [main]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n');
    const report = validateWorkflows([...serviceFiles, ...reusable, broken]);
    for (const file of [...serviceFiles, ...reusable]) expect([file, report[file]]).toEqual([file, []]);
    expect(report[broken].join('\n')).toMatch(/Line: 4, Col: 5\): Unexpected value 'branchez'/);
  });

  test('ci.yml only calls the shared workflows, validate -> build -> propose, passing only the contract (and the built image)', () => {
    for (const file of serviceFiles) {
      const wf = load(file);
      expect(Object.keys(wf)).toEqual(['name', 'on', 'permissions', 'concurrency', 'jobs']);
      expect(Object.keys(wf.jobs)).toEqual(['validate', 'build', 'propose']);
      for (const [name, job] of Object.entries<Record<string, unknown>>(wf.jobs)) {
        expect(job.uses).toBe(`zave/platform-workflows/.github/workflows/${name}.yml@v0.0.0`);
        expect(job).not.toHaveProperty('steps');
        expect(job).not.toHaveProperty('runs-on');
      }
      expect(wf.jobs.validate.needs).toBeUndefined();
      expect(wf.jobs.build.needs).toEqual(['validate']);
      expect(wf.jobs.propose.needs).toEqual(['validate', 'build']);
      // A commit that changes only the contract skips the build and proposes the contract alone.
      expect(wf.jobs.build.if).toBe("needs.validate.outputs.contract-only != 'true'");
      expect(wf.jobs.propose.if).toBe("!failure() && !cancelled() && github.ref == 'refs/heads/main'");
      expect(wf.jobs.validate.with).toEqual({ contract: 'zave.yaml' });
      expect(wf.jobs.build.with).toEqual({ contract: 'zave.yaml' });
      expect(wf.jobs.propose.with).toEqual({ contract: 'zave.yaml', image: '${{ needs.build.outputs.image }}' });
      expect(wf.jobs.propose.secrets).toBe('inherit');
      expect(wf.jobs.validate.secrets).toBeUndefined();
      expect(wf.jobs.build.secrets).toBeUndefined();
      expect(wf.permissions).toEqual({ contents: 'read' });
      expect(wf.jobs.build.permissions).toEqual({ contents: 'read', packages: 'write' });
    }
  });

  test('reusable workflows: workflow_call with typed inputs/outputs, minimal permissions, no cluster credentials', () => {
    const wf = (n: string) => load(path.join(workflowsDir, `.github/workflows/${n}.yml`));
    const validate = wf('validate');
    const build = wf('build');
    const propose = wf('propose');
    for (const w of [validate, build, propose]) {
      expect(Object.keys(w.on)).toEqual(['workflow_call']);
      expect(w.on.workflow_call.inputs.contract).toEqual({ default: 'zave.yaml', description: 'Path of the workload contract', required: false, type: 'string' });
      expect(w.permissions).toEqual({ contents: 'read' });
    }
    expect(validate.jobs.validate.steps.map((s: { run?: string }) => s.run).filter(Boolean)[0]).toBe('$ZAVE validate "$CONTRACT"');
    expect(validate.jobs.validate.outputs).toEqual({ 'contract-only': '${{ steps.changes.outputs.contract-only }}' });
    expect(validate.on.workflow_call.outputs['contract-only'].value).toBe('${{ jobs.validate.outputs.contract-only }}');
    for (const [w, job] of [[validate, 'validate'], [build, 'build'], [propose, 'propose']]) {
      expect(w.jobs[job].env).toEqual({ ZAVE: 'npx --yes --package @zave/platform@0.0.0 zave' });
      expect(Object.keys(w)).toEqual(['name', 'on', 'permissions', 'jobs']);
    }
    expect(build.on.workflow_call.outputs.image.value).toBe('${{ jobs.build.outputs.image }}');
    const push = build.jobs.build.steps.find((s: { uses?: string }) => s.uses?.startsWith('docker/build-push-action@'));
    expect(push.with).toMatchObject({ provenance: 'mode=max', sbom: true, push: "${{ github.event_name == 'push' }}" });
    expect(build.jobs.build.outputs).toEqual({ digest: '${{ steps.push.outputs.digest }}', image: '${{ steps.ref.outputs.image }}' });
    expect(build.jobs.build.permissions).toEqual({ contents: 'read', packages: 'write' });
    // The image is optional: without one the contract is released with the image running there.
    expect(propose.on.workflow_call.inputs.image).toMatchObject({ required: false, type: 'string', default: '' });
    expect(propose.on.workflow_call.inputs.environment.default).toBe('dev');
    expect(propose.on.workflow_call.inputs.gitops.default).toBe('acme/gitops');
    expect(Object.keys(propose.on.workflow_call.secrets)).toEqual(['ZAVE_GITOPS_TOKEN']);
    const proposeRun = propose.jobs.propose.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(proposeRun).toContain('[ -n "$IMAGE" ] && image=(--image "$IMAGE")');
    expect(proposeRun).toContain('$ZAVE propose --service "$service" --contract "$CONTRACT" \\\n  "${image[@]}" --env "$ENVIRONMENT"');
    const all = ['build', 'propose', 'validate'].map((n) => fs.readFileSync(path.join(workflowsDir, `.github/workflows/${n}.yml`), 'utf8')).join('\n');
    expect(all).not.toMatch(/kubeconfig|KUBE_|kubectl|aws-actions\/configure|azure\/k8s|google-github-actions\/get-gke/i);
    // Inputs reach the shell only through env, never expanded inline in a run script (script injection).
    for (const w of [validate, build, propose]) {
      for (const job of Object.values<{ steps: Array<{ run?: string }> }>(w.jobs)) {
        for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
      }
    }
  });

  test('the workflows repository is a platform-workflows repository with a verified record', () => {
    expect(listFiles(workflowsDir)).toEqual(expect.arrayContaining(['.github/workflows/build.yml', '.github/workflows/propose.yml', '.github/workflows/validate.yml', '.zave/repository.json', 'README.md']));
    expect(RepositoryTaxonomy.read(workflowsDir)).toMatchObject({ kind: 'platform-workflows', platformVersion: '0.0.0' });
    expect(RepositoryTaxonomy.read(workflowsDir)?.service).toBeUndefined();
    expect(RepositoryTaxonomy.verify(workflowsDir)).toMatchObject({ edited: [], deleted: [] });
  });
});

describe('ZavePlatformWorkflowsProject regeneration', () => {
  test('.projenrc.js carries the effective settings, so npx projen regenerates the same workflows', () => {
    const dir = tempDir('wf-rc');
    try {
      new ZavePlatformWorkflowsProject({ outdir: dir, gitopsRepository: 'acme/platform-gitops', registry: 'registry.acme.example' }).synth();
      const rc = fs.readFileSync(path.join(dir, '.projenrc.js'), 'utf8');
      expect(rc).toContain('gitopsRepository: "acme/platform-gitops",');
      expect(rc).toContain('registry: "registry.acme.example",');
      const before = fs.readFileSync(path.join(dir, '.github/workflows/propose.yml'), 'utf8');
      // What .projenrc.js does, with the library resolved from source.
      const { ZavePlatformWorkflowsProject: Type } = jest.requireActual('../../src');
      new Type({ outdir: dir, gitopsRepository: 'acme/platform-gitops', registry: 'registry.acme.example' }).synth();
      expect(fs.readFileSync(path.join(dir, '.github/workflows/propose.yml'), 'utf8')).toBe(before);
      expect(fs.readFileSync(path.join(dir, '.projen/tasks.json'), 'utf8')).toContain('node .projenrc.js');
    } finally {
      cleanup(dir);
    }
  });
});
