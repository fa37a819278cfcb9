import * as fc from 'fast-check';
import { cleanup, exampleRepo } from './fixture';
import { PlatformEnvironment, PlatformGitOps } from '../../src/gitops/platform/platform';
import { loadGitOpsState } from '../../src/gitops/state/load';
import { tenantProject, workloadApplication } from '../../src/gitops/synth/argo';
import { documents, kustomizationFile, spliceKustomization, tenantFile } from '../../src/gitops/synth/env-files';

describe('tenantFile: the template per environment gives the bytes of rendering each workload', () => {
  let environments: readonly PlatformEnvironment[];
  let gitops: PlatformGitOps;
  beforeAll(() => {
    const dir = exampleRepo();
    const { state } = loadGitOpsState(dir);
    environments = state!.platform.environments;
    gitops = state!.platform.gitops;
    cleanup(dir);
  });
  const rendered = (env: PlatformEnvironment, g: PlatformGitOps, service: string) => documents([tenantProject(env, g, service), workloadApplication(env, g, service)]);

  test('for DNS-label names, including YAML words, numbers and names that hold the stand-in', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    const awkward = fc.constantFrom('yes', 'no', 'on', 'off', 'y', 'n', 'null', 'true', 'e5', 'e-3', '123', '0x1f', '1e3', 'zave-template-service', 'a-zave-template-service-b', 'ledger');
    fc.assert(fc.property(fc.oneof(label, awkward), fc.nat(environments.length - 1), (service, i) => {
      expect(tenantFile(environments[i], gitops, service)).toBe(rendered(environments[i], gitops, service));
    }), { numRuns: 1500 });
  });

  test('for other gitops settings (a path prefix, a revision) and an environment or URL holding the stand-in', () => {
    const variants: Array<[PlatformEnvironment, PlatformGitOps]> = [
      [environments[0], { ...gitops, path: 'clusters/zave', targetRevision: 'release-1' }],
      [{ ...environments[1], clusterServer: 'https://zave-template-service.example.com' }, gitops],
      [environments[2], { ...gitops, repoURL: 'https://git.example.com/zave-template-service/gitops.git' }],
    ];
    for (const [env, g] of variants) {
      for (const service of ['ledger', 'payments-api', 'zave-template-service', 'yes']) expect(tenantFile(env, g, service)).toBe(rendered(env, g, service));
    }
  });
});

describe('spliceKustomization: a verb edits the lines of the services it changes, byte-equal to writing the file again', () => {
  // Names like zave's: DNS labels, some the prefix of another ("api" and "api-db" sort apart once suffixed).
  const label = fc.constantFrom('api', 'api-db', 'api2', 'b', 'ledger', 'ledger-x', 'web', 'web-1', 'zz', 'a', 'mail');
  const file = fc.tuple(label, fc.constantFrom('.yaml', '.namespace.yaml', '.dev.yaml')).map(([s, x]) => `${s}${x}`);

  test('for random lists and random additions and removals', () => {
    let spliced = 0;
    fc.assert(fc.property(fc.uniqueArray(file, { maxLength: 12 }), fc.array(file, { maxLength: 4 }), fc.array(file, { maxLength: 4 }), (list, add, remove) => {
      const base = kustomizationFile([...list].sort());
      const expected = [...new Set([...list.filter((r) => !remove.includes(r) || add.includes(r)), ...add])].sort();
      const got = spliceKustomization(base, add, remove);
      if (list.length === 0 || expected.length === 0) {
        expect(got).toBeUndefined(); // the empty list is written as `resources: []`: the whole file
        return;
      }
      expect(got).toBe(kustomizationFile(expected));
      spliced++;
    }), { numRuns: 3000 });
    expect(spliced).toBeGreaterThan(1000);
  });

  test('a 10,000-line file: only the edited lines change, inserted in order', () => {
    const list = Array.from({ length: 5000 }, (_, i) => `svc-${String(i * 2).padStart(5, '0')}`).flatMap((s) => [`${s}.namespace.yaml`, `${s}.yaml`]);
    const base = kustomizationFile(list);
    const got = spliceKustomization(base, ['svc-00003.yaml', 'svc-00003.namespace.yaml', 'svc-99999.yaml'], ['svc-00002.yaml', 'svc-04000.namespace.yaml']);
    expect(got).toBe(kustomizationFile([...list.filter((r) => r !== 'svc-00002.yaml' && r !== 'svc-04000.namespace.yaml'), 'svc-00003.yaml', 'svc-00003.namespace.yaml', 'svc-99999.yaml'].sort()));
  });

  test('a file not in the line form, or a resource not written plain, is left to the writer', () => {
    const base = kustomizationFile(['api.yaml', 'web.yaml']);
    expect(spliceKustomization(`${base}# note\n`, ['b.yaml'], [])).toBeUndefined();
    expect(spliceKustomization(`${base}\n`, ['b.yaml'], [])).toBeUndefined(); // a blank last line
    expect(spliceKustomization(base.replace('  - api.yaml\n', '  - api.yaml\n\n'), ['b.yaml'], [])).toBeUndefined(); // a blank line between
    expect(spliceKustomization(base.replace('  - api.yaml', '  -api.yaml'), ['b.yaml'], [])).toBeUndefined();
    expect(spliceKustomization(base.replace('  - api.yaml', '   - api.yaml'), ['b.yaml'], [])).toBeUndefined();
    expect(spliceKustomization(base.replace('  - api.yaml', '- api.yaml'), ['b.yaml'], [])).toBeUndefined();
    expect(spliceKustomization(base, ['yes'], [])).toBeUndefined();
    expect(spliceKustomization(kustomizationFile([]), ['b.yaml'], [])).toBeUndefined();
    expect(spliceKustomization(base.replace('kind: Kustomization', 'kind: Component'), ['b.yaml'], [])).toBeUndefined();
  });
});
