import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { WorkloadContract } from '../../contract/contract';
import { privateStateDir } from '../repo/private-dir';
import { EnvironmentState } from '../state/environment-state';
import { ParseMemo } from '../state/load';

/** What the cache remembers of one rendered file of deploy/. */
export interface OutputCacheEntry {
  /** Hash of every input of the render. */
  readonly input: string;
  /** sha256 of the bytes that render produced. */
  readonly output: string;
  /**
   * The file's stat signature (size, mtime, ctime, inode) when its bytes were last found to hash to
   * `output`, recorded only once the file was older than the racy window (see `statSignature`).
   * A file whose signature is unchanged is not read again; any write changes it.
   */
  readonly stat?: string;
}

/** Files changed less than this long ago are racy: their stat could still match after an edit within the same clock tick. */
const RACY_NS = 2_000_000_000n;

/**
 * The stat signature of a file as git's index keeps it (size, mtime, ctime, inode; nanoseconds), or
 * undefined while the file is racy (changed within the last 2 s), so no edit made in the same clock
 * tick as a hash can hide behind an unchanged signature.
 */
export function statSignature(st: fs.BigIntStats, nowNs: bigint = BigInt(Date.now()) * 1_000_000n): string | undefined {
  if (nowNs - st.ctimeNs < RACY_NS || nowNs - st.mtimeNs < RACY_NS) return undefined;
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
}

/** A parsed input file remembered by the sha256 of its bytes (parsing is pure, so unchanged bytes need no re-parse). */
export interface ParsedInputs {
  /** Valid contracts by service: sha256 of the bytes and the parsed contract. */
  readonly contracts: Readonly<Record<string, { readonly sha: string; readonly contract: WorkloadContract }>>;
  /** environments/<env>.yaml by environment: sha256 of the bytes, whether digests were required, the parsed state. */
  readonly environments: Readonly<Record<string, { readonly sha: string; readonly pin: boolean; readonly state: EnvironmentState }>>;
}

/**
 * The incremental-synth cache. It never decides what a file contains: a workload is skipped only when
 * its inputs hash to the remembered `input` AND the file in deploy/ still hashes to the remembered
 * `output`, so a hand edit, a replaced file or a stale entry always re-renders. The cache lives in the
 * private state folder (never in the tree) and is authenticated with a key kept beside it: an edited
 * cache file is ignored as a whole.
 */
export interface SynthCache {
  readonly format: number;
  readonly library: string;
  readonly code: string;
  /** By repository-relative manifest path (deploy/<env>/<service>.yaml). */
  readonly outputs: Readonly<Record<string, OutputCacheEntry>>;
  readonly parsed: ParsedInputs;
}

/** Format of the cache file itself. */
export const CACHE_FORMAT = 5;
const CACHE_NAME = 'synth-cache.json';
const KEY_NAME = 'synth-cache.key';

/** A parse memo backed by the cache's remembered inputs. */
export function memoFromCache(cache: SynthCache | undefined): ParseMemo | undefined {
  if (!cache) return undefined;
  const bySha = new Map<string, WorkloadContract>();
  for (const entry of Object.values(cache.parsed.contracts)) bySha.set(entry.sha, entry.contract);
  return {
    contract: (sha) => bySha.get(sha),
    environment: (sha, env, pin) => {
      const e = cache.parsed.environments[env];
      return e && e.sha === sha && e.pin === pin ? e.state : undefined;
    },
  };
}

function key(dir: string, create: boolean): Buffer | undefined {
  const file = path.join(dir, KEY_NAME);
  try {
    const k = fs.readFileSync(file);
    if (k.length === 32) return k;
  } catch { /* absent */ }
  if (!create) return undefined;
  const k = randomBytes(32);
  fs.writeFileSync(`${file}.tmp`, k, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return k;
}

function mac(k: Buffer, body: string): string {
  return createHmac('sha256', k).update(body).digest('hex');
}

/** Reads the cache; undefined when absent, unreadable, forged or written by another build (then synth renders everything). */
export function readCache(root: string, library: string, code: string): SynthCache | undefined {
  try {
    const dir = privateStateDir(root);
    const k = key(dir, false);
    if (!k) return undefined;
    const p = path.join(dir, CACHE_NAME);
    const st = fs.lstatSync(p);
    if (!st.isFile()) return undefined;
    const text = fs.readFileSync(p, 'utf8');
    const nl = text.indexOf('\n');
    const tag = Buffer.from(text.slice(0, nl), 'utf8');
    const body = text.slice(nl + 1);
    const want = Buffer.from(mac(k, body), 'utf8');
    if (tag.length !== want.length || !timingSafeEqual(tag, want)) return undefined;
    const data = JSON.parse(body) as SynthCache;
    verifiedCaches.set(root, data);
    if (data.format !== CACHE_FORMAT || data.library !== library || data.code !== code || typeof data.outputs !== 'object' || typeof data.parsed?.contracts !== 'object' || typeof data.parsed?.environments !== 'object') return undefined;
    return data;
  } catch {
    return undefined;
  }
}

/** The cache last read and verified, per repository root (this process), as parsed. */
const verifiedCaches = new Map<string, SynthCache>();

/**
 * True when `a` and `b` serialize to the same JSON text (same keys in the same order, same values);
 * objects shared by reference (remembered entries a run kept as they were) are not walked again.
 * May say false for values that serialize alike (an `undefined` member): that only costs a write.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => sameJson(v, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  const others = Object.keys(y);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== others[i] || !sameJson(x[keys[i]], y[keys[i]])) return false;
  return true;
}

/** Writes the cache (temp + rename); a failure only costs speed next time, so it is swallowed. */
export function writeCache(root: string, cache: SynthCache): void {
  try {
    const dir = privateStateDir(root);
    const k = key(dir, true)!;
    const verified = verifiedCaches.get(root);
    if (verified && sameJson(verified, cache)) return; // a no-op run: the file already says exactly this
    const body = JSON.stringify(cache);
    const p = path.join(dir, CACHE_NAME);
    fs.writeFileSync(`${p}.tmp`, `${mac(k, body)}\n${body}`);
    fs.renameSync(`${p}.tmp`, p);
  } catch {
    // the cache is an optimization: without it the next synth compares bytes instead
  }
}

/** The package version that last rendered deploy/ on this machine (the cache's `library`), for reports only. */
export function renderedLibraryVersion(root: string): string | undefined {
  try {
    const text = fs.readFileSync(path.join(privateStateDir(root), CACHE_NAME), 'utf8');
    const data = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { library?: unknown };
    return typeof data.library === 'string' ? data.library : undefined;
  } catch {
    return undefined;
  }
}
