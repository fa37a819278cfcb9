import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { cleanup, digestImage, exampleRepo, hashTree } from './fixture';
import { retainedNamespaceObject } from '../../src/capabilities/namespace-object';
import { environmentStateYaml, parseEnvironmentState } from '../../src/gitops/state/environment-state';
import { loadGitOpsState } from '../../src/gitops/state/load';
import { retainedData, retainedRecords } from '../../src/gitops/state/retained';
import { synthesize } from '../../src/gitops/synth/synthesize';
import { SecurityPolicy } from '../../src/policy/security-policy';
import { renderWorkload } from '../../src/strategies/render';
import { combinations, PROD, TAG_IMAGE, workloadFor } from '../strategies/environments';

const header = 'apiVersion: zave.dev/v1\nkind: EnvironmentState\nenvironment: prod\n';

describe('environments/<env>.yaml: retained data (strict)', () => {
  test('retained: entries are read, sorted, and written back by the one writer (sorted keys, after releases)', () => {
    const text = environmentStateYaml('prod', { api: digestImage('api') }, { zeta: { database: false }, ledger: { database: true } });
    expect(text).toContain(`releases:\n  api:\n    image: ${digestImage('api')}\nretained:\n  ledger:\n    database: true\n  zeta:\n    database: false\n`);
    const parsed = parseEnvironmentState(text, 'environments/prod.yaml', 'prod', true);
    expect(parsed.issues).toEqual([]);
    expect(parsed.state!.retained).toEqual({ ledger: { database: true }, zeta: { database: false } });
    // Nothing retained writes no retained: key (existing files keep their bytes).
    expect(environmentStateYaml('prod', { api: digestImage('api') })).not.toContain('retained');
  });

  test('a retained entry for a service released in the same environment is refused, located (retained-and-released)', () => {
    const text = `${header}releases:\n  ledger:\n    image: ${digestImage('ledger')}\nretained:\n  ledger:\n    database: true\n`;
    const r = parseEnvironmentState(text, 'environments/prod.yaml', 'prod', true);
    expect(r.state).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({
      code: 'retained-and-released',
      file: 'environments/prod.yaml',
      line: 8,
      column: 3,
      path: 'retained.ledger',
      message: expect.stringContaining('"ledger" has a release in prod and is also listed under retained:'),
      hint: expect.stringContaining('delete retained.ledger'),
    })]);
  });

  test('unknown fields under a retained entry, a non-boolean database and a hostile name are refused with file/line/column', () => {
    const unknown = parseEnvironmentState(`${header}retained:\n  ledger:\n    database: true\n    volumes: 3\n`, 'environments/prod.yaml', 'prod', true);
    expect(unknown.issues).toEqual([expect.objectContaining({ code: 'unknown-field', line: 7, column: 5, path: 'retained.ledger.volumes', message: 'unknown field "volumes"; allowed fields: database' })]);
    const wrong = parseEnvironmentState(`${header}retained:\n  ledger:\n    database: yes\n`, 'environments/prod.yaml', 'prod', true);
    expect(wrong.issues).toEqual([expect.objectContaining({ line: 6, column: 15, path: 'retained.ledger.database' })]);
    const hostile = parseEnvironmentState(`${header}retained:\n  ../etc:\n    database: true\n`, 'environments/prod.yaml', 'prod', true);
    expect(hostile.issues).toEqual([expect.objectContaining({ code: 'path-in-name', line: 5, column: 3, path: 'retained.../etc' })]);
    const top = parseEnvironmentState(`${header}retaind: {}\n`, 'environments/prod.yaml', 'prod', true);
    expect(top.issues).toEqual([expect.objectContaining({ code: 'unknown-field', line: 4, column: 1, hint: expect.stringContaining('retained') })]);
  });

  test('the loader refuses retained-and-released; a retained entry for an unregistered service is valid (that is what it is for)', () => {
    const dir = exampleRepo();
    try {
      const prod = path.join(dir, 'environments', 'prod.yaml');
      fs.appendFileSync(prod, 'retained:\n  old-billing:\n    database: true\n');
      const ok = loadGitOpsState(dir);
      expect(ok.issues).toEqual([]);
      expect(retainedRecords(ok.state!.platform, ok.state!.environments)).toEqual([{ environment: 'prod', service: 'old-billing', database: true }]);
      fs.appendFileSync(prod, '  ledger:\n    database: true\n');
      const refused = loadGitOpsState(dir);
      expect(refused.state).toBeUndefined();
      expect(refused.issues.map((i) => [i.file, i.code, i.path])).toEqual([['environments/prod.yaml', 'retained-and-released', 'retained.ledger']]);
    } finally {
      cleanup(dir);
    }
  });
});

