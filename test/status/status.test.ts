import * as fs from 'fs';
import * as path from 'path';
import { commit, FleetDirs, generatedFiles, git, imageFor, passingFleet, releaseFleets, propose, regenerate, register, RENDER_VERSION, setImage, synth, write } from './fleet-fixture';
import { CriterionId, FleetStatus, StatusReport } from '../../src';
import { privateStateDir } from '../../src/gitops/repo/private-dir';

const ALL = ['email-worker', 'ledger', 'legacy-gateway', 'nightly-report', 'payments-api'];

let fleet: FleetDirs;
afterEach(() => fleet?.cleanup());
afterAll(releaseFleets);

function measure(withRepos = true): Promise<StatusReport> {
  return FleetStatus.measure({ gitopsDir: fleet.gitops, ...(withRepos ? { repoDirs: [fleet.repos] } : {}) });
}

function criterion(report: StatusReport, id: CriterionId) {
  return report.criteria.find((c) => c.id === id)!;
}

/** [status, figure] of each criterion, in order. */
function summary(report: StatusReport): string[][] {
  return report.criteria.map((c) => [c.id, c.status, c.figure]);
}

function offenders(report: StatusReport, id: CriterionId): string[] {
  return criterion(report, id).offenders.map((o) => `${o.subject}: ${o.reason}`);
}

describe('a fleet of the README example workloads, onboarded and delivered through the platform', () => {
  test('passes all four criteria, with counts and platform versions', async () => {
    fleet = await passingFleet();
    const report = await measure();
    expect(summary(report)).toEqual([
      ['contract-driven', 'pass', '5/5 (100%)'],
      ['generated-pipelines', 'pass', '5/5 (100%)'],
      ['gitops-authority', 'pass', '0 violations (5/5 workloads clean)'],
      ['no-expert-onboarding', 'pass', '5/5 (100%)'],
    ]);
    expect(report.pass).toBe(true);
    expect(report.criteria.flatMap((c) => c.offenders)).toEqual([]);
    expect(report.workloads.map((w) => w.service)).toEqual(ALL);
    expect(report.byStrategy).toEqual([{ value: 'http-service', count: 3 }, { value: 'scheduled-job', count: 1 }, { value: 'worker', count: 1 }]);
    expect(report.byRuntime.map((c) => c.value)).toEqual(['container', 'go', 'java', 'node', 'python']);
    expect(report.byExposure).toEqual([{ value: 'internal-http', count: 1 }, { value: 'none', count: 2 }, { value: 'public-http', count: 2 }]);
    expect(report.byEnvironment).toEqual([{ value: 'dev', count: 5 }, { value: 'prod', count: 3 }, { value: 'staging', count: 3 }]);
    expect(report.byPlatformVersion).toEqual([{ value: RENDER_VERSION, count: 5 }]);
    expect(report.workloads.find((w) => w.service === 'ledger')).toMatchObject({
      registered: true,
      strategy: 'http-service',
      runtime: 'go',
      exposure: 'internal-http',
      environments: ['dev', 'prod', 'staging'],
      platformVersion: RENDER_VERSION,
      platformVersionSource: 'GitOps repository .zave/repository.json',
      repository: 'ledger',
      failing: [],
    });
    expect(report.repositories).toEqual(ALL);
  });

  test('never writes into the repositories it reads', async () => {
    fleet = await passingFleet(['ledger']);
    const snapshot = (dir: string) => [git(dir, 'rev-parse', 'HEAD'), git(dir, '--no-optional-locks', 'status', '--porcelain', '--ignored'), fs.statSync(path.join(dir, '.git', 'index')).mtimeMs];
    const before = [snapshot(fleet.gitops), snapshot(fleet.repo('ledger'))];
    await measure();
    expect([snapshot(fleet.gitops), snapshot(fleet.repo('ledger'))]).toEqual(before);
  });

  test('a platform regeneration of a generated file (file and record together) is not a manual change', async () => {
    fleet = await passingFleet(['ledger']);
    const files = generatedFiles('ledger');
    files['.github/workflows/ci.yml'] += '# platform 0.2.0 adds a step\n';
    regenerate(fleet.repo('ledger'), 'ledger', files);
    commit(fleet.repo('ledger'), 'chore: npx projen (platform 0.2.0)');
    expect((await measure()).pass).toBe(true);
  });
});

