import * as fs from 'fs';
import * as path from 'path';
import { createSandbox, digestImage, example, RecordingPullRequests, Sandbox } from './sandbox';
import { proposeImage, registerWorkload } from '../../../src/gitops/lifecycle';

const EXAMPLES = ['payments-api', 'ledger-internal', 'email-worker', 'nightly-report', 'legacy-gateway'];

describe('lifecycle verbs running at once', () => {
  let sb: Sandbox;
  beforeEach(async () => { sb = await createSandbox(); });
  afterEach(() => sb.cleanup());

  it('parallel registrations against one bare remote all land; synth is current on every branch and after merging', async () => {
    const prs = new RecordingPullRequests();
    const results = await Promise.all(EXAMPLES.map((name) =>
      registerWorkload({ gitops: sb.remote, env: sb.env, pullRequests: prs, contractPath: example(name), repository: `https://github.com/acme/${name}` })));
    const services = results.map((r) => r.service).sort();
    expect(services).toEqual(['email-worker', 'ledger', 'legacy-gateway', 'nightly-report', 'payments-api']);
    const refs = sb.refs();
    for (const r of results) {
      expect(r.changed).toBe(true);
      expect(refs[`refs/heads/zave/register-${r.service}`]).toBe(r.commit);
      expect(await sb.synthCheck(sb.clone(r.branch))).toEqual([]);
    }
    for (const r of results) expect(await sb.merge(r.branch)).toBe(true);
    const main = sb.clone('main');
    expect(await sb.synthCheck(main)).toEqual([]);
    expect(fs.readdirSync(path.join(main, 'workloads')).filter((n) => !n.startsWith('.')).sort()).toEqual(services);

    // Parallel proposals for three services in dev touch the same files (environments/dev.yaml, the dev
    // kustomization): the first merges; each later one conflicts, and re-running its verb redoes the change
    // on the new main (what CI does on a stale pull request), after which it merges.
    const image = (s: string) => `ghcr.io/acme/${s}:1.0.0`;
    const proposed = services.slice(0, 3);
    const proposals = await Promise.all(proposed.map((service) => proposeImage({ gitops: sb.remote, env: sb.env, pullRequests: prs, service, image: image(service) })));
    let rerun = 0;
    for (const p of proposals) {
      if (!(await sb.merge(p.branch))) {
        rerun++;
        const again = await proposeImage({ gitops: sb.remote, env: sb.env, pullRequests: prs, service: p.service, image: image(p.service) });
        expect(again.changed).toBe(true);
        expect(await sb.synthCheck(sb.clone(again.branch))).toEqual([]);
        expect(await sb.merge(again.branch)).toBe(true);
      }
    }
    expect(rerun).toBeGreaterThan(0);
    const after = sb.clone('main');
    expect(await sb.synthCheck(after)).toEqual([]);
    for (const service of proposed) expect(fs.readFileSync(path.join(after, 'environments/dev.yaml'), 'utf8')).toMatch(new RegExp(`  ${service}:\\n    contract: sha256:[0-9a-f]{64}\\n    image: ${image(service).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  });

  it('parallel proposals to the same branch retry on push rejection; the last one wins, nothing is corrupted', async () => {
    await sb.merge((await registerWorkload({ gitops: sb.remote, env: sb.env, pullRequests: new RecordingPullRequests(), contractPath: example('payments-api'), repository: 'r' })).branch);
    const progress: string[] = [];
    const images = ['a', 'b', 'c', 'd'].map((c) => digestImage('payments-api', c));
    const results = await Promise.all(images.map((image) =>
      proposeImage({ gitops: sb.remote, env: sb.env, pullRequests: new RecordingPullRequests(), service: 'payments-api', image, onProgress: (m) => progress.push(m) })));
    expect(results.every((r) => r.changed)).toBe(true);
    // At least one push found the branch moved and redid its change on the new tip.
    expect(Math.max(...results.map((r) => r.attempts))).toBeGreaterThan(1);
    expect(progress.some((m) => m.includes('push rejected'))).toBe(true);
    const tip = sb.refs()['refs/heads/zave/propose-payments-api-dev'];
    const winner = results.find((r) => r.commit === tip)!;
    expect(winner).toBeDefined();
    const branch = sb.clone('zave/propose-payments-api-dev');
    expect(fs.readFileSync(path.join(branch, 'environments/dev.yaml'), 'utf8')).toContain(winner.images[0].to!);
    expect(sb.git(branch, 'rev-list', '--count', 'main..HEAD')).toBe('1');
    expect(await sb.synthCheck(branch)).toEqual([]);
  });

  it('parallel registrations against one local checkout serialize on the lock and never touch its working tree', async () => {
    const checkout = sb.clone('main');
    fs.writeFileSync(path.join(checkout, 'notes.txt'), 'uncommitted work\n');
    const head = sb.git(checkout, 'rev-parse', 'HEAD');
    const results = await Promise.all(EXAMPLES.map((name) =>
      registerWorkload({ gitops: checkout, env: sb.env, contractPath: example(name), repository: `https://github.com/acme/${name}` })));
    for (const r of results) {
      expect(r.changed).toBe(true);
      expect(r.pushed).toBe(false);
      expect(r.pullRequest?.action).toBe('instructions');
      expect(sb.git(checkout, 'rev-parse', `refs/heads/${r.branch}`)).toBe(r.commit);
    }
    expect(sb.git(checkout, 'rev-parse', 'HEAD')).toBe(head);
    expect(sb.git(checkout, 'status', '--porcelain')).toBe('?? notes.txt');
    expect(sb.git(checkout, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '))).toEqual([`worktree ${checkout}`]);
    expect(fs.existsSync(path.join(checkout, '.git', 'zave-lifecycle.lock'))).toBe(false);
    // Nothing was pushed from the local checkout.
    expect(Object.keys(sb.refs()).filter((r) => r.startsWith('refs/heads/zave/'))).toEqual([]);
  });

  it('takes no repository lock: the lock file of an older zave neither blocks nor steers a verb', async () => {
    const checkout = sb.clone('main');
    fs.writeFileSync(path.join(checkout, '.git', 'zave-lifecycle.lock'), `${process.pid}\n`);
    const r = await registerWorkload({ gitops: checkout, env: sb.env, contractPath: example('ledger-internal'), repository: 'r' });
    expect(r.changed).toBe(true);
    expect(sb.git(checkout, 'rev-parse', '--verify', '-q', 'refs/heads/zave/register-ledger')).toBe(r.commit);
  });
});
