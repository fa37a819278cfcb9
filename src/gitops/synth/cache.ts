import { isAscii } from 'buffer';
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { WorkloadContract } from '../../contract/contract';
import { PlatformConfig } from '../platform/platform';
import { privateStateDir } from '../repo/private-dir';
import { EnvironmentState } from '../state/environment-state';

/**
 * What the cache remembers of one rendered file of deploy/, as `sha stat`: the base64url sha256 of
 * the bytes render produced, and the file's stat signature (size, mtime, ctime, inode) when its bytes
 * were last found to hash to `sha`, recorded only once the file was older than the racy window (see
 * `statSignature`), else `-`. A file whose signature is unchanged is not read again; any write changes it.
 */
export interface OutputCacheEntry {
  /** base64url sha256 of the bytes that render produced. */
  readonly output: string;
  readonly stat?: string;
}

/** `sha stat` (see OutputCacheEntry; `-` for no signature). */
export function encodeOutput(entry: OutputCacheEntry): string {
  return `${entry.output} ${entry.stat ?? '-'}`;
}

/**
 * What the cache remembers of one workload's two files in one environment, as
 * `input manifestSha manifestStat namespaceSha namespaceStat`: the base64url hash of every input of the
 * render (`PlannedPair.inputHash`), then each file as in OutputCacheEntry. Kept as one line of its
 * environment's text (`<service> <entry>`, see SynthCache.pairs), so reading the cache builds no
 * object per file; a line is split only where its pair is looked at.
 */
export interface PairCacheEntry {
  readonly input: string;
  readonly manifest: OutputCacheEntry;
  readonly namespace: OutputCacheEntry;
}

/** The text of a PairCacheEntry. */
export function encodePair(entry: PairCacheEntry): string {
  return `${entry.input} ${encodeOutput(entry.manifest)} ${encodeOutput(entry.namespace)}`;
}

/** The entry `encodePair` wrote; undefined for text of another shape. */
export function decodePair(text: string | undefined): PairCacheEntry | undefined {
  if (typeof text !== 'string') return undefined;
  const f = text.split(' ');
  if (f.length !== 5 || f.some((x) => x === '')) return undefined;
  const file = (sha: string, stat: string): OutputCacheEntry => (stat === '-' ? { output: sha } : { output: sha, stat });
  return { input: f[0], manifest: file(f[1], f[2]), namespace: file(f[3], f[4]) };
}

/** The entry `encodeOutput` wrote; undefined for text of another shape. */
export function decodeOutput(text: string | undefined): OutputCacheEntry | undefined {
  if (typeof text !== 'string') return undefined;
  const [output, stat, extra] = text.split(' ');
  if (!output || !stat || extra !== undefined) return undefined;
  return stat === '-' ? { output } : { output, stat };
}

/**
 * The Argo CD application files of one environment: each depends on the library, the environment,
 * platform.yaml's gitops settings and its service's name alone, so the input hash (base64url) is
 * kept once per environment, the files as lines `<service> <OutputCacheEntry text>`.
 */
export interface ApplicationsCacheEntry {
  readonly input: string;
  readonly files: string;
}

/**
 * The lines of an environment's text (SynthCache.pairs, ApplicationsCacheEntry.files), each
 * `<service> <entry>`, by service: the entry text. Services are names without spaces or newlines; a
 * line of another shape is left out (its files are hashed again).
 */
export function entryLines(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof text !== 'string') return out;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', start);
    if (space > start && space < end) out.set(text.slice(start, space), text.slice(space + 1, end));
    start = end + 1;
  }
  return out;
}

/** Lines `<service> <entry>` in the given order (see `entryLines`). */
export function joinEntryLines(entries: ReadonlyArray<readonly [string, string]>): string {
  const lines = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) lines[i] = entries[i][0] + ' ' + entries[i][1];
  return lines.join('\n');
}

