import * as fs from 'fs';
import { encodeInput, restoredState, statSignature, SynthCache } from './cache';
import { WorkloadContract } from '../../contract/contract';
import { PlatformConfig } from '../platform/platform';
import { EnvironmentState } from '../state/environment-state';
import { ParseMemo } from '../state/load';

/**
 * The parse memo of `zave synth`: parsed contracts, environment states and platform.yaml remembered by the sha256 of
 * their bytes (from the authenticated cache), and the input files whose bytes need not be read at all.
 *
 * An input file is vouched for (not read) only when the cache remembers its sha256 with a stat
 * signature (size, mtime, ctime, inode; see `statSignature`) and the file, a regular file, has exactly
 * that signature now: as for deploy/ files, any write changes the ctime, and a signature is recorded
 * only for a file past the racy window. The signature is taken before the loader reads a file, so a
 * write during the read leaves a signature that no longer matches next time.
 */
export class InputMemo implements ParseMemo {
  private readonly contracts = new Map<string, WorkloadContract>();
  /** Signatures taken by `knownSha`, waiting for the loader's read of the same file. */
  private readonly pending = new Map<string, string | undefined>();
  /** What to remember of each input file loaded, `encodeInput` text by path. */
  private readonly seen: Record<string, string> = {};

  /** `cache`: the authenticated cache of this build, if any (without one nothing is vouched for, signatures are still taken). */
  constructor(private readonly root: string, private readonly cache: SynthCache | undefined) {
    if (cache) for (const entry of Object.values(cache.parsed.contracts)) this.contracts.set(entry.sha, entry.contract);
  }

  public contract(sha: string): WorkloadContract | undefined {
    return this.contracts.get(sha);
  }

  public platform(sha: string): PlatformConfig | undefined {
    const p = this.cache?.parsed.platform;
    return p && p.sha === sha ? p.platform : undefined;
  }

  public environment(sha: string, env: string, pinRequired: boolean): EnvironmentState | undefined {
    const e = this.cache?.parsed.environments[env];
    if (!e || e.sha !== sha || e.pin !== pinRequired) return undefined;
    const state = e.state; // parsed from the cache on first use; undefined when it is not a state
    return state ? restoredState(state) : undefined;
  }

  public knownSha(rel: string): string | undefined {
    let st: fs.BigIntStats | undefined;
    try {
      st = fs.lstatSync(`${this.root}/${rel}`, { bigint: true, throwIfNoEntry: false });
    } catch {
      st = undefined; // ENOTDIR and the like: the loader reports it
    }
    if (!st || !st.isFile()) return undefined;
    const signature = statSignature(st);
    this.pending.set(rel, signature);
    const text = this.cache?.inputs[rel];
    // `sha stat`: compared in place (this runs for every contract of every run).
    if (signature === undefined || typeof text !== 'string' || !text.endsWith(signature) || text.charCodeAt(text.length - signature.length - 1) !== 32) return undefined;
    const sha = text.slice(0, text.length - signature.length - 1);
    if (sha === '' || sha.includes(' ')) return undefined;
    this.seen[rel] = text;
    return sha;
  }

  public readSha(rel: string, sha: string): void {
    const stat = this.pending.get(rel);
    this.pending.delete(rel);
    this.seen[rel] = encodeInput(stat !== undefined ? { sha, stat } : { sha });
  }

  /** Every input file loaded, for the next cache (`encodeInput` text by path, sorted). */
  public inputs(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const rel of Object.keys(this.seen).sort()) out[rel] = this.seen[rel];
    return out;
  }
}