describe('criterion 1: contract-driven share', () => {
  test('a hand-written manifest in deploy/ fails the workload; one of five still meets 80%, two do not', async () => {
    fleet = await passingFleet();
    write(fleet.gitops, 'deploy/prod/payments-api/configmap-extra.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    commit(fleet.gitops, 'add a config map by hand');
    let report = await measure();
    expect(criterion(report, CriterionId.CONTRACT_DRIVEN)).toMatchObject({ status: 'pass', figure: '4/5 (80%)', passed: 4, total: 5 });
    expect(offenders(report, CriterionId.CONTRACT_DRIVEN)).toEqual([
      'payments-api: deploy/prod/payments-api/configmap-extra.yaml is not produced by the contract (hand-written manifest)',
    ]);
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toEqual([
      'payments-api: deploy/prod/payments-api/configmap-extra.yaml is not produced by any registration',
    ]);

    write(fleet.gitops, 'deploy/dev/ledger/networkpolicy-allow-all.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-all\n');
    commit(fleet.gitops, 'open the ledger up');
    report = await measure();
    expect(criterion(report, CriterionId.CONTRACT_DRIVEN)).toMatchObject({ status: 'fail', figure: '3/5 (60%)', threshold: '>= 80%' });
    expect(criterion(report, CriterionId.CONTRACT_DRIVEN).offenders.map((o) => o.subject)).toEqual(['ledger', 'payments-api']);
    expect(report.workloads.find((w) => w.service === 'ledger')!.failing).toEqual(['contract-driven', 'gitops-authority']);
    expect(report.pass).toBe(false);
  });

  test('a rendered file edited by hand (a deploy-only commit without trailers) is named as hand-edited', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    const file = 'ledger.yaml';
    fs.appendFileSync(path.join(fleet.gitops, 'deploy/dev', file), '# tweak\n');
    const sha = commit(fleet.gitops, 'hotfix ledger in dev');
    const report = await measure();
    expect(offenders(report, CriterionId.CONTRACT_DRIVEN)).toEqual([
      `ledger: deploy/dev/${file} differs from a fresh render and was last changed by ${sha.slice(0, 7)} "hotfix ledger in dev", which touched only deploy/ (hand-edited)`,
    ]);
    expect(criterion(report, CriterionId.CONTRACT_DRIVEN).figure).toBe('1/2 (50%)');
  });

  test('a hand-edited Argo CD Application of a workload counts against that workload', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    const app = 'deploy/applications/prod/application-ledger.prod.yaml';
    fs.appendFileSync(path.join(fleet.gitops, app), '# sync by hand\n');
    const sha = commit(fleet.gitops, 'ledger: pause prod sync');
    const report = await measure();
    expect(offenders(report, CriterionId.CONTRACT_DRIVEN)).toEqual([
      `ledger: ${app} differs from a fresh render and was last changed by ${sha.slice(0, 7)} "ledger: pause prod sync", which touched only deploy/ (hand-edited)`,
    ]);
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toEqual([`ledger: ${app} differs from a fresh render (deploy/ is stale; run zave synth)`]);
  });

  test('an uncommitted edit of a rendered file is hand-edited', async () => {
    fleet = await passingFleet(['ledger']);
    const file = 'ledger.yaml';
    fs.appendFileSync(path.join(fleet.gitops, 'deploy/dev', file), '# tweak\n');
    expect(offenders(await measure(), CriterionId.CONTRACT_DRIVEN)).toEqual([
      `ledger: deploy/dev/${file} differs from a fresh render and has uncommitted changes (hand-edited)`,
    ]);
  });

  test('overrides beside the contract and kustomize patches in an environment are named', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    write(fleet.gitops, 'workloads/ledger/patch-replicas.yaml', 'spec:\n  replicas: 7\n');
    write(fleet.gitops, 'deploy/prod/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ledger.namespace.yaml\n  - ledger.yaml\n  - payments-api.namespace.yaml\n  - payments-api.yaml\npatches:\n  - path: bump.yaml\n    target:\n      kind: Deployment\n      name: payments-api\n');
    commit(fleet.gitops, 'tune prod by hand');
    const report = await measure();
    expect(offenders(report, CriterionId.CONTRACT_DRIVEN)).toEqual([
      'ledger: workloads/ledger/patch-replicas.yaml overrides the contract (only zave.yaml and registration.yaml belong there)',
      'payments-api: deploy/prod/kustomization.yaml declares patches: {"path":"bump.yaml","target":{"kind":"Deployment","name":"payments-api"}}',
    ]);
    expect(criterion(report, CriterionId.CONTRACT_DRIVEN).status).toBe('fail');
  });

  test('hand-written manifests, Helm charts and kustomize folders in a tenant repository are named', async () => {
    fleet = await passingFleet(['ledger']);
    const repo = fleet.repo('ledger');
    write(repo, 'k8s/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ledger\n');
    write(repo, 'charts/ledger/Chart.yaml', 'apiVersion: v2\nname: ledger\nversion: 0.1.0\n');
    write(repo, 'overlays/prod/kustomization.yaml', 'resources: []\n');
    write(repo, 'config/app.yaml', 'port: 8080\n');
    write(repo, 'dist/cdk8s/preview.k8s.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ledger\n');
    commit(repo, 'bring our own manifests');
    expect(offenders(await measure(), CriterionId.CONTRACT_DRIVEN)).toEqual([
      'ledger: tenant repository ledger: charts/ledger/Chart.yaml (Helm chart) is hand-written',
      'ledger: tenant repository ledger: k8s/deployment.yaml (Kubernetes manifest) is hand-written',
      'ledger: tenant repository ledger: overlays/prod/kustomization.yaml (kustomize) is hand-written',
    ]);
  });
});

