import { tenantFileName } from './env-files';
import { applicationsDir, manifestPath, namespaceManifestPath } from './layout';
import { PlannedEnvironment, PlannedPair } from './plan';
import { ContractIssue } from '../../contract/issue';
import { GitOpsIssueCode } from '../issue-codes';

/**
 * Staged platform upgrades. Every release pins the zave version that renders it (`platform:` in
 * environments/<env>.yaml). A pair pinned to a version other than the running one is HELD: this zave
 * neither renders nor removes its files (they keep their committed bytes), and `synth --check` has the
 * pinned version itself check them (see platform-runner.ts).
 */

/** The files a pair owns: its manifest, its Namespace manifest and its Argo CD AppProject + Application. */
export function pairOwnedFiles(pair: PlannedPair): string[] {
  return ownedFiles(pair.environment.name, pair.registered.service);
}

/** The files the release of `service` in `env` owns (see pairOwnedFiles). */
export function ownedFiles(env: string, service: string): string[] {
  return [manifestPath(env, service), namespaceManifestPath(env, service), `${applicationsDir(env)}/${tenantFileName(env, service)}`];
}

/** The pairs of the plan pinned to another version than `running`. */
export function heldPairs(plan: readonly PlannedEnvironment[], running: string): PlannedPair[] {
  return plan.flatMap((e) => e.pairs.filter((p) => p.platform !== running));
}

/**
 * Every file owned by a release pinned to another version than `running`, from the promotion states
 * alone (for callers that load only some workloads), for every service or only `services`.
 */
export function heldFilesOfReleases(
  environments: Readonly<Record<string, { readonly releases: Readonly<Record<string, { readonly platform?: string }>> }>>, running: string,
  services?: readonly string[],
): Set<string> {
  const out = new Set<string>();
  for (const [env, state] of Object.entries(environments)) {
    for (const service of services ?? Object.keys(state.releases)) {
      const release = Object.prototype.hasOwnProperty.call(state.releases, service) ? state.releases[service] : undefined;
      if (release !== undefined && (release.platform ?? running) !== running) for (const f of ownedFiles(env, service)) out.add(f);
    }
  }
  return out;
}

/** Held pairs of one pinned version, by environment (environments in platform.yaml order, services sorted). */
export interface HeldVersion {
  /** The pinned zave version. */
  readonly version: string;
  readonly environments: ReadonlyArray<{ readonly environment: string; readonly services: readonly string[] }>;
}

/** Compares `x.y.z[-pre]` versions numerically (pre-releases before their release); for stable output order only. */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core, pre] = v.split(/-(.*)/s);
    return { nums: core.split('.').map((n) => Number(n)), pre };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** The held pairs grouped by pinned version (oldest first). */
export function groupHeld(pairs: readonly PlannedPair[]): HeldVersion[] {
  const byVersion = new Map<string, Map<string, string[]>>();
  for (const p of pairs) {
    const envs = byVersion.get(p.platform) ?? new Map<string, string[]>();
    byVersion.set(p.platform, envs);
    const list = envs.get(p.environment.name) ?? [];
    envs.set(p.environment.name, list);
    list.push(p.registered.service);
  }
  return [...byVersion.keys()].sort(compareVersions).map((version) => ({
    version,
    environments: [...byVersion.get(version)!.entries()].map(([environment, services]) => ({ environment, services: [...services].sort() })),
  }));
}

/** `dev (a, b); staging (c)`: where a version is pinned. */
export function describeHeld(h: HeldVersion): string {
  return h.environments.map((e) => `${e.environment} (${e.services.join(', ')})`).join('; ');
}

/** The command that upgrades the environments of a held version to the running one, one environment at a time. */
export function upgradeCommand(h: HeldVersion): string {
  return `zave propose --platform --env ${h.environments[0].environment}`;
}

/** The note `zave synth` prints for held pairs. */
export function heldNote(h: HeldVersion, running: string): string {
  return `held at zave ${h.version} (this is zave ${running}): ${describeHeld(h)} keep their committed files in deploy/; `
    + `zave synth --check has zave ${h.version} check them. Upgrade one environment at a time with: ${upgradeCommand(h)}`;
}

/** A held pair's file is missing: this zave cannot render it. */
export function heldMissingIssue(file: string, version: string, running: string, env: string): ContractIssue {
  return {
    code: GitOpsIssueCode.HELD_FILE_MISSING,
    file,
    line: 1,
    column: 1,
    path: '',
    message: `${file} is missing, and its release in environments/${env}.yaml is pinned to zave ${version}: this zave (${running}) does not render it`,
    hint: `restore it from Git (git checkout -- ${file}), render it with zave ${version} (npx --yes --package @zave/platform@${version} zave synth --only-platform ${version}), or upgrade the environment: zave propose --platform --env ${env}`,
  };
}

/** `--only-platform` named another version than the running one. */
export function onlyPlatformIssue(only: string, running: string): ContractIssue {
  return {
    code: GitOpsIssueCode.PLATFORM_UNAVAILABLE,
    file: 'environments/',
    line: 1,
    column: 1,
    path: '',
    message: `--only-platform ${only} names another version: this is zave ${running}, which renders and checks only the releases pinned to ${running}`,
    hint: `run zave ${only} itself: npx --yes --package @zave/platform@${only} zave synth --only-platform ${only}`,
  };
}
