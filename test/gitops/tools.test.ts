import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AppProject, Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import * as YAML from 'yaml';
import { cleanup, exampleRepo } from './fixture';
import { synthesize } from '../../src/gitops/synth/synthesize';

function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HAS_KUBECTL = kubectlAvailable();
if (!HAS_KUBECTL) {
  // eslint-disable-next-line no-console
  console.warn('kubectl is not installed: the `kubectl kustomize` checks of deploy/ are skipped on this machine');
}

let dir: string;
beforeAll(async () => {
  dir = exampleRepo();
  expect((await synthesize({ repoDir: dir, workers: 0 })).ok).toBe(true);
});
afterAll(() => cleanup(dir));

function objectFiles(rel: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { recursive: true }).map(String).sort()) {
    if (entry.endsWith('.yaml') && path.basename(entry) !== 'kustomization.yaml') out.push(`${rel}/${entry}`);
  }
  return out;
}

function kustomize(rel: string): { kind: string; metadata: { name: string } }[] {
  const text = execFileSync('kubectl', ['kustomize', path.join(dir, rel)], { encoding: 'utf8' });
  return YAML.parseAllDocuments(text).map((d) => d.toJS());
}

(HAS_KUBECTL ? describe : describe.skip)('kubectl kustomize renders every rendered object', () => {
  test.each(['dev', 'staging', 'prod'])('deploy/%s (every object of every workload file) and the Argo CD directory', (env) => {
    const workloads = kustomize(`deploy/${env}`);
    const documents = objectFiles(`deploy/${env}`).reduce((n, f) => n + YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).length, 0);
    expect(workloads.length).toBe(documents);
    expect(workloads.length).toBeGreaterThanOrEqual(5 * 7);
    // Each workload's Namespace is in its own file, synced by the platform-owned namespaces Application.
    expect(workloads.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual(['email-worker', 'ledger', 'legacy-gateway', 'nightly-report', 'payments-api']);
    const argo = kustomize(`deploy/applications/${env}`);
    // The platform project and the namespaces Application, then one AppProject + Application per workload.
    expect(argo.map((o) => o.kind).sort()).toEqual([...Array(6).fill('AppProject'), ...Array(6).fill('Application')].sort());
  });
});

describe('Argo CD objects validate against the Argo CD schemas', () => {
  const argoFiles = () => [...objectFiles('deploy/applications'), ...objectFiles('deploy/bootstrap')];

  const docs = (f: string): any[] => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS());

  test('every Application and AppProject', () => {
    const files = argoFiles();
    expect(files.length).toBe(3 * 6 + 3);
    const objects = files.flatMap(docs);
    expect(objects).toHaveLength(3 * 12 + 3 * 2);
    for (const obj of objects) {
      const model = obj.kind === 'AppProject' ? new AppProject(obj) : new Application(obj);
      expect(() => model.validate()).not.toThrow();
    }
  });

  test('workload Applications sync automatically with prune and selfHeal into their own namespace, in their own project', () => {
    const [project, app] = docs('deploy/applications/prod/application-payments-api.prod.yaml');
    expect(project).toMatchObject({ kind: 'AppProject', metadata: { name: 'payments-api.prod', namespace: 'argocd' } });
    expect(app.metadata).toMatchObject({ name: 'payments-api.prod', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(app.spec).toMatchObject({
      project: 'payments-api.prod',
      source: { path: 'deploy/prod', targetRevision: 'main', directory: { include: 'payments-api.yaml' } },
      destination: { namespace: 'payments-api', server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['PruneLast=true'] },
    });
  });

  test('the bootstrap root syncs only the Argo CD directory of its environment and has no cascading finalizer', () => {
    const [rootProject, root] = docs('deploy/bootstrap/staging.yaml');
    expect(rootProject).toMatchObject({ kind: 'AppProject', metadata: { name: 'zave.staging.root' } });
    expect(root.spec.project).toBe('zave.staging.root');
    expect(root.metadata.name).toBe('zave-staging');
    expect(root.metadata.finalizers).toBeUndefined();
    expect(root.spec.source.path).toBe('deploy/applications/staging');
    const synced = fs.readdirSync(path.join(dir, 'deploy/applications/staging'));
    for (const f of synced) for (const d of docs(`deploy/applications/staging/${f}`)) expect(d.apiVersion).toMatch(/^(argoproj\.io|kustomize\.config\.k8s\.io)\//);
  });
});