/**
 * What the cache remembers of one input file (a contract, an environment file, a contract revision),
 * as `sha[ stat]`: the sha256 of its bytes when last read and, when the file was then past the racy
 * window, its stat signature taken before that read. A file whose signature is unchanged is not read
 * again: its sha256 (and so its parsed value in `parsed`) is the remembered one.
 */
export interface InputCacheEntry {
  readonly sha: string;
  readonly stat?: string;
}

/** `sha[ stat]` (see InputCacheEntry). */
export function encodeInput(entry: InputCacheEntry): string {
  return entry.stat !== undefined ? `${entry.sha} ${entry.stat}` : entry.sha;
}

/** The entry `encodeInput` wrote; undefined for text of another shape. */
export function decodeInput(text: string | undefined): InputCacheEntry | undefined {
  if (typeof text !== 'string') return undefined;
  const [sha, stat, extra] = text.split(' ');
  if (!sha || extra !== undefined) return undefined;
  return stat !== undefined ? { sha, stat } : { sha };
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
  /** Valid contracts by service (pinned revisions other than the head by `<service>@<sha>`): sha256 of the bytes and the parsed contract. */
  readonly contracts: Readonly<Record<string, { readonly sha: string; readonly contract: WorkloadContract }>>;
  /** environments/<env>.yaml by environment: sha256 of the bytes, whether digests were required, the parsed state (see `storedState`). */
  readonly environments: Readonly<Record<string, { readonly sha: string; readonly pin: boolean; readonly state: StoredEnvironmentState | undefined }>>;
  /** platform.yaml: sha256 of the bytes and the parsed configuration (kept only when it survives JSON unchanged). */
  readonly platform?: { readonly sha: string; readonly platform: PlatformConfig };
}

/** An environment state as the cache keeps it: without `images` when that map is the releases' images (see `storedState`). */
export type StoredEnvironmentState = Omit<EnvironmentState, 'images'> & { readonly images?: EnvironmentState['images'] };

/** The images map an environment state's releases give: each release's image, in the releases' order. */
function releaseImages(releases: EnvironmentState['releases']): Record<string, string> {
  const images: Record<string, string> = {};
  for (const service of Object.keys(releases)) images[service] = releases[service].image;
  return images;
}

/**
 * `state` as the cache keeps it: its `images` map left out when `restoredState` gives the very same
 * state back (same members in the same order, the images being the releases', in their order), so
 * each image is stored once; kept otherwise.
 */
export function storedState(state: EnvironmentState): StoredEnvironmentState {
  const { images: _images, ...rest } = state;
  return sameJson(restoredState(rest), state) ? rest : state;
}

/** The state `storedState` kept, with its `images` map back (right after `releases`). */
export function restoredState(stored: StoredEnvironmentState): EnvironmentState {
  if (stored.images !== undefined) return stored as EnvironmentState;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(stored)) {
    out[k] = (stored as unknown as Record<string, unknown>)[k];
    if (k === 'releases') out.images = releaseImages(stored.releases);
  }
  return out as unknown as EnvironmentState;
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
  /**
   * Stat digest of the library build's files when `code` was last hashed (see `libraryFingerprint`):
   * while it is unchanged, `code` is not hashed again. Absent when a file was racy.
   */
  readonly build?: string;
  /** By environment: its workloads' rendered files, one line `<service> <encodePair text>` per workload (see `entryLines`). */
  readonly pairs: Readonly<Record<string, string>>;
  /** By environment: its Argo CD application files (one line `<service> <encodeOutput text>` per workload). */
  readonly applications: Readonly<Record<string, ApplicationsCacheEntry>>;
  /**
   * By environment: its other environment-level files (kustomizations, platform project, bootstrap,
   * retained namespaces), one line `<path> <encodeOutput text>` each, with the hash of what they are
   * rendered from (library, environment, gitops settings, services, retained services).
   */
  readonly environmentFiles: Readonly<Record<string, ApplicationsCacheEntry>>;
  /** By repository-relative path of an input file (workloads/..., environments/...): `encodeInput` text. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly parsed: ParsedInputs;
}

/**
 * Format of the cache file itself. 6: entries are text (`encodeOutput`, `encodeInput`), input files
 * carry stat signatures, the library build a stat digest. 7: rendered files are kept per workload and
 * environment (one input hash for both files, `encodePair`), as one text per environment, and per
 * environment for Argo CD applications; hashes in base64url; environment states without their
 * `images` map (rebuilt from the releases). The file is a header line and then one line per section
 * (`<key> TAB <value>`, both JSON): a section equal to the one read is written back as the bytes read
 * (not serialized again), and an environment state is parsed only when its file is unchanged. An
 * older cache is ignored (synth then hashes every file once and writes this format).
 */
