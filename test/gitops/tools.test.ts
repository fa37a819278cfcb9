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

/** Objects in the manifest files of deploy/<env>/ (documents of every <service>.yaml). */
function manifestObjects(rel: string): number {
  let n = 0;
  for (const entry of fs.readdirSync(path.join(dir, rel)).map(String).sort()) {
    if (!entry.endsWith('.yaml') || entry === 'kustomization.yaml') continue;
    n += YAML.parseAllDocuments(fs.readFileSync(path.join(dir, rel, entry), 'utf8')).length;
  }
  return n;
}

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
    expect(workloads.length).toBe(manifestObjects(`deploy/${env}`));
    expect(workloads.length).toBeGreaterThanOrEqual(5 * 7);
    expect(new Set(workloads.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).size).toBe(5);
    const argo = kustomize(`deploy/applications/${env}`);
    expect(argo.map((o) => o.kind).sort()).toEqual(['AppProject', ...Array(5).fill('Application')].sort());
  });
});

describe('Argo CD objects validate against the Argo CD schemas', () => {
  const argoFiles = () => [...objectFiles('deploy/applications'), ...objectFiles('deploy/bootstrap')];

  test('every Application and AppProject', () => {
    const files = argoFiles();
    expect(files.length).toBe(3 * 6 + 3);
    for (const f of files) {
      const obj = YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const model = obj.kind === 'AppProject' ? new AppProject(obj) : new Application(obj);
      expect(() => model.validate()).not.toThrow();
    }
  });

  test('workload Applications sync automatically with prune and selfHeal into their own namespace', () => {
    const app = YAML.parse(fs.readFileSync(path.join(dir, 'deploy/applications/prod/application-prod-payments-api.yaml'), 'utf8'));
    expect(app.metadata).toMatchObject({ name: 'prod-payments-api', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(app.spec).toMatchObject({
      project: 'zave-prod',
      source: { path: 'deploy/prod', directory: { include: 'payments-api.yaml' }, targetRevision: 'main' },
      destination: { namespace: 'payments-api', server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true', 'PruneLast=true'] },
    });
  });

  test('the bootstrap root syncs only the Argo CD directory of its environment and has no cascading finalizer', () => {
    const root = YAML.parse(fs.readFileSync(path.join(dir, 'deploy/bootstrap/staging.yaml'), 'utf8'));
    expect(root.metadata.name).toBe('zave-staging');
    expect(root.metadata.finalizers).toBeUndefined();
    expect(root.spec.source.path).toBe('deploy/applications/staging');
    const synced = fs.readdirSync(path.join(dir, 'deploy/applications/staging'));
    for (const f of synced) expect(YAML.parse(fs.readFileSync(path.join(dir, 'deploy/applications/staging', f), 'utf8')).apiVersion).toMatch(/^(argoproj\.io|kustomize\.config\.k8s\.io)\//);
  });
});