describe('criterion 2: generated pipelines', () => {
  test('a hand-edited workflow and a hand-authored one are named per repository', async () => {
    fleet = await passingFleet();
    fs.appendFileSync(path.join(fleet.repo('ledger'), '.github/workflows/ci.yml'), '  deploy:\n    runs-on: ubuntu-latest\n');
    commit(fleet.repo('ledger'), 'ci: deploy from CI');
    write(fleet.repo('payments-api'), '.github/workflows/release.yaml', 'name: release\non: push\n');
    commit(fleet.repo('payments-api'), 'ci: our own release');
    const report = await measure();
    expect(criterion(report, CriterionId.GENERATED_PIPELINES)).toMatchObject({ status: 'fail', figure: '3/5 (60%)', threshold: '>= 100%' });
    expect(offenders(report, CriterionId.GENERATED_PIPELINES)).toEqual([
      'ledger: .github/workflows/ci.yml was edited after generation (sha256 differs from .zave/repository.json)',
      'payments-api: .github/workflows/release.yaml is hand-authored (not listed in .zave/repository.json)',
    ]);
  });

  test('a repository without a taxonomy record, or with its generated workflow deleted, fails', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    fs.rmSync(path.join(fleet.repo('ledger'), '.zave'), { recursive: true });
    fs.rmSync(path.join(fleet.repo('payments-api'), '.github'), { recursive: true });
    const report = await measure();
    expect(offenders(report, CriterionId.GENERATED_PIPELINES)).toEqual([
      'ledger: no .zave/repository.json (not generated by the platform): CI files are hand-authored',
      'payments-api: generated .github/workflows/ci.yml was deleted',
    ]);
    expect(criterion(report, CriterionId.GENERATED_PIPELINES).figure).toBe('0/2 (0%)');
  });

  test('without --repos, pipelines and onboarding are unmeasured and the fleet does not pass', async () => {
    fleet = await passingFleet(['ledger']);
    const report = await measure(false);
    expect(summary(report).map((s) => s[1])).toEqual(['pass', 'unmeasured', 'pass', 'unmeasured']);
    expect(criterion(report, CriterionId.GENERATED_PIPELINES).notes).toEqual(['not measured: give --repos with the tenant repository checkouts']);
    expect(report.pass).toBe(false);
  });
});