export const CACHE_FORMAT = 7;
const CACHE_NAME = 'synth-cache.json';
const KEY_NAME = 'synth-cache.key';

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

/**
 * Largest cache or snapshot file read (a repository of 17,000 releases per environment writes a few
 * tens of MB): a bigger file is not read at all (it is not one this code wrote; synth then renders
 * and writes a new one).
 */
export const MAX_PRIVATE_FILE_BYTES = 256 * 1024 * 1024;

/**
 * The bytes of a file of the private state folder and where its body starts (after the first line,
 * the HMAC), not yet authenticated (see `authentic`); undefined when absent, not a regular file,
 * larger than MAX_PRIVATE_FILE_BYTES or unreadable.
 */
export function privateFile(root: string, name: string): { bytes: Buffer; body: number } | undefined {
  try {
    const p = path.join(privateStateDir(root), name);
    const st = fs.lstatSync(p);
    if (!st.isFile() || st.size > MAX_PRIVATE_FILE_BYTES) return undefined;
    const bytes = fs.readFileSync(p);
    const nl = bytes.indexOf(10);
    return nl < 0 ? undefined : { bytes, body: nl + 1 };
  } catch {
    return undefined;
  }
}

/** True when the first line of `bytes` is the HMAC, under the cache key, of the body that starts at `body`. */
export function authentic(root: string, bytes: Buffer, body: number): boolean {
  try {
    const k = key(privateStateDir(root), false);
    if (!k || body < 1 || bytes[body - 1] !== 10) return false;
    const tag = bytes.subarray(0, body - 1);
    const want = Buffer.from(createHmac('sha256', k).update(bytes.subarray(body)).digest('hex'), 'latin1');
    return tag.length === want.length && timingSafeEqual(tag, want);
  } catch {
    return false;
  }
}

/**
 * The JSON value of an authenticated file of the private state folder (first line: the HMAC of the
 * rest under the cache key); undefined when absent, not a regular file, unreadable or forged.
 */
