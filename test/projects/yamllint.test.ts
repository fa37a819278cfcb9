import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ZavePlatformWorkflowsProject } from '../../src';
import { cleanup, everyVariant, listFiles, synthService, tempDir } from './support/tenant-fixtures';
import { Runtime } from '../../src/contract/enums';
import { embeddedGitOpsFiles } from '../../src/gitops/embedded';
import { registrationYaml } from '../../src/gitops/lifecycle/state-files';
import { environmentStateYaml } from '../../src/gitops/state/environment-state';
import { libraryVersion } from '../../src/gitops/synth/fingerprint';
import { synthesize } from '../../src/gitops/synth/synthesize';
import { ZaveGitOpsProject } from '../../src/projects/gitops-project';
import { exampleRepo } from '../gitops/fixture';

/**
 * Debian's yamllint with its DEFAULT configuration (no .yamllint file: `-d default`) over every
 * YAML file zave generates in a tenant repository (every runtime x strategy, and a container one),
 * the platform-workflows repository, a GitOps repository from the projen project type and the
 * embedded GitOps repository. `--strict` makes warnings (document-start, truthy keys) fail too.
 *
 * deploy/ is included: its rendered manifests switch off line-length alone (a directive in their header:
 * image digests and host names cannot be wrapped); every other default rule applies to them too.
 */

function yamllintAvailable(): boolean {
  return spawnSync('yamllint', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** In CI a missing yamllint is a failure (.ci/run installs it); elsewhere the test is left out. */
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const lintTest = yamllintAvailable() || inCi ? test : test.skip;

function yamlFiles(dir: string): string[] {
  return listFiles(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));
}

function lint(files: string[]): { status: number | null; output: string } {
  const r = spawnSync('yamllint', ['-d', 'default', '--strict', '-f', 'parsable', ...files], { encoding: 'utf8' });
  if (r.error) throw new Error(`yamllint could not run (${r.error.message}); install it: apt-get install -y yamllint`);
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

describe('generated YAML passes yamllint with its default configuration', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(cleanup));
  const keep = (dir: string) => (dirs.push(dir), dir);

  lintTest('tenant repositories, the platform-workflows repository and GitOps repositories: zero errors and warnings', () => {
    const files: string[] = [];
    for (const { options } of [...everyVariant(), { options: { service: 'legacy-gateway', runtime: Runtime.CONTAINER } }]) {
      files.push(...yamlFiles(keep(synthService(options).dir)));
    }
    const workflows = keep(tempDir('lint-wf'));
    new ZavePlatformWorkflowsProject({ outdir: workflows }).synth();
    files.push(...yamlFiles(workflows));

    const gitops = keep(tempDir('lint-gitops'));
    const saved = process.env.PROJEN_DISABLE_POST;
    process.env.PROJEN_DISABLE_POST = 'true'; // no npm install
    try {
      new ZaveGitOpsProject({ outdir: gitops }).synth();
    } finally {
      if (saved === undefined) delete process.env.PROJEN_DISABLE_POST;
      else process.env.PROJEN_DISABLE_POST = saved;
    }
    files.push(...yamlFiles(gitops));

    const embedded = keep(tempDir('lint-embedded'));
    for (const [rel, content] of Object.entries(embeddedGitOpsFiles())) {
      fs.mkdirSync(path.dirname(path.join(embedded, rel)), { recursive: true });
      fs.writeFileSync(path.join(embedded, rel), content);
    }
    files.push(...yamlFiles(embedded));

    // What is linted: every kind of generated YAML file, so an empty list cannot pass silently.
    const kinds = new Set(files.map((f) => path.basename(f)));
    expect([...kinds].sort()).toEqual(['build.yml', 'cdk8s.yaml', 'ci.yml', 'dev.yaml', 'gitops.yml', 'platform.yaml', 'prod.yaml', 'propose.yml', 'staging.yaml', 'validate.yml', 'zave.yaml']);
    expect(lint(files)).toEqual({ status: 0, output: '' });
  }, 120_000);

  lintTest('a synthesized GitOps repository: deploy/, registrations and promotion state written by the verbs', async () => {
    const dir = keep(exampleRepo());
    fs.writeFileSync(path.join(dir, 'workloads/ledger/registration.yaml'), registrationYaml({ service: 'ledger', repository: 'https://github.com/acme/ledger.git' }));
    fs.writeFileSync(path.join(dir, 'environments/dev.yaml'), environmentStateYaml('dev', {
      ledger: { image: 'ghcr.io/acme/ledger:1.0.0', contract: `sha256:${'a'.repeat(64)}`, platform: libraryVersion() },
    }));
    fs.mkdirSync(path.join(dir, 'workloads/ledger/revisions'));
    expect((await synthesize({ repoDir: dir, workers: 0 })).issues.map((i) => i.code)).toEqual(['contract-revision-missing']);
    fs.writeFileSync(path.join(dir, 'environments/dev.yaml'), environmentStateYaml('dev', { ledger: { image: 'ghcr.io/acme/ledger:1.0.0', platform: libraryVersion() } }));
    expect((await synthesize({ repoDir: dir, workers: 0 })).ok).toBe(true);
    // workloads/<service>/zave.yaml are the tenants' own bytes (copied, not generated): linted in the tenant repositories.
    const files = yamlFiles(dir).filter((f) => !f.endsWith(`${path.sep}zave.yaml`));
    expect(files.filter((f) => f.includes(`${path.sep}deploy${path.sep}`)).length).toBeGreaterThan(20);
    expect(lint(files)).toEqual({ status: 0, output: '' });
  }, 120_000);

  lintTest('the check can fail: a long header and a missing document start are reported', () => {
    const dir = keep(tempDir('lint-bad'));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, `# ${'word '.repeat(18).trim()}\non: push\n`);
    const { status, output } = lint([bad]);
    expect(status).not.toBe(0);
    expect(output).toMatch(/line too long \(91 > 80 characters\) \(line-length\)/);
    expect(output).toMatch(/missing document start "---" \(document-start\)/);
    expect(output).toMatch(/truthy value should be one of/);
  });
});
