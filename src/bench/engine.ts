import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { readPlatformEnvironments } from './platform-adapter';
import { toGeneratedYaml } from '../common/yaml-output';
import { parseContractFile } from '../contract/parse';
import { resolveContract } from '../contract/resolve';
import { ResolvedWorkload } from '../contract/resolved';
import { EnvironmentSpec } from '../strategies/environment';
import { KubeObject, renderWorkload } from '../strategies/render';

/*
 * ADAPTER: the synth engine under test. Until the gitops plane's `synthesize` is on main, this is a
 * STAND-IN that follows the same code path without any cache: parse + resolve every contract, call
 * `renderWorkload` for every workload and environment, serialize with `toYaml`, write `deploy/` into a
 * staging directory and swap it in. Its no-op and one-change runs therefore cost a full render.
 */

/** Label printed next to every figure measured through this adapter. */
export const ENGINE_LABEL = 'stand-in (renderWorkload + toYaml + write, no cache; gitops synthesize not on main yet)';

/** What a synth (or check) did. */
export interface EngineResult {
  /** Files rendered (written, or compared for a check). */
  readonly files: number;
  /** Files that differ from disk (check only). */
  readonly stale: number;
}

/** The inputs of one render: environments, workloads and their images. */
export interface LoadedState {
  readonly environments: EnvironmentSpec[];
  readonly workloads: ResolvedWorkload[];
  readonly images: Record<string, Record<string, string>>;
}

/** Reads and resolves the GitOps state under `root`. Throws on an invalid fixture (a bench bug). */
export function loadState(root: string): LoadedState {
  const environments = readPlatformEnvironments(root);
  const workloads: ResolvedWorkload[] = [];
  for (const service of fs.readdirSync(path.join(root, 'workloads')).sort()) {
    const parsed = parseContractFile(path.join(root, 'workloads', service, 'zave.yaml'));
    if (!parsed.contract) throw new Error(`bench fixture ${service} is invalid: ${JSON.stringify(parsed.issues)}`);
    workloads.push(resolveContract(parsed.contract));
  }
  const images: Record<string, Record<string, string>> = {};
  for (const env of environments) {
    const doc = YAML.parse(fs.readFileSync(path.join(root, 'environments', `${env.name}.yaml`), 'utf8')) as { images: Record<string, string> };
    images[env.name] = doc.images;
  }
  return { environments, workloads, images };
}

/** File name of a rendered object inside its service directory. */
export function objectFileName(o: KubeObject): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}

/** Renders the whole `deploy/` tree in memory: relative path -> file text, sorted. */
export function renderTree(state: LoadedState): Map<string, string> {
  const files = new Map<string, string>();
  for (const env of state.environments) {
    const resources: string[] = [];
    for (const w of state.workloads) {
      const image = state.images[env.name][w.service];
      if (image === undefined) continue;
      for (const o of renderWorkload(w, env, image)) {
        const rel = `${w.service}/${objectFileName(o)}`;
        resources.push(rel);
        files.set(`${env.name}/${rel}`, toGeneratedYaml(o));
      }
    }
    files.set(`${env.name}/kustomization.yaml`, toGeneratedYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: resources.sort(),
    }));
  }
  return files;
}

/** Writes files under `dir` (which must not exist), creating directories once each. */
export function writeTree(dir: string, files: Map<string, string>): void {
  const made = new Set<string>();
  for (const [rel, text] of files) {
    const file = path.join(dir, rel);
    const parent = path.dirname(file);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(file, text);
  }
}

/** Full synth: render everything, write it to a staging directory, swap it in for `deploy/`. */
export function engineSynth(root: string): EngineResult {
  const files = renderTree(loadState(root));
  const staging = path.join(root, '.zave-tmp', 'deploy');
  fs.rmSync(path.join(root, '.zave-tmp'), { recursive: true, force: true });
  writeTree(staging, files);
  const deploy = path.join(root, 'deploy');
  const old = path.join(root, '.zave-tmp', 'old');
  if (fs.existsSync(deploy)) fs.renameSync(deploy, old);
  fs.renameSync(staging, deploy);
  fs.rmSync(path.join(root, '.zave-tmp'), { recursive: true, force: true });
  return { files: files.size, stale: 0 };
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(path.join(dir, e.name), rel));
    else out.push(rel);
  }
  return out;
}

/** `synth --check`: render in memory and compare with `deploy/`; counts stale, missing and orphan files. */
export function engineCheck(root: string): EngineResult {
  const files = renderTree(loadState(root));
  const deploy = path.join(root, 'deploy');
  let stale = 0;
  for (const [rel, text] of files) {
    const file = path.join(deploy, rel);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) stale++;
  }
  for (const rel of listFiles(deploy)) if (!files.has(rel)) stale++;
  return { files: files.size, stale };
}

/** Every rendered object of the state, per environment (the floor baseline's input). */
export function renderObjects(state: LoadedState): Array<{ environment: string; service: string; objects: KubeObject[] }> {
  const out: Array<{ environment: string; service: string; objects: KubeObject[] }> = [];
  for (const env of state.environments) {
    for (const w of state.workloads) {
      out.push({ environment: env.name, service: w.service, objects: renderWorkload(w, env, state.images[env.name][w.service]) });
    }
  }
  return out;
}