describe('criterion 3: GitOps authority', () => {
  test('an unregistered rendered directory is named once, with its environment', async () => {
    fleet = await passingFleet(['ledger']);
    write(fleet.gitops, 'deploy/dev/shadow-api.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shadow-api\n');
    commit(fleet.gitops, 'deploy shadow-api');
    const report = await measure();
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toEqual([
      'shadow-api: deploy/dev/shadow-api.yaml is rendered without a registration (no workloads/shadow-api/zave.yaml)',
    ]);
    expect(criterion(report, CriterionId.GITOPS_AUTHORITY)).toMatchObject({ status: 'fail', figure: '1 violation (1/2 workloads clean)', threshold: '0 violations' });
    expect(offenders(report, CriterionId.CONTRACT_DRIVEN)).toEqual(['shadow-api: rendered without a contract (no workloads/shadow-api/zave.yaml)']);
    expect(report.workloads.find((w) => w.service === 'shadow-api')).toMatchObject({ registered: false, platformVersionSource: 'GitOps repository .zave/repository.json' });
  });

  test('a stale render (state changed by a proposal, deploy/ not re-rendered) fails authority but is not a hand edit', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    setImage(fleet.gitops, 'dev', 'ledger', imageFor('ledger', 'dev', '1.1.0'));
    commit(fleet.gitops, 'propose ledger 1.1.0 (render forgotten)', { 'Zave-Verb': 'propose', 'Zave-Service': 'ledger', 'Zave-Environment': 'dev', 'Zave-Image': imageFor('ledger', 'dev', '1.1.0') });
    const report = await measure();
    const authority = criterion(report, CriterionId.GITOPS_AUTHORITY);
    expect(authority.status).toBe('fail');
    expect(authority.offenders.length).toBeGreaterThan(0);
    for (const o of authority.offenders) {
      expect(o.subject).toBe('ledger');
      expect(o.reason).toMatch(/^deploy\/dev\/ledger\.yaml differs from a fresh render \(deploy\/ is stale; run zave synth\)$/);
    }
    expect(criterion(report, CriterionId.CONTRACT_DRIVEN)).toMatchObject({ status: 'pass', offenders: [] });
    await synth(fleet.gitops);
    commit(fleet.gitops, 'zave synth');
    expect((await measure()).pass).toBe(true);
  });

  test('an image set by a plain commit, or left uncommitted, is named with the commit', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    setImage(fleet.gitops, 'prod', 'ledger', imageFor('ledger', 'prod', '9.9.9'));
    await synth(fleet.gitops);
    const sha = commit(fleet.gitops, 'bump ledger in prod');
    setImage(fleet.gitops, 'staging', 'payments-api', imageFor('payments-api', 'staging', '6.6.6'));
    await synth(fleet.gitops);
    const report = await measure();
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toEqual([
      `ledger: environments/prod.yaml image ${imageFor('ledger', 'prod', '9.9.9')} was set by ${sha.slice(0, 7)} "bump ledger in prod" without a Zave-Verb: propose or promote trailer`,
      `payments-api: environments/staging.yaml sets ${imageFor('payments-api', 'staging', '6.6.6')}, which no commit introduced (uncommitted change)`,
    ]);
    // The render was regenerated, so the workloads stay contract-driven.
    expect(criterion(report, CriterionId.CONTRACT_DRIVEN).status).toBe('pass');
  });

  test('a later propose of the same value does not launder an earlier plain commit; a new propose does', async () => {
    fleet = await passingFleet(['ledger']);
    setImage(fleet.gitops, 'dev', 'ledger', 'registry.example.com/ledger:2.0.0');
    await synth(fleet.gitops);
    commit(fleet.gitops, 'sneak 2.0.0 in');
    expect(criterion(await measure(), CriterionId.GITOPS_AUTHORITY).status).toBe('fail');
    await propose(fleet.gitops, 'dev', 'ledger', 'registry.example.com/ledger:2.0.1');
    expect(criterion(await measure(), CriterionId.GITOPS_AUTHORITY).status).toBe('pass');
  });

  test('a propose commit whose trailers name another service, and an image for an unregistered service', async () => {
    fleet = await passingFleet(['ledger']);
    setImage(fleet.gitops, 'dev', 'ledger', 'registry.example.com/ledger:3.0.0');
    setImage(fleet.gitops, 'dev', 'ghost', 'registry.example.com/ghost:1.0.0');
    const sha = commit(fleet.gitops, 'propose', { 'Zave-Verb': 'propose', 'Zave-Service': 'other', 'Zave-Environment': 'dev' });
    expect(offenders(await measure(), CriterionId.GITOPS_AUTHORITY)).toEqual([
      'deploy/: zave synth --check cannot render: environments/dev.yaml:8:3 "ghost" has an image in dev but is not registered (no workloads/ghost/zave.yaml)',
      `ghost: environments/dev.yaml image registry.example.com/ghost:1.0.0 was set by propose commit ${sha.slice(0, 7)} "propose" whose trailers do not match (Zave-Service is "other")`,
      'ghost: environments/dev.yaml sets an image for ghost, which is not registered',
      `ledger: environments/dev.yaml image registry.example.com/ledger:3.0.0 was set by propose commit ${sha.slice(0, 7)} "propose" whose trailers do not match (Zave-Service is "other")`,
    ]);
  });
});

