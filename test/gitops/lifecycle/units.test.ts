import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { changedFields, describeChange, diffDeploy, LifecycleError, parseImageReference, snapshotDeploy } from '../../../src/gitops/lifecycle';
import { snapshotFiles, withoutCommonDocuments } from '../../../src/gitops/lifecycle/deploy-diff';
import { sameRepository } from '../../../src/gitops/lifecycle/state-files';
import { acquireLock } from '../../../src/gitops/repo/lock';

describe('image references', () => {
  it('parses name, tag and digest', () => {
    const d = 'sha256:' + 'ab'.repeat(32);
    const parts = (ref: string) => { const r = parseImageReference(ref); return { name: r.name, tag: r.tag, digest: r.digest }; };
    expect(parts('nginx')).toEqual({ name: 'nginx' });
    expect(parts('localhost:5000/team/app:1.2.3')).toEqual({ name: 'localhost:5000/team/app', tag: '1.2.3' });
    expect(parts(`ghcr.io/acme/app:1.0@${d}`)).toEqual({ name: 'ghcr.io/acme/app', tag: '1.0', digest: d });
  });
  it.each([
    ['ghcr.io/acme/app@sha256:ABC', 'digest'],
    ['ghcr.io/Acme/app:1', 'repository name'],
    ['ghcr.io/acme/app:-bad', 'tag'],
    ['app :1', 'whitespace'],
  ])('refuses %s (%s) with an example', (ref, what) => {
    try {
      parseImageReference(ref);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(LifecycleError);
      expect((e as LifecycleError).code).toBe('invalid-image-reference');
      expect((e as LifecycleError).message).toContain(what);
      expect((e as LifecycleError).message).toMatch(/e\.g\. ghcr\.io\/acme\/payments-api@sha256:[0-9a-f]{64}/);
    }
  });
});

describe('change descriptions', () => {
  const input = {
    verb: 'deregister' as const,
    service: 'orders',
    title: 'Deregister orders',
    summary: 'Removes orders.',
    images: [{ environment: 'dev', from: 'r/orders:1' }],
    changes: [{ environment: 'dev', added: [], changed: [{ kind: 'AppProject', name: 'zave-dev', namespace: 'argocd', fields: ['spec.destinations'] }], removed: [{ kind: 'Cluster', name: 'orders-db', namespace: 'orders' }] }],
    review: ['Look.'],
    trailers: [['Zave-Verb', 'deregister'], ['Zave-Service', 'orders']] as Array<[string, string]>,
  };
  it('is deterministic, ends the commit message with the trailers, and warns about stateful objects', () => {
    const a = describeChange(input);
    expect(describeChange(input)).toEqual(a);
    expect(a.commitMessage.endsWith('\n\nZave-Verb: deregister\nZave-Service: orders\n')).toBe(true);
    expect(a.commitMessage).toContain('  dev: r/orders:1 -> (none)');
    expect(a.commitMessage).toContain('    ~ AppProject argocd/zave-dev: spec.destinations');
    expect(a.commitMessage).toContain('    - Cluster orders/orders-db');
    expect(a.body).toContain('Stateful objects leave the rendered state (dev: Cluster orders/orders-db): they carry Prune=confirm and Delete=false');
    expect(a.body).toContain('- changed `AppProject argocd/zave-dev`: `spec.destinations`');
  });
});

