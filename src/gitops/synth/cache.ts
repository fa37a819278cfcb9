import * as fs from 'fs';
import * as path from 'path';
import { CACHE_FILE } from './layout';

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

/** The incremental-synth cache (deploy/.zave-synth.json). */
export interface SynthCache {
  readonly format: number;
  readonly library: string;
  readonly code: string;
  readonly environments: Readonly<Record<string, EnvironmentCacheEntry>>;
}

/** Format of the cache file itself. */
export const CACHE_FORMAT = 1;

/** Reads the cache; undefined when absent, unreadable, or written by another build (then synth renders everything). */
export function readCache(root: string, library: string, code: string): SynthCache | undefined {
  try {
    const p = path.join(root, CACHE_FILE);
    const st = fs.lstatSync(p);
    if (!st.isFile()) return undefined;
    const data = JSON.parse(fs.readFileSync(p, 'utf8')) as SynthCache;
    if (data.format !== CACHE_FORMAT || data.library !== library || data.code !== code || typeof data.environments !== 'object') return undefined;
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
  lines.push('  }', '}');
  return lines.join('\n') + '\n';
}