describe('criterion 3: violations that belong to no workload', () => {
  // Every workload can be clean while the repository is not: the criterion counts violations, not workloads.
  test('a hand-edited app-of-apps root (deploy/bootstrap/<env>.yaml) fails authority although every workload is clean', async () => {
    fleet = await passingFleet(['ledger']);
    const file = path.join(fleet.gitops, 'deploy/bootstrap/dev.yaml');
    const rendered = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `${rendered}---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: side-door\n  namespace: argocd\n`);
    commit(fleet.gitops, 'add an application by hand');
    const report = await measure();
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toEqual([
      'deploy/bootstrap/dev.yaml: deploy/bootstrap/dev.yaml differs from a fresh render (deploy/ is stale; run zave synth)',
    ]);
    expect(criterion(report, CriterionId.GITOPS_AUTHORITY)).toMatchObject({ status: 'fail', figure: '1 violation (1/1 workloads clean)', passed: 1, total: 1 });
    expect(report.workloads.find((w) => w.service === 'ledger')!.failing).toEqual([]);
    expect(report.pass).toBe(false);
  });

  test('an unreadable environments/<env>.yaml fails authority although no workload is named', async () => {
    fleet = await passingFleet(['ledger']);
    write(fleet.gitops, 'environments/staging.yaml', 'images: [unclosed\n');
    commit(fleet.gitops, 'break staging');
    const report = await measure();
    const authority = criterion(report, CriterionId.GITOPS_AUTHORITY);
    expect(authority.status).toBe('fail');
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toContain('environments/staging.yaml: environments/staging.yaml is not valid YAML');
    expect(authority.offenders.every((o) => o.subject !== 'ledger')).toBe(true);
    expect(authority.figure).toMatch(/\(1\/1 workloads clean\)$/);
    expect(report.pass).toBe(false);
  });
});

describe('proposals merged from branches', () => {
  test('register and propose commits on merged branches are found, even when main changed the same file meanwhile', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    const g = fleet.gitops;
    git(g, 'checkout', '-q', '-b', 'zave/propose-ledger');
    await propose(g, 'dev', 'ledger', imageFor('ledger', 'dev', '2.0.0'));
    git(g, 'checkout', '-q', 'main');
    await propose(g, 'dev', 'payments-api', imageFor('payments-api', 'dev', '2.0.0'));
    git(g, 'checkout', '-q', '-b', 'zave/register-orders');
    register(g, 'orders', 'service: orders\nexposure: internal-http\n', 'https://git.example.com/orders.git');
    git(g, 'checkout', '-q', 'main');
    // Both branches changed environments/dev.yaml and deploy/dev: a real three-way merge, resolved by re-rendering.
    try {
      git(g, 'merge', '-q', '--no-ff', '-m', 'Merge propose ledger', 'zave/propose-ledger');
    } catch {
      setImage(g, 'dev', 'ledger', imageFor('ledger', 'dev', '2.0.0'));
      setImage(g, 'dev', 'payments-api', imageFor('payments-api', 'dev', '2.0.0'));
      await synth(g);
      commit(g, 'Merge propose ledger');
    }
    git(g, 'merge', '-q', '--no-ff', '-m', 'Merge register orders', 'zave/register-orders');
    const report = await measure();
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toEqual([]);
    expect(offenders(report, CriterionId.NO_EXPERT_ONBOARDING)).toEqual(['orders: no tenant repository checkout for it among --repos (registration names https://git.example.com/orders.git)']);
  });
});

