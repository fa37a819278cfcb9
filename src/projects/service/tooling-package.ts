import { Runtime, Strategy } from '../../contract/enums';
import { ResolvedWorkload } from '../../contract/resolved';
import { NODE_LTS_MAJOR, PLATFORM_PACKAGE, platformPin } from '../common/platform-version';

/** Splits an npm spec `name@range` (scoped names included) into name and range. */
export function splitSpec(spec: string): [string, string] {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? [spec, '*'] : [spec.slice(0, at), spec.slice(at + 1)];
}

/** The development dependencies of the repository tooling (projen, the platform, the preview). */
export function toolingDevDeps(version: string, extra: readonly string[]): Record<string, string> {
  const deps: Record<string, string> = {
    [PLATFORM_PACKAGE]: platformPin(version),
    'cdk8s': '^2.70.0',
    'cdk8s-plus-28': '^2.5.6',
    'constructs': '^10.5.0',
    'projen': '^0.103.25',
  };
  for (const spec of extra) {
    const [name, range] = splitSpec(spec);
    deps[name] = range;
  }
  return Object.fromEntries(Object.keys(deps).sort().map((k) => [k, deps[k]]));
}

/** npm's placeholder test script (`npm init`): treated as absent. */
const NPM_INIT_TEST = 'echo "Error: no test specified" && exit 1';

/**
 * Merges the platform's needs into an existing package.json without changing what is there:
 * adds missing scripts and devDependencies (npm's placeholder test script counts as missing), and
 * moves a registry pin of the platform package to this version.
 * Returns the new text, or undefined when nothing needs to change.
 */
export function mergePackageJson(existing: string, wanted: string): string | undefined {
  const have = JSON.parse(existing) as Record<string, unknown>;
  const want = JSON.parse(wanted) as Record<string, Record<string, string>>;
  const merged: Record<string, unknown> = { ...have };
  for (const section of ['scripts', 'devDependencies']) {
    const current = { ...((have[section] as Record<string, string> | undefined) ?? {}) };
    if (section === 'scripts' && current.test === NPM_INIT_TEST) delete current.test;
    merged[section] = { ...want[section], ...current };
  }
  // The platform pin follows the project type (version discipline, zave upgrade); a local spec (file:, a path) is left alone.
  const pin = want.devDependencies?.[PLATFORM_PACKAGE];
  const devDeps = merged.devDependencies as Record<string, string>;
  const pinned = devDeps[PLATFORM_PACKAGE];
  if (pin !== undefined && pinned !== undefined && pinned !== pin && /^[\^~=v]?\d|^latest$|^\*$/.test(pinned)) devDeps[PLATFORM_PACKAGE] = pin;
  for (const key of ['main', 'engines', 'private']) if (have[key] === undefined && want[key] !== undefined) merged[key] = want[key];
  const text = JSON.stringify(merged, null, 2) + '\n';
  return JSON.stringify(merged) === JSON.stringify(have) ? undefined : text;
}

/**
 * `package.json`, the tenant's: the projen/preview tooling as development dependencies and, for
 * node, the service's own scripts (`npm start`, `npm test` on node's built-in runner).
 */
export function toolingPackageJson(workload: ResolvedWorkload, devDependencies: Record<string, string>): string {
  const entry = workload.strategy === Strategy.HTTP_SERVICE ? 'server' : workload.strategy === Strategy.WORKER ? 'worker' : 'job';
  const scripts: Record<string, string> = workload.runtime === Runtime.NODE
    ? { start: `node src/${entry}.js`, test: 'node --test', preview: 'node cdk8s/main.js', projen: 'projen' }
    : { preview: 'node cdk8s/main.js', projen: 'projen' };
  const pkg = {
    name: workload.service,
    version: '0.0.0',
    private: true,
    description: `${workload.service}: ${workload.strategy === Strategy.HTTP_SERVICE ? 'an' : 'a'} ${workload.strategy} on the zave platform (contract: zave.yaml)`,
    ...(workload.runtime === Runtime.NODE ? { main: `src/${entry}.js`, engines: { node: `>=${NODE_LTS_MAJOR}` } } : {}),
    scripts,
    devDependencies,
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}