describe('synth renders the Namespace of retained data, and nothing else of it', () => {
  test('a retained entry renders deploy/<env>/<service>.namespace.yaml (listed in the kustomization); no workload file, no Application', async () => {
    const dir = exampleRepo();
    try {
      fs.appendFileSync(path.join(dir, 'environments', 'prod.yaml'), 'retained:\n  old-billing:\n    database: true\n');
      const r = await synthesize({ repoDir: dir, workers: 0 });
      expect(r.issues).toEqual([]);
      const files = Object.keys(hashTree(dir)).filter((f) => f.includes('old-billing'));
      expect(files).toEqual(['deploy/prod/old-billing.namespace.yaml']);
      const ns = YAML.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
      expect(ns).toEqual(retainedNamespaceObject('old-billing', 'prod'));
      expect(ns.metadata.labels['zave.dev/retained']).toBe('true');
      expect(ns.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=confirm,Delete=false');
      expect(fs.readFileSync(path.join(dir, 'deploy/prod/kustomization.yaml'), 'utf8')).toContain('  - old-billing.namespace.yaml\n');
      expect((await synthesize({ repoDir: dir, check: true })).ok).toBe(true);
      // Removing the entry (what --delete-data does) removes the file: synth leaves no orphan.
      const prod = path.join(dir, 'environments', 'prod.yaml');
      fs.writeFileSync(prod, fs.readFileSync(prod, 'utf8').replace(/retained:\n[\s\S]*$/, ''));
      expect((await synthesize({ repoDir: dir, check: true })).differences).toEqual([{ path: 'deploy/prod/kustomization.yaml', change: 'changed' }, { path: 'deploy/prod/old-billing.namespace.yaml', change: 'extra' }]);
      await synthesize({ repoDir: dir, workers: 0 });
      expect(Object.keys(hashTree(dir)).filter((f) => f.includes('old-billing'))).toEqual([]);
    } finally {
      cleanup(dir);
    }
  });

  test('the retained Namespace is the workload Namespace without its strategy, marked retained, and passes the security policy', () => {
    const live = renderWorkload(workloadFor(combinations()[0], 'shop'), PROD, TAG_IMAGE).find((o) => o.kind === 'Namespace') as any;
    const kept = retainedNamespaceObject('shop', PROD.name) as any;
    const { ['zave.dev/strategy']: strategy, ...labels } = live.metadata.labels;
    expect(strategy).toBeDefined();
    expect(kept).toEqual({ ...live, metadata: { ...live.metadata, labels: { ...labels, 'zave.dev/retained': 'true' } } });
    expect(SecurityPolicy.format(SecurityPolicy.check([kept]))).toBe('');
  });

  test('retainedData names the objects of a database per instance of the environment', () => {
    const dir = exampleRepo();
    try {
      const { state } = loadGitOpsState(dir);
      const data = retainedData(state!.platform, [{ environment: 'dev', service: 'ledger', database: true }, { environment: 'dev', service: 'cron', database: false }]);
      const devInstances = state!.platform.environments[0].databaseInstances;
      expect(data).toEqual([{
        environment: 'dev',
        cluster: state!.platform.environments[0].clusterName,
        workloads: [
          { service: 'cron', namespace: 'cron', objects: ['Namespace cron'] },
          { service: 'ledger', namespace: 'ledger', objects: ['Cluster ledger/ledger-db', 'Namespace ledger', ...Array.from({ length: devInstances }, (_, i) => `PersistentVolumeClaim ledger/ledger-db-${i + 1}`)] },
        ],
      }]);
    } finally {
      cleanup(dir);
    }
  });
});