describe('criterion 4: no-expert onboarding', () => {
  test('a tenant repository that is not registered, or reuses a registered service name, does not pass unseen', async () => {
    fleet = await passingFleet(['ledger']);
    write(fleet.repos, 'shadow/zave.yaml', 'service: shadow\n');
    write(fleet.repos, 'ledger-fork/zave.yaml', 'service: ledger\n');
    const report = await measure();
    expect(offenders(report, CriterionId.NO_EXPERT_ONBOARDING)).toEqual([
      expect.stringMatching(/^ledger: tenant repository ledger-fork uses the service name ledger, which \S+ owns$/),
      'shadow: tenant repository shadow is not registered in the GitOps repository (no workloads/shadow/zave.yaml): nothing of it is delivered through the platform',
    ]);
    expect(criterion(report, CriterionId.NO_EXPERT_ONBOARDING)).toMatchObject({ status: 'fail', figure: '1/3 (33%)' });
    expect(report.pass).toBe(false);
  });

  test('a manual commit to a generated file is named with its commit, even after a later regeneration', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    const repo = fleet.repo('payments-api');
    fs.appendFileSync(path.join(repo, 'Dockerfile'), 'RUN echo patched\n');
    const sha = commit(repo, 'fix: patch the Dockerfile');
    let report = await measure();
    expect(offenders(report, CriterionId.NO_EXPERT_ONBOARDING)).toEqual([
      `payments-api: tenant repository payments-api: commit ${sha.slice(0, 7)} "fix: patch the Dockerfile" changed platform-owned Dockerfile by hand`,
    ]);
    expect(criterion(report, CriterionId.NO_EXPERT_ONBOARDING)).toMatchObject({ status: 'fail', figure: '1/2 (50%)' });
    expect(offenders(report, CriterionId.CONTRACT_DRIVEN)).toEqual([
      'payments-api: tenant repository payments-api: generated Dockerfile was edited (sha256 differs from .zave/repository.json)',
    ]);

    regenerate(repo, 'payments-api', generatedFiles('payments-api'));
    commit(repo, 'chore: npx projen');
    report = await measure();
    expect(criterion(report, CriterionId.CONTRACT_DRIVEN).status).toBe('pass');
    expect(criterion(report, CriterionId.NO_EXPERT_ONBOARDING).offenders.map((o) => o.subject)).toEqual(['payments-api']);
  });

  test('hand registration, manual onboarding and a workload without a tenant checkout are named', async () => {
    fleet = await passingFleet(['ledger', 'payments-api', 'email-worker']);
    write(fleet.gitops, 'workloads/orders/zave.yaml', 'service: orders\n');
    commit(fleet.gitops, 'add orders');
    const repo = fleet.repo('ledger');
    regenerate(repo, 'ledger', generatedFiles('ledger'), 'hand-written by the platform team');
    commit(repo, 'record');
    fs.rmSync(fleet.repo('email-worker'), { recursive: true });
    expect(offenders(await measure(), CriterionId.NO_EXPERT_ONBOARDING)).toEqual([
      expect.stringMatching(/^email-worker: no tenant repository checkout for it among --repos \(registration names \/.*\/repos\/email-worker\)$/),
      'ledger: tenant repository ledger was onboarded by "hand-written by the platform team", not by zave init or projen new',
      'orders: no commit with Zave-Verb: register and Zave-Service: orders in the GitOps repository (registered by hand)',
      'orders: no tenant repository checkout for it among --repos',
    ]);
  });
});

