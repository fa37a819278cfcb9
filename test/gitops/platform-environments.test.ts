import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PlatformEnvironments } from '../../src';
import { defaultPlatformYaml } from '../../src/gitops/platform/default';

describe('PlatformEnvironments (public): platform.yaml into EnvironmentSpecs for custom strategies', () => {
  test('load(file): every environment in promotion order, with the decisions synth uses', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-platform-envs-'));
    try {
      const file = path.join(dir, 'platform.yaml');
      fs.writeFileSync(file, defaultPlatformYaml({ environments: ['qa', 'live'], domain: 'acme.io' }));
      const envs = PlatformEnvironments.load(file);
      expect(envs.map((e) => [e.name, e.domain, e.clusterIssuer])).toEqual([['qa', 'qa.acme.io', 'letsencrypt-staging'], ['live', 'acme.io', 'letsencrypt-prod']]);
      expect(envs[1]).toMatchObject({ ingressClass: 'nginx', clusterName: 'live' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an invalid file throws with file, line, column and the field', () => {
    expect(() => PlatformEnvironments.fromText('apiVersion: zave.dev/v1\nkind: Platform\nenvironmentz: []\n', 'p.yaml'))
      .toThrow(/p\.yaml:3:1 .*environmentz/);
    expect(() => PlatformEnvironments.load('/nonexistent/platform.yaml')).toThrow(/platform\.yaml/);
  });
});
