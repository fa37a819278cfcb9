import * as fs from 'fs';
import * as path from 'path';
import { createSandbox, digestImage, example, Sandbox, setProcessEnv } from './sandbox';
import { GitOpsLifecycle } from '../../../src';
import { ensureEmbeddedGitOps } from '../../../src/gitops/embedded';
import { promoteImage, proposeImage, registerWorkload } from '../../../src/gitops/lifecycle';
import { initGitOpsFiles, runSynth } from '../../../src/gitops/lifecycle/synth-adapter';

describe('local GitOps checkouts (no remote)', () => {
  let sb: Sandbox;
  let restoreEnv: () => void;
  beforeEach(async () => {
    sb = await createSandbox();
    // ensureEmbeddedGitOps runs git with the process environment: give it the sandbox identity and config.
    restoreEnv = setProcessEnv(sb.env);
  });
  afterEach(() => {
    restoreEnv();
    sb.cleanup();
  });

  it('the embedded ./gitops of zave init gets the branch directly; its working tree stays clean', async () => {
    const tenant = path.join(sb.dir, 'tenant');
    const { dir } = await ensureEmbeddedGitOps(path.join(tenant, 'gitops'));
    const r = await registerWorkload({ gitops: dir, env: sb.env, contractText: fs.readFileSync(example('payments-api')), repository: tenant });
    expect(r).toMatchObject({ changed: true, pushed: false, branch: 'zave/register-payments-api', base: 'main', repository: dir });
    expect(r.pullRequest?.instructions).toContain(`git -C ${dir} merge --no-ff zave/register-payments-api`);
    expect(sb.git(dir, 'status', '--porcelain')).toBe('');
    expect(fs.existsSync(path.join(dir, 'workloads', 'payments-api'))).toBe(false);
    sb.git(dir, 'merge', '-q', '--no-ff', '-m', 'merge', r.branch);
    expect((await runSynth(dir, true)).written).toEqual([]);
  });

  it('a GitOps folder inside a larger repository: changes stay inside the folder', async () => {
    const mono = path.join(sb.dir, 'mono');
    fs.mkdirSync(path.join(mono, 'src'), { recursive: true });
    fs.writeFileSync(path.join(mono, 'src', 'app.js'), 'x\n');
    initGitOpsFiles(path.join(mono, 'ops'));
    await runSynth(path.join(mono, 'ops'), false);
    sb.git(mono, 'init', '-q');
    sb.git(mono, 'add', '-A');
    sb.git(mono, 'commit', '-q', '-m', 'mono');
    await registerWorkload({ gitops: path.join(mono, 'ops'), env: sb.env, contractPath: example('ledger-internal'), repository: mono });
    sb.git(mono, 'merge', '-q', 'zave/register-ledger');
    const r = await proposeImage({ gitops: path.join(mono, 'ops'), env: sb.env, service: 'ledger', image: digestImage('ledger', 'e') });
    const files = sb.git(mono, 'diff', '--name-only', `main...${r.branch}`).split('\n');
    expect(files.length).toBeGreaterThan(1);
    expect(files.every((f) => f.startsWith('ops/'))).toBe(true);
    expect(files).toContain('ops/environments/dev.yaml');
  });

  it('the public GitOpsLifecycle facade: register, propose, promote, deregister with progress', async () => {
    const { dir } = await ensureEmbeddedGitOps(path.join(sb.dir, 'ops'));
    const lines: string[] = [];
    const progress = { report: (m: string) => lines.push(m) };
    const reg = await GitOpsLifecycle.register({ gitops: dir, contractPath: example('ledger-internal'), repository: 'https://github.com/acme/ledger', progress });
    expect(reg).toMatchObject({ changed: true, branch: 'zave/register-ledger', pushed: false, pullRequestUrl: undefined });
    expect(reg.instructions).toContain('merge --no-ff zave/register-ledger');
    expect(lines.some((l) => l.startsWith('committed '))).toBe(true);
    sb.git(dir, 'merge', '-q', reg.branch);
    const prop = await GitOpsLifecycle.propose({ gitops: dir, service: 'ledger', image: digestImage('ledger', '7') });
    sb.git(dir, 'merge', '-q', prop.branch);
    const prom = await GitOpsLifecycle.promote({ gitops: dir, service: 'ledger', to: 'staging' });
    expect(prom.title).toBe('Promote ledger sha256:777777777777 from dev to staging');
    const gone = await GitOpsLifecycle.deregister({ gitops: dir, service: 'ledger' });
    expect(gone.branch).toBe('zave/deregister-ledger');
    expect(sb.git(dir, 'status', '--porcelain')).toBe('');
  });

  /** An embedded GitOps repository whose main has ledger and payments-api registered and released to dev (images `1`). */
  async function ledgerAndPaymentsInDev(): Promise<string> {
    const { dir } = await ensureEmbeddedGitOps(path.join(sb.dir, 'ops'));
    const merge = (branch: string) => sb.git(dir, 'merge', '-q', '--no-ff', '-m', `merge ${branch}`, branch);
    merge((await registerWorkload({ gitops: dir, env: sb.env, contractPath: example('ledger-internal'), repository: dir })).branch);
    merge((await registerWorkload({ gitops: dir, env: sb.env, contractPath: example('payments-api'), repository: dir })).branch);
    merge((await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '1') })).branch);
    merge((await proposeImage({ gitops: dir, env: sb.env, service: 'payments-api', image: digestImage('payments-api', '1') })).branch);
    return dir;
  }

  it('a verb edits only its own entry of a promotion-state file: another entry is copied byte for byte, unchecked; its own is checked', async () => {
    const dir = await ledgerAndPaymentsInDev();
    // By hand, in zave's own layout: an image reference no verb would write (upper case is not a valid repository name).
    const state = path.join(dir, 'environments', 'dev.yaml');
    const bad = fs.readFileSync(state, 'utf8').replace('/payments-api@', '/Payments-API@');
    expect(bad).toContain('Payments-API');
    fs.writeFileSync(state, bad);
    sb.git(dir, 'commit', '-q', '-am', 'hand edit');
    const r = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '2') });
    const after = sb.git(dir, 'show', `${r.branch}:environments/dev.yaml`);
    const changed = sb.git(dir, 'diff', '-U0', `main...${r.branch}`, '--', 'environments/dev.yaml').split('\n').filter((l) => /^[-+] /.test(l));
    expect(changed).toEqual([`-    image: ${digestImage('ledger', '1')}`, `+    image: ${digestImage('ledger', '2')}`]);
    expect(after).toContain('/Payments-API@');
    // The entries a verb reads and writes are checked: promoting the hand-edited release is refused, naming it.
    await expect(promoteImage({ gitops: dir, env: sb.env, service: 'payments-api', to: 'staging' })).rejects.toMatchObject({
      message: expect.stringContaining('environments/dev.yaml is not a valid promotion state'),
      issues: [expect.objectContaining({ path: 'releases.payments-api.image' })],
    });
  });

  it('a verb reads no entry but its own: a release of an unregistered service and a folder no service can have are copied, and synth --check reports them', async () => {
    const dir = await ledgerAndPaymentsInDev();
    const state = path.join(dir, 'environments', 'dev.yaml');
    const text = fs.readFileSync(state, 'utf8');
    // By hand, in zave's layout: a release of a service that has no workloads/ folder, sorted in among the others.
    const ghost = `  mmm-ghost:\n    contract: sha256:${'0'.repeat(64)}\n    image: ${digestImage('mmm-ghost', '1')}\n    platform: 0.1.0\n`;
    fs.writeFileSync(state, text.replace('  payments-api:\n', `${ghost}  payments-api:\n`));
    fs.mkdirSync(path.join(dir, 'workloads', 'Not_A_Service'));
    fs.writeFileSync(path.join(dir, 'workloads', 'Not_A_Service', 'zave.yaml'), 'service: x\n');
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '-m', 'hand edits');
    const r = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '2') });
    const changed = sb.git(dir, 'diff', '-U0', `main...${r.branch}`, '--', 'environments/').split('\n').filter((l) => /^[-+] /.test(l));
    expect(changed).toEqual([`-    image: ${digestImage('ledger', '1')}`, `+    image: ${digestImage('ledger', '2')}`]);
    expect(sb.git(dir, 'show', `${r.branch}:environments/dev.yaml`)).toContain(ghost.trimEnd());
    // The GitOps repository's check of the proposal is what reports them.
    sb.git(dir, 'checkout', '-q', r.branch);
    const check = await runSynth(dir, true);
    expect(check.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['unknown-service']));
    expect(check.issues.some((i) => i.file === 'workloads/Not_A_Service')).toBe(true);
    sb.git(dir, 'checkout', '-q', 'main');
  });

  it('a verb edits its own lines of the kustomization files; one not in zave\'s form is written whole', async () => {
    const dir = await ledgerAndPaymentsInDev();
    const kustomization = path.join(dir, 'deploy', 'dev', 'kustomization.yaml');
    const apps = path.join(dir, 'deploy', 'applications', 'dev', 'kustomization.yaml');
    const rendered = { deploy: fs.readFileSync(kustomization, 'utf8'), apps: fs.readFileSync(apps, 'utf8') };
    expect(rendered.deploy).toContain('  - ledger.namespace.yaml\n  - ledger.yaml\n  - payments-api.namespace.yaml\n  - payments-api.yaml\n');
    // By hand: a line another service's change does not touch (the verb copies it; synth --check reports it).
    fs.writeFileSync(kustomization, rendered.deploy.replace('  - ledger.yaml\n', '  - ledger.yaml\n  - extra.yaml\n'));
    sb.git(dir, 'commit', '-q', '-am', 'hand edit');
    const gone = await GitOpsLifecycle.deregister({ gitops: dir, env: sb.env, service: 'payments-api' });
    // payments-api's database is retained: its Namespace file stays listed, its workload file goes.
    expect(sb.git(dir, 'show', `${gone.branch}:deploy/dev/kustomization.yaml`))
      .toBe(rendered.deploy.replace('  - ledger.yaml\n', '  - ledger.yaml\n  - extra.yaml\n').replace('  - payments-api.yaml\n', '').trimEnd()); // (git show's output, as sb.git gives it, without the last line break)
    expect(sb.git(dir, 'show', `${gone.branch}:deploy/applications/dev/kustomization.yaml`)).toBe(rendered.apps.replace(/ {2}- application-payments-api\.dev\.yaml\n/, '').trimEnd());
    // A file zave would not write (a comment) is written whole, as synth renders it.
    fs.writeFileSync(kustomization, `${rendered.deploy}# note\n`);
    sb.git(dir, 'commit', '-q', '-am', 'comment');
    const r = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '2') });
    expect(sb.git(dir, 'show', `${r.branch}:deploy/dev/kustomization.yaml`)).toBe(rendered.deploy.trimEnd());
  });

  it('a verb on a base with the deploy layout before 0.1 (a folder per workload) moves every workload to one file, in its own commit', async () => {
    const dir = await ledgerAndPaymentsInDev();
    // The old layout, by hand: payments-api's objects in deploy/dev/payments-api/, one file each.
    const single = path.join(dir, 'deploy', 'dev', 'payments-api.yaml');
    const docs = fs.readFileSync(single, 'utf8').split(/^---\n/m).filter((d) => d.trim() !== '');
    expect(docs.length).toBeGreaterThan(3);
    fs.rmSync(single);
    fs.mkdirSync(path.join(dir, 'deploy', 'dev', 'payments-api'));
    docs.forEach((d, i) => fs.writeFileSync(path.join(dir, 'deploy', 'dev', 'payments-api', `object-${i}.yaml`), `---\n${d}`));
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '-m', 'old layout');
    const r = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '2') });
    expect(r.body).toContain('This change also moves deploy/ to the layout of zave 0.1');
    const tree = sb.git(dir, 'ls-tree', '-r', '--name-only', r.branch, '--', 'deploy/dev/').split('\n');
    expect(tree).toContain('deploy/dev/payments-api.yaml');
    expect(tree.filter((f) => f.startsWith('deploy/dev/payments-api/'))).toEqual([]);
    // Rendered again into one file: exactly what the old layout held before the hand change.
    expect(sb.git(dir, 'show', `${r.branch}:deploy/dev/payments-api.yaml`)).toBe(sb.git(dir, 'show', 'HEAD~1:deploy/dev/payments-api.yaml'));
  });

  it('names git allows but a cat-file path cannot carry (a line break) in environments/ and deploy/ do not break a verb', async () => {
    const { dir } = await ensureEmbeddedGitOps(path.join(sb.dir, 'ops'));
    sb.git(dir, 'merge', '-q', '--no-ff', '-m', 'merge', (await registerWorkload({ gitops: dir, env: sb.env, contractPath: example('ledger-internal'), repository: dir })).branch);
    fs.mkdirSync(path.join(dir, 'deploy', 'odd\nname', 'inner'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'deploy', 'odd\nname', 'inner', 'x.yaml'), 'x: 1\n');
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '-m', 'odd folder');
    // A folder inside deploy/<x>/ is the layout before 0.1: found by reading deploy/<x> by object id.
    const r = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '1') });
    expect(r.body).toContain('This change also moves deploy/ to the layout of zave 0.1');
    expect(sb.git(dir, 'ls-tree', '-r', '--name-only', r.branch, '--', 'deploy/dev/')).toContain('deploy/dev/ledger.yaml');
    // A stray file in environments/ is the loader's to report (by name), not a crash of git's reads.
    fs.writeFileSync(path.join(dir, 'environments', 'odd\nx.yaml'), 'x: 1\n');
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '-m', 'odd file');
    await expect(proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '2') })).rejects.toMatchObject({
      code: 'synth-failed',
      issues: [expect.objectContaining({ file: 'environments/odd\nx.yaml' })],
    });
  });

  /** An embedded GitOps repository whose main has ledger released to dev (image `1`) and promoted through `to`. */
  async function ledgerPromotedTo(to: 'staging' | 'prod'): Promise<string> {
    const { dir } = await ensureEmbeddedGitOps(path.join(sb.dir, 'ops'));
    const merge = (branch: string) => { sb.git(dir, 'merge', '-q', '--no-ff', '-m', `merge ${branch}`, branch); };
    merge((await registerWorkload({ gitops: dir, env: sb.env, contractPath: example('ledger-internal'), repository: dir })).branch);
    merge((await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '1') })).branch);
    for (const env of ['staging', 'prod'].slice(0, to === 'staging' ? 1 : 2)) merge((await promoteImage({ gitops: dir, env: sb.env, service: 'ledger', to: env })).branch);
    return dir;
  }

  it('a verb that names its environments reads no other environment: prod\'s objects can be missing', async () => {
    const dir = await ledgerPromotedTo('prod');
    // prod's promotion state and deploy/ folders, gone from the object store (they are loose objects here).
    for (const p of ['environments/prod.yaml', 'deploy/prod', 'deploy/applications/prod']) {
      const id = sb.git(dir, 'rev-parse', `HEAD:${p}`);
      fs.rmSync(path.join(dir, '.git', 'objects', id.slice(0, 2), id.slice(2)));
      expect(() => sb.git(dir, 'cat-file', '-e', id)).toThrow();
    }
    const propose = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '2'), environment: 'dev' });
    expect(sb.git(dir, 'diff', '--name-only', `main...${propose.branch}`).split('\n')).toEqual(['deploy/dev/ledger.yaml', 'environments/dev.yaml']);
    const promote = await promoteImage({ gitops: dir, env: sb.env, service: 'ledger', from: 'dev', to: 'staging', base: propose.branch });
    expect(sb.git(dir, 'diff', '--name-only', `${propose.branch}...${promote.branch}`).split('\n')).toEqual(['deploy/staging/ledger.yaml', 'environments/staging.yaml']);
    const register = await registerWorkload({ gitops: dir, env: sb.env, contractPath: example('email-worker'), repository: dir });
    expect(register.changed).toBe(true);
    // A verb that edits prod needs them: it fails, naming what git could not read, and writes nothing.
    const tip = sb.git(dir, 'rev-parse', 'zave/promote-ledger-prod');
    await expect(promoteImage({ gitops: dir, env: sb.env, service: 'ledger', from: 'staging', to: 'prod', base: promote.branch })).rejects.toThrow();
    expect(sb.git(dir, 'rev-parse', 'zave/promote-ledger-prod')).toBe(tip);
  });

  it('a verb re-renders only the environments whose promotion state it edits, and does not read the others', async () => {
    const dir = await ledgerPromotedTo('staging');
    // On main: staging's manifest drifted by hand, and prod's state is a file no verb wrote (a comment).
    const staging = path.join(dir, 'deploy', 'staging', 'ledger.yaml');
    fs.appendFileSync(staging, '# drift\n');
    fs.appendFileSync(path.join(dir, 'environments', 'prod.yaml'), '# edited by hand\n');
    sb.git(dir, 'commit', '-q', '-am', 'hand edits');
    const progress: string[] = [];
    const r = await proposeImage({ gitops: dir, env: sb.env, service: 'ledger', image: digestImage('ledger', '2'), onProgress: (m) => progress.push(m) });
    expect(progress).toContain('rendering 1 workload manifest(s)');
    const files = sb.git(dir, 'diff', '--name-only', `main...${r.branch}`).split('\n').filter(Boolean);
    expect(files).toEqual(['deploy/dev/ledger.yaml', 'environments/dev.yaml']);
    // The drift in staging is synth's to repair, not this proposal's.
    expect(sb.git(dir, 'show', `${r.branch}:deploy/staging/ledger.yaml`)).toContain('# drift');
    // A promotion edits staging only.
    const p = await promoteImage({ gitops: dir, env: sb.env, service: 'ledger', to: 'staging', base: r.branch });
    expect(sb.git(dir, 'diff', '--name-only', `${r.branch}...${p.branch}`).split('\n').filter(Boolean)).toEqual(['deploy/staging/ledger.yaml', 'environments/staging.yaml']);
  });
});
