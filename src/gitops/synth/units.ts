import * as fs from 'fs';
import * as path from 'path';
import { CACHE_FORMAT, EnvironmentCacheEntry, PairCacheEntry, SynthCache } from './cache';
import { APPLICATIONS_DIR, applicationName, applicationsDir, BOOTSTRAP_DIR, bootstrapFile, CACHE_FILE, DEPLOY_DIR, environmentDir, KUSTOMIZATION, objectFileName, projectName, workloadDir } from './layout';
import { LibraryIdentity, PlannedEnvironment, PlannedPair } from './plan';
import { walkTree } from './tree';
import { WorkloadContract } from '../../contract/contract';
import { GitOpsState } from '../state/load';
import { listDir, lstatOrUndefined } from '../state/safe-read';

/** Symlinks at or below `rel` (refused as write targets). */
export function symlinksUnder(root: string, rel: string): string[] {
  return walkTree(root, rel).filter((e) => e.symlink).map((e) => e.path);
}

/** The cache describing `plan` as rendered, with the parsed inputs of `state`. */
export function cacheFor(state: GitOpsState, plan: PlannedEnvironment[], lib: LibraryIdentity, files: Map<PlannedPair, readonly string[]>): SynthCache {
  const environments: Record<string, EnvironmentCacheEntry> = {};
  for (const env of plan) {
    const workloads: Record<string, PairCacheEntry> = {};
    for (const p of env.pairs) workloads[p.registered.service] = { input: p.inputHash, files: files.get(p) ?? [] };
    environments[env.environment.name] = { input: env.inputHash, workloads };
  }
  const contracts: Record<string, { sha: string; contract: WorkloadContract }> = {};
  for (const w of state.workloads) contracts[w.service] = { sha: w.contractSha, contract: w.contract };
  const parsedEnvs: Record<string, { sha: string; pin: boolean; images: Readonly<Record<string, string>> }> = {};
  state.platform.environments.forEach((env, i) => {
    const sha = state.environmentShas[env.name];
    if (sha) parsedEnvs[env.name] = { sha, pin: i > 0, images: state.environments[env.name].images };
  });
  return { format: CACHE_FORMAT, library: lib.version, code: lib.code, environments, parsed: { contracts, environments: parsedEnvs } };
}

/** Which units of deploy/ a run must replace or remove, and what it must render. */
export interface IncrementalPlan {
  readonly units: Set<string>;
  readonly pairs: PlannedPair[];
  readonly environments: Set<PlannedEnvironment>;
  readonly reusedFiles: Map<PlannedPair, readonly string[]>;
  /** Without a cache: rendered output is compared with deploy/ and staged only when it differs. */
  readonly verify: boolean;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Plans a run over an existing deploy/: orphans to remove, pairs and environments to (re)render, directories reused by cache hash. */
export function planIncremental(root: string, plan: PlannedEnvironment[], cache: SynthCache | undefined): IncrementalPlan {
  const units = new Set<string>();
  const pairs: PlannedPair[] = [];
  const environments = new Set<PlannedEnvironment>();
  const reusedFiles = new Map<PlannedPair, readonly string[]>();
  const envNames = new Set(plan.map((e) => e.environment.name));
  const top = new Set([path.posix.basename(CACHE_FILE), 'bootstrap', 'applications', ...envNames]);
  for (const name of listDir(path.join(root, DEPLOY_DIR))) if (!top.has(name)) units.add(`${DEPLOY_DIR}/${name}`);
  for (const name of listDir(path.join(root, BOOTSTRAP_DIR))) if (!envNames.has(name.replace(/\.yaml$/, '')) || !name.endsWith('.yaml')) units.add(`${BOOTSTRAP_DIR}/${name}`);
  for (const name of listDir(path.join(root, APPLICATIONS_DIR))) if (!envNames.has(name)) units.add(`${APPLICATIONS_DIR}/${name}`);
  for (const env of plan) {
    const name = env.environment.name;
    const cached = cache?.environments[name];
    const present = new Set(listDir(path.join(root, environmentDir(name))));
    const services = new Set(env.pairs.map((p) => p.registered.service));
    for (const entry of present) if (entry !== KUSTOMIZATION && !services.has(entry)) units.add(`${environmentDir(name)}/${entry}`);
    for (const pair of env.pairs) {
      const service = pair.registered.service;
      const entry = cached?.workloads[service];
      const dir = workloadDir(name, service);
      if (entry && entry.input === pair.inputHash && present.has(service) && sameList(listDir(path.join(root, dir)), entry.files)) {
        reusedFiles.set(pair, entry.files);
      } else {
        if (cache) units.add(dir);
        pairs.push(pair);
      }
    }
    const appsOk = cached?.input === env.inputHash
      && present.has(KUSTOMIZATION)
      && lstatOrUndefined(path.join(root, bootstrapFile(name)))?.isFile() === true
      && sameList(listDir(path.join(root, applicationsDir(name))), expectedApplicationFiles(env));
    if (!appsOk) {
      environments.add(env);
      if (cache) units.add(`${environmentDir(name)}/${KUSTOMIZATION}`).add(applicationsDir(name)).add(bootstrapFile(name));
    }
  }
  return { units, pairs, environments, reusedFiles, verify: cache === undefined };
}

/** True when the file deploy/<rel> is a regular file with these bytes. */
export function fileMatches(root: string, rel: string, content: string): boolean {
  const abs = path.join(root, rel);
  return lstatOrUndefined(abs)?.isFile() === true && fs.readFileSync(abs).equals(Buffer.from(content, 'utf8'));
}

function expectedApplicationFiles(env: PlannedEnvironment): string[] {
  const name = env.environment.name;
  return [
    KUSTOMIZATION,
    objectFileName('AppProject', projectName(name)),
    ...env.pairs.map((p) => objectFileName('Application', applicationName(name, p.registered.service))),
  ].sort();
}

/** True when every remembered parse in the cache matches the files read now (so the cache file needs no rewrite). */
export function parsedInputsUnchanged(state: GitOpsState, cache: SynthCache): boolean {
  const contracts = cache.parsed.contracts;
  if (Object.keys(contracts).length !== state.workloads.length) return false;
  for (const w of state.workloads) if (contracts[w.service]?.sha !== w.contractSha) return false;
  const envs = cache.parsed.environments;
  if (Object.keys(envs).length !== Object.keys(state.environmentShas).length) return false;
  return state.platform.environments.every((e, i) => {
    const sha = state.environmentShas[e.name];
    return sha === undefined ? envs[e.name] === undefined : envs[e.name]?.sha === sha && envs[e.name].pin === i > 0;
  });
}

/** Files below the given units as they are now (to report removals). */
export function currentFiles(root: string, units: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const u of units) for (const e of walkTree(root, u)) out.add(e.path);
  return out;
}
