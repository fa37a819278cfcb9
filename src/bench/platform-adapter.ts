import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { toGeneratedYaml } from '../common/yaml-output';
import { EnvironmentSpec } from '../strategies/environment';

/*
 * ADAPTER: the only file of the benchmark that knows the shape of `platform.yaml`.
 * Until the gitops plane's `defaultPlatformYaml` and parser are on main, it writes and reads a
 * minimal platform.yaml of its own. Switch both functions to the gitops API when it lands.
 */

/** Environment specs of the synthetic platform (dev, staging, prod). */
export const BENCH_ENVIRONMENT_SPECS: EnvironmentSpec[] = [
  { name: 'dev', domain: 'dev.example.com', clusterName: 'dev', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-staging', minReplicas: 1, maxReplicas: 2, databaseInstances: 1 },
  { name: 'staging', domain: 'staging.example.com', clusterName: 'staging', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-prod', minReplicas: 2, maxReplicas: 4, databaseInstances: 2 },
  { name: 'prod', domain: 'example.com', clusterName: 'prod', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-prod', minReplicas: 2, maxReplicas: 10, databaseInstances: 3 },
];

/** Text of the benchmark's `platform.yaml`. */
export function benchPlatformYaml(): string {
  return toGeneratedYaml({ apiVersion: 'zave.dev/v1', kind: 'Platform', environments: BENCH_ENVIRONMENT_SPECS }, '# zave platform (benchmark fixture)');
}

/** Reads the environments of the `platform.yaml` at the root of a GitOps repo. */
export function readPlatformEnvironments(root: string): EnvironmentSpec[] {
  const doc = YAML.parse(fs.readFileSync(path.join(root, 'platform.yaml'), 'utf8')) as { environments: EnvironmentSpec[] };
  return doc.environments;
}