export function readPrivateJson(root: string, name: string): unknown {
  try {
    const file = privateFile(root, name);
    if (!file || !authentic(root, file.bytes, file.body)) return undefined;
    const body = file.bytes.subarray(file.body);
    // The writer escapes every non-ASCII character: an ASCII body is decoded without UTF-8 validation.
    return JSON.parse(isAscii(body) ? body.toString('latin1') : body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes `value` as an authenticated file of the private state folder (temp + rename); failures are swallowed (it only costs speed). */
export function writePrivateJson(root: string, name: string, value: unknown): void {
  writePrivateText(root, name, JSON.stringify(value));
}

/**
 * Writes `body` (JSON text, or lines of JSON values) as an authenticated file of the private state
 * folder: the HMAC of the body under the cache key, a newline, the body; temp + rename. The file is
 * ASCII (non-ASCII characters escaped), so the body is encoded as Latin-1 (one copy, no UTF-8 pass),
 * checked, hashed and written as it is, header and body by two writes (no concatenated copy).
 * Failures are swallowed (it only costs speed).
 */
export function writePrivateText(root: string, name: string, body: string): void {
  let fd: number | undefined;
  try {
    const dir = privateStateDir(root);
    const k = key(dir, true)!;
    // Usually ASCII already (checked on the bytes, fast); otherwise every non-ASCII character is escaped.
    let bytes = Buffer.from(body, 'latin1');
    if (!isAscii(bytes)) bytes = Buffer.from(asciiJson(body), 'latin1');
    const p = path.join(dir, name);
    fd = fs.openSync(`${p}.tmp`, 'w');
    fs.writeSync(fd, `${createHmac('sha256', k).update(bytes).digest('hex')}\n`, null, 'latin1');
    for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(`${p}.tmp`, p);
  } catch {
    // an optimization only
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}

/**
 * Writes an authenticated file of the private state folder whose body is `chunks` (ASCII bytes), one
 * line each: the HMAC of the body, a newline, the body; temp + rename, chunk by chunk (no concatenated
 * copy). Failures are swallowed (it only costs speed).
 */
function writePrivateChunks(root: string, name: string, chunks: readonly Buffer[]): void {
  let fd: number | undefined;
  try {
    const dir = privateStateDir(root);
    const k = key(dir, true)!;
    const newline = Buffer.from('\n', 'latin1');
    const hmac = createHmac('sha256', k);
    chunks.forEach((c, i) => {
      if (i > 0) hmac.update(newline);
      hmac.update(c);
    });
    const p = path.join(dir, name);
    fd = fs.openSync(`${p}.tmp`, 'w');
    const write = (bytes: Uint8Array) => {
      for (let done = 0; done < bytes.length;) done += fs.writeSync(fd!, bytes, done, bytes.length - done);
    };
    write(Buffer.from(`${hmac.digest('hex')}\n`, 'latin1'));
    chunks.forEach((c, i) => {
      if (i > 0) write(newline);
      write(c);
    });
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(`${p}.tmp`, p);
  } catch {
    // an optimization only
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}

/** Removes a file of the private state folder, if there. */
export function removePrivateFile(root: string, name: string): void {
  try {
    fs.rmSync(path.join(privateStateDir(root), name), { force: true });
  } catch {
    // nothing to remove, or it cannot be: it is authenticated and checked against disk when read
  }
}

/** A section of the cache file as read: its value (parsed, but for environment states) and the bytes of its line. */
interface ReadSection {
  readonly index: number;
  readonly value?: unknown;
  readonly line: Buffer;
}

/** The cache file last read and authenticated, per repository root (this process): its header and sections, for `writeCache`. */
interface ReadCacheFile {
  readonly header: string;
  readonly library: string;
  readonly code: string;
  readonly sections: ReadonlyMap<string, ReadSection>;
}

const verifiedCaches = new Map<string, ReadCacheFile>();

/** An environment state remembered in the cache, parsed from `text` on first use (undefined when it is not a state). */
function lazyEnvironment(sha: string, pin: boolean, text: () => string): ParsedInputs['environments'][string] {
  let state: StoredEnvironmentState | undefined;
  let parsed = false;
  const entry = { sha, pin } as { sha: string; pin: boolean; state: StoredEnvironmentState };
  Object.defineProperty(entry, 'state', {
    enumerable: true,
    get: () => {
      if (!parsed) {
        parsed = true;
        try {
          const v = JSON.parse(text()) as unknown;
          state = isRecord(v) && isRecord(v.releases) ? v as unknown as StoredEnvironmentState : undefined;
        } catch {
          state = undefined;
        }
      }
      return state;
    },
  });
  return entry;
}

/**
 * Reads and authenticates the cache file, whatever build wrote it; undefined when absent, unreadable,
 * forged or of another format. The caller still compares `library` and `code` (see readCache).
 */
export function readCacheFile(root: string): SynthCache | undefined {
  // What an earlier read of this root found is forgotten first: writeCache compares with this read only.
  verifiedCaches.delete(root);
  try {
    const file = privateFile(root, CACHE_NAME);
    if (!file || !authentic(root, file.bytes, file.body)) return undefined;
    const bytes = file.bytes;
    // The writer escapes every non-ASCII character: the (authenticated) file is ASCII.
    const text = (from: number, to: number) => bytes.toString('latin1', from, to);
    let end = bytes.indexOf(10, file.body);
    if (end < 0) end = bytes.length;
    const headerText = text(file.body, end);
    const header = JSON.parse(headerText) as Record<string, unknown>;
    if (!isRecord(header) || header.format !== CACHE_FORMAT || typeof header.library !== 'string' || typeof header.code !== 'string'
      || (header.build !== undefined && typeof header.build !== 'string')) return undefined;
    const pairs: Record<string, string> = {};
    const applications: Record<string, ApplicationsCacheEntry> = {};
    const environmentFiles: Record<string, ApplicationsCacheEntry> = {};
    const environments: Record<string, ParsedInputs['environments'][string]> = {};
    let inputs: Record<string, string> | undefined;
    let contracts: ParsedInputs['contracts'] | undefined;
    let platform: ParsedInputs['platform'];
    const sections = new Map<string, ReadSection>();
    while (end < bytes.length) {
      const start = end + 1;
      end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      const tab = bytes.indexOf(9, start);
      if (tab < 0 || tab > end) return undefined;
      const keyText = text(start, tab);
      const sectionKey = JSON.parse(keyText) as unknown[];
      if (!Array.isArray(sectionKey) || sections.has(keyText)) return undefined;
      const line = bytes.subarray(start, end);
      const valueFrom = tab + 1;
      const valueTo = end;
      const index = sections.size;
      const [kind, name, sha, pin] = sectionKey;
      if (kind === 'environment') {
        if (sectionKey.length !== 4 || typeof name !== 'string' || typeof sha !== 'string' || typeof pin !== 'boolean') return undefined;
        environments[name] = lazyEnvironment(sha, pin, () => text(valueFrom, valueTo));
        sections.set(keyText, { index, line });
        continue;
      }
      const v = JSON.parse(text(valueFrom, valueTo)) as unknown;
      if (kind === 'pairs' && sectionKey.length === 2 && typeof name === 'string' && typeof v === 'string') {
        pairs[name] = v;
      } else if (kind === 'applications' && sectionKey.length === 2 && typeof name === 'string' && isRecord(v) && typeof v.input === 'string' && typeof v.files === 'string') {
        applications[name] = { input: v.input, files: v.files };
      } else if (kind === 'environmentFiles' && sectionKey.length === 2 && typeof name === 'string' && isRecord(v) && typeof v.input === 'string' && typeof v.files === 'string') {
        environmentFiles[name] = { input: v.input, files: v.files };
      } else if (kind === 'inputs' && sectionKey.length === 1 && isRecord(v)) {
        inputs = v as Record<string, string>;
      } else if (kind === 'contracts' && sectionKey.length === 1 && isRecord(v)) {
        contracts = v as ParsedInputs['contracts'];
      } else if (kind === 'platform' && sectionKey.length === 1 && isRecord(v) && typeof v.sha === 'string' && isRecord(v.platform)) {
        platform = v as unknown as ParsedInputs['platform'];
      } else {
        return undefined;
      }
      sections.set(keyText, { index, value: v, line });
    }
    if (!inputs || !contracts) return undefined;
    verifiedCaches.set(root, { header: headerText, library: header.library, code: header.code, sections });
    return {
      format: CACHE_FORMAT,
      library: header.library,
      code: header.code,
      ...(header.build !== undefined ? { build: header.build as string } : {}),
      pairs,
      applications,
      environmentFiles,
      inputs,
      parsed: { contracts, environments, ...(platform ? { platform } : {}) },
    };
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the cache; undefined when absent, unreadable, forged or written by another build (then synth renders everything). */
export function readCache(root: string, library: string, code: string): SynthCache | undefined {
  const data = readCacheFile(root);
  return data && data.library === library && data.code === code ? data : undefined;
}

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

/** The sections of the cache file of `cache`, in file order: key, value, and whether the value is an environment state (compared by its key). */
function sectionsOf(cache: SynthCache): Array<{ key: unknown[]; value: unknown; environment: boolean }> {
  const out: Array<{ key: unknown[]; value: unknown; environment: boolean }> = [];
  for (const env of Object.keys(cache.pairs)) out.push({ key: ['pairs', env], value: cache.pairs[env], environment: false });
  for (const env of Object.keys(cache.applications)) out.push({ key: ['applications', env], value: cache.applications[env], environment: false });
  for (const env of Object.keys(cache.environmentFiles)) out.push({ key: ['environmentFiles', env], value: cache.environmentFiles[env], environment: false });
  out.push({ key: ['inputs'], value: cache.inputs, environment: false });
  out.push({ key: ['contracts'], value: cache.parsed.contracts, environment: false });
  if (cache.parsed.platform) out.push({ key: ['platform'], value: cache.parsed.platform, environment: false });
  for (const env of Object.keys(cache.parsed.environments)) {
    const e = cache.parsed.environments[env];
    out.push({ key: ['environment', env, e.sha, e.pin], value: e, environment: true });
  }
  return out;
}

/** ASCII bytes of JSON text (non-ASCII characters escaped). */
function asciiBytes(json: string): Buffer {
  const bytes = Buffer.from(json, 'latin1');
  return isAscii(bytes) ? bytes : Buffer.from(asciiJson(json), 'latin1');
}

/**
 * Writes the cache (temp + rename); a failure only costs speed next time, so it is swallowed. A
 * section equal to the one last read is written back as the bytes read: a section of values by
 * content, an environment state by its key (environment, sha256 of the file, digests required) under
 * the same library build, since a state is a pure function of those. When every section and the
 * header are as read, in the same order, the file already says exactly this: nothing is written.
 */
export function writeCache(root: string, cache: SynthCache): void {
  try {
    const read = verifiedCaches.get(root);
    const header = JSON.stringify({ format: cache.format, library: cache.library, code: cache.code, ...(cache.build !== undefined ? { build: cache.build } : {}) });
    const sameBuild = read !== undefined && read.library === cache.library && read.code === cache.code;
    const sections = sectionsOf(cache);
    let unchanged = read !== undefined && read.header === header && read.sections.size === sections.length;
    const chunks: Buffer[] = [asciiBytes(header)];
    sections.forEach(({ key: sectionKey, value, environment }, i) => {
      const keyText = JSON.stringify(sectionKey);
      const old = read?.sections.get(keyText);
      if (old && (environment ? sameBuild : 'value' in old && sameJson(value, old.value))) {
        chunks.push(old.line);
        if (old.index !== i) unchanged = false;
        return;
      }
      unchanged = false;
      const written = environment ? (value as ParsedInputs['environments'][string]).state : value;
      chunks.push(asciiBytes(`${keyText}\t${JSON.stringify(written)}`));
    });
    if (unchanged) return;
    writePrivateChunks(root, CACHE_NAME, chunks);
  } catch {
    // the cache is an optimization: without it the next synth compares bytes instead
  }
}


/** JSON text with every non-ASCII character as a \\u escape (the same value, read back faster). */
export function asciiJson(json: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(json) ? json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** The package version that last rendered deploy/ on this machine (the cache's `library`), for reports only. */
export function renderedLibraryVersion(root: string): string | undefined {
  try {
    // The header: the line after the HMAC (the file is not authenticated: a report only).
    const text = fs.readFileSync(path.join(privateStateDir(root), CACHE_NAME), 'latin1');
    const start = text.indexOf('\n') + 1;
    const end = text.indexOf('\n', start);
    const data = JSON.parse(text.slice(start, end < 0 ? text.length : end)) as { library?: unknown };
    return typeof data.library === 'string' ? data.library : undefined;
  } catch {
    return undefined;
  }
}
