import * as fc from 'fast-check';
import { cleanup, exampleRepo } from './fixture';
import { PlatformEnvironment, PlatformGitOps } from '../../src/gitops/platform/platform';
import { loadGitOpsState } from '../../src/gitops/state/load';
import { tenantProject, workloadApplication } from '../../src/gitops/synth/argo';
import { documents, tenantFile } from '../../src/gitops/synth/env-files';

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