describe('rendered-object diff', () => {
  it('groups deploy/<env>, deploy/applications/<env> and deploy/bootstrap/<env>.yaml by environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-diff-'));
    try {
      const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      };
      write('deploy/dev/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n');
      write('deploy/dev/a/deployment-a.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: a}\nspec: {replicas: 1}\n');
      write('deploy/bootstrap/dev.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: zave-dev, namespace: argocd}\n');
      const before = snapshotDeploy(dir);
      write('deploy/dev/a/deployment-a.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: a}\nspec: {replicas: 2}\n');
      write('deploy/applications/prod/application-prod-a.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: prod-a, namespace: argocd}\n');
      fs.rmSync(path.join(dir, 'deploy/bootstrap/dev.yaml'));
      const changes = diffDeploy(before, snapshotDeploy(dir), ['dev', 'staging', 'prod']);
      expect(changes).toEqual([
        { environment: 'dev', added: [], changed: [{ kind: 'Deployment', name: 'a', namespace: 'a', fields: ['spec.replicas'] }], removed: [{ kind: 'Application', name: 'zave-dev', namespace: 'argocd' }] },
        { environment: 'prod', added: [{ kind: 'Application', name: 'prod-a', namespace: 'argocd' }], changed: [], removed: [] },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('diffs the same when documents both sides share are dropped first (an unchanged object, even one that moved files)', () => {
    const doc = (kind: string, name: string, extra = '') => `# ${kind} ${name}/${name}\napiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${name}\n${extra}`;
    const file = (...docs: string[]) => `# Generated by zave. DO NOT EDIT (see README).\n${docs.map((d) => `---\n${d}`).join('')}`;
    const before = new Map([
      ['deploy/dev/api.yaml', file(doc('Service', 'api'), doc('ConfigMap', 'api', 'data:\n  a: "1"\n'), doc('Secret', 'api'))],
      ['deploy/prod/api.yaml', file(doc('Service', 'api'))],
    ]);
    const after = new Map([
      ['deploy/dev/api.yaml', file(doc('Service', 'api'), doc('ConfigMap', 'api', 'data:\n  a: "2"\n'))],
      ['deploy/dev/api.namespace.yaml', file(doc('Secret', 'api'))],
      ['deploy/prod/api.yaml', file(doc('Service', 'api'), doc('ServiceAccount', 'api'))],
    ]);
    const snap = (m: ReadonlyMap<string, string>) => snapshotFiles(m);
    const [b, a] = withoutCommonDocuments(before, after);
    const full = diffDeploy(snap(before), snap(after), ['dev', 'prod']);
    expect(diffDeploy(snap(b), snap(a), ['dev', 'prod'])).toEqual(full);
    expect(full).toEqual([
      { environment: 'dev', added: [], changed: [{ kind: 'ConfigMap', name: 'api', namespace: 'api', fields: ['data.a'] }], removed: [] },
      { environment: 'prod', added: [{ kind: 'ServiceAccount', name: 'api', namespace: 'api' }], changed: [], removed: [] },
    ]);
    // Only the changed and added objects are left to parse.
    expect([...a.values()].join('')).not.toContain('kind: Service\n');
    expect([...a.values()].join('')).toContain('kind: ServiceAccount');
  });
  it('names list items by their name and caps the field list', () => {
    const pod = (image: string) => ({ spec: { containers: [{ name: 'app', image }, { name: 'sidecar', image: 'x' }] } });
    expect(changedFields(pod('a:1'), pod('a:2'))).toEqual(['spec.containers[app].image']);
    expect(changedFields({ a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 }, { a: 2, b: 2, c: 2, d: 2, e: 2, f: 2 })).toEqual(['a', 'b', 'c', 'd', '… 2 more']);
  });
});

describe('ownership identity', () => {
  it('ignores .git, trailing slashes and host case; scp and ssh forms match', () => {
    expect(sameRepository('https://GitHub.com/acme/x.git', 'https://github.com/acme/x/')).toBe(true);
    expect(sameRepository('git@github.com:acme/x.git', 'ssh://git@github.com/acme/x')).toBe(true);
    expect(sameRepository('https://github.com/acme/x', 'https://github.com/acme/y')).toBe(false);
    expect(sameRepository('https://github.com/Acme/x', 'https://github.com/acme/x')).toBe(false);
  });
});

describe('lock file', () => {
  it('waits for a live holder and times out naming it; breaks a dead holder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-lock-'));
    try {
      const file = path.join(dir, 'x.lock');
      const held = await acquireLock(file);
      const waits: Array<number | undefined> = [];
      await expect(acquireLock(file, { timeoutMs: 150, onWait: (pid) => waits.push(pid) })).rejects.toThrow(`pid ${process.pid}`);
      expect(waits).toEqual([process.pid]);
      held.release();
      // A holder that is certainly dead: a child that has exited and been reaped (a made-up pid such as
      // 999999 can be a live process on a busy machine whose pid_max is 4194304).
      const exited = spawnSync(process.execPath, ['-e', '']);
      expect(exited.status).toBe(0);
      fs.writeFileSync(file, `${exited.pid}\n`);
      const again = await acquireLock(file, { timeoutMs: 60_000 }); // returns at once when the holder is dead
      // The token is the pid and the process start time, so a reused pid is not taken for the holder.
      expect(fs.readFileSync(file, 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+\\n$`));
      again.release();
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
