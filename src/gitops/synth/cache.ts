import * as fs from 'fs';
import * as path from 'path';
import { CACHE_FILE } from './layout';
import { WorkloadContract } from '../../contract/contract';
import { ParseMemo } from '../state/load';

/** Cache entry of one rendered workload directory. */
export interface PairCacheEntry {
  /** Hash of every input of the render. */
  readonly input: string;
  /** File names written in deploy/<env>/<service>/, sorted. */
  readonly files: readonly string[];
}

/** Cache entry of one environment. */
export interface EnvironmentCacheEntry {
  /** Hash of the inputs of the environment-level files (Argo CD objects, kustomization). */
  readonly input: string;
  /** Rendered workloads by service. */
  readonly workloads: Readonly<Record<string, PairCacheEntry>>;
}

/** A parsed input file remembered by the sha256 of its bytes (parsing is pure, so unchanged bytes need no re-parse). */
export interface ParsedInputs {
  /** Valid contracts by service: sha256 of the bytes and the parsed contract. */
  readonly contracts: Readonly<Record<string, { readonly sha: string; readonly contract: WorkloadContract }>>;
  /** environments/<env>.yaml by environment: sha256 of the bytes, whether digests were required, the images. */
  readonly environments: Readonly<Record<string, { readonly sha: string; readonly pin: boolean; readonly images: Readonly<Record<string, string>> }>>;
}

/** The incremental-synth cache (deploy/.zave-synth.json). */
export interface SynthCache {
  readonly format: number;
  readonly library: string;
  readonly code: string;
  readonly environments: Readonly<Record<string, EnvironmentCacheEntry>>;
  readonly parsed: ParsedInputs;
}

/** Format of the cache file itself. */
export const CACHE_FORMAT = 2;

/** A parse memo backed by the cache's remembered inputs. */
export function memoFromCache(cache: SynthCache | undefined): ParseMemo | undefined {
  if (!cache) return undefined;
  const bySha = new Map<string, WorkloadContract>();
  for (const entry of Object.values(cache.parsed.contracts)) bySha.set(entry.sha, entry.contract);
  return {
    contract: (sha) => bySha.get(sha),
    environment: (sha, env, pin) => {
      const e = cache.parsed.environments[env];
      return e && e.sha === sha && e.pin === pin ? e.images : undefined;
    },
  };
}

/** Reads the cache; undefined when absent, unreadable, or written by another build (then synth renders everything). */
export function readCache(root: string, library: string, code: string): SynthCache | undefined {
  try {
    const p = path.join(root, CACHE_FILE);
    const st = fs.lstatSync(p);
    if (!st.isFile()) return undefined;
    const data = JSON.parse(fs.readFileSync(p, 'utf8')) as SynthCache;
    if (data.format !== CACHE_FORMAT || data.library !== library || data.code !== code || typeof data.environments !== 'object' || typeof data.parsed?.contracts !== 'object' || typeof data.parsed?.environments !== 'object') return undefined;
    return data;
  } catch {
    return undefined;
  }
}

/** Serializes the cache deterministically (sorted keys, one workload per line for readable diffs). */
export function serializeCache(cache: SynthCache): string {
  const lines = ['{', `  "format": ${cache.format},`, `  "library": ${JSON.stringify(cache.library)},`, `  "code": ${JSON.stringify(cache.code)},`, '  "environments": {'];
  const envs = Object.keys(cache.environments).sort();
  envs.forEach((env, i) => {
    const e = cache.environments[env];
    lines.push(`    ${JSON.stringify(env)}: {`, `      "input": ${JSON.stringify(e.input)},`, '      "workloads": {');
    const services = Object.keys(e.workloads).sort();
    services.forEach((s, j) => {
      const w = e.workloads[s];
      lines.push(`        ${JSON.stringify(s)}: ${JSON.stringify({ input: w.input, files: w.files })}${j < services.length - 1 ? ',' : ''}`);
    });
    lines.push('      }', `    }${i < envs.length - 1 ? ',' : ''}`);
  });
  lines.push('  },', '  "parsed": {', '    "contracts": {');
  const services = Object.keys(cache.parsed.contracts).sort();
  services.forEach((s, j) => lines.push(`      ${JSON.stringify(s)}: ${JSON.stringify(cache.parsed.contracts[s])}${j < services.length - 1 ? ',' : ''}`));
  lines.push('    },', '    "environments": {');
  const penvs = Object.keys(cache.parsed.environments).sort();
  penvs.forEach((e, j) => lines.push(`      ${JSON.stringify(e)}: ${JSON.stringify(cache.parsed.environments[e])}${j < penvs.length - 1 ? ',' : ''}`));
  lines.push('    }', '  }', '}');
  return lines.join('\n') + '\n';
}