describe('hostile repositories', () => {
  test('a tenant folder without its own history (inside another repository) cannot prove onboarding', async () => {
    fleet = await passingFleet(['ledger']);
    fs.rmSync(path.join(fleet.repo('ledger'), '.git'), { recursive: true });
    git(fleet.root, '-c', 'init.defaultBranch=main', 'init', '-q');
    commit(fleet.root, 'monorepo');
    const report = await measure();
    expect(offenders(report, CriterionId.NO_EXPERT_ONBOARDING)).toEqual([
      'ledger: tenant repository ledger is not a git checkout of its own, so its history cannot show who changed platform-owned files',
    ]);
    expect(criterion(report, CriterionId.GENERATED_PIPELINES).status).toBe('pass');
  });

  test('symbolic links are reported, never followed', async () => {
    fleet = await passingFleet(['ledger']);
    const file = 'ledger.yaml';
    fs.rmSync(path.join(fleet.gitops, 'deploy/dev', file));
    fs.symlinkSync('/dev/zero', path.join(fleet.gitops, 'deploy/dev', file));
    fs.rmSync(path.join(fleet.repo('ledger'), 'Dockerfile'));
    fs.symlinkSync('/dev/zero', path.join(fleet.repo('ledger'), 'Dockerfile'));
    const report = await measure();
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toEqual([
      `ledger: deploy/dev/${file} differs from a fresh render (deploy/ is stale; run zave synth)`,
    ]);
    expect(offenders(report, CriterionId.CONTRACT_DRIVEN)).toEqual([
      `ledger: deploy/dev/${file} differs from a fresh render and has uncommitted changes (hand-edited)`,
      'ledger: tenant repository ledger: generated Dockerfile was edited (sha256 differs from .zave/repository.json)',
    ]);
  });

  test('a record listing files outside the repository is refused, and those files are never read', async () => {
    fleet = await passingFleet(['ledger']);
    const file = path.join(fleet.repo('ledger'), '.zave/repository.json');
    const record = JSON.parse(fs.readFileSync(file, 'utf8'));
    record.generatedFiles.push({ path: '../../../../etc/passwd', sha256: '0'.repeat(64) });
    fs.writeFileSync(file, JSON.stringify(record, null, 2));
    const report = await measure();
    expect(offenders(report, CriterionId.GENERATED_PIPELINES)).toEqual([
      'ledger: .zave/repository.json lists ../../../../etc/passwd, outside the repository: CI files are hand-authored',
    ]);
    expect(offenders(report, CriterionId.NO_EXPERT_ONBOARDING)).toEqual([
      'ledger: tenant repository ledger: .zave/repository.json lists ../../../../etc/passwd, outside the repository',
    ]);
  });

  test('a broken owner record is a contract-driven offender naming file, line and field', async () => {
    fleet = await passingFleet(['ledger']);
    write(fleet.gitops, 'workloads/ledger/registration.yaml', 'apiVersion: zave.dev/v1\nkind: Registration\nservice: ledger\nrepo: https://github.com/acme/ledger.git\n');
    const report = await measure();
    expect(offenders(report, CriterionId.CONTRACT_DRIVEN)).toEqual([
      'ledger: owner record is not valid: workloads/ledger/registration.yaml:1:1 repository: required field "repository" is missing (zave register and contract releases refuse ledger until it is fixed)',
      'ledger: owner record is not valid: workloads/ledger/registration.yaml:4:1 repo: unknown field "repo"; allowed fields: apiVersion, kind, service, repository (zave register and contract releases refuse ledger until it is fixed)',
    ]);
  });

  test('an invalid registered contract and a broken environment file are offenders, not crashes', async () => {
    fleet = await passingFleet(['ledger']);
    write(fleet.gitops, 'workloads/ledger/zave.yaml', 'service: ledger\nexposure: publik-http\n');
    write(fleet.gitops, 'environments/staging.yaml', 'images: [unclosed\n');
    const report = await measure();
    const contractDriven = offenders(report, CriterionId.CONTRACT_DRIVEN);
    expect(contractDriven).toHaveLength(1);
    expect(contractDriven[0]).toMatch(/^ledger: registered contract is not valid: workloads\/ledger\/zave\.yaml:2:11 .*"publik-http"/);
    expect(offenders(report, CriterionId.GITOPS_AUTHORITY)).toContain('environments/staging.yaml: environments/staging.yaml is not valid YAML');
    expect(report.workloads[0]).toMatchObject({ service: 'ledger', registered: true });
    expect(report.workloads[0].strategy).toBeUndefined();
    expect(report.byStrategy).toEqual([{ value: 'unknown', count: 1 }]);
  });

  test('the synth cache names the version that rendered deploy/', async () => {
    fleet = await passingFleet(['ledger']);
    fs.writeFileSync(path.join(privateStateDir(fleet.gitops), 'synth-cache.json'), 'mac\n{"format":3,"library":"0.3.1","code":"x","outputs":{}}\n');
    const report = await measure();
    expect(report.workloads[0]).toMatchObject({ platformVersion: '0.3.1', platformVersionSource: 'synth cache (.git/zave)' });
    expect(report.byPlatformVersion).toEqual([{ value: '0.3.1', count: 1 }]);
    expect(report.pass).toBe(true);
  });
});
