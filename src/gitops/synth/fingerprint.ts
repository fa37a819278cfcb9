import * as crypto from 'crypto';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { statSignature } from './cache';

/**
 * Version of the rendered format. Bump it whenever synth output changes without a package
 * version change: it is part of every cache key, so a bump re-renders everything.
 */
export const RENDER_FORMAT_VERSION = 1;

/** `crypto.hash` (Node 20.12+): one call, no Hash object per digest. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex' | 'base64url') => string }).hash;

/** sha256 hex of a string (UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/** sha256 of a string (UTF-8) or bytes in base64url (43 characters): the synth cache's hashes. */
export function sha256url(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'base64url') : createHash('sha256').update(data).digest('base64url');
}

/** A sha256 hex digest in base64url (the synth cache's form). */
export function hexToUrl(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64url');
}

let cached: LibraryFingerprint | undefined;

function packageRoot(): string {
  // lib/gitops/synth or src/gitops/synth -> package root
  return path.resolve(__dirname, '..', '..', '..');
}

let version: string | undefined;

/** The package version from package.json (read once; no code hash, so it costs one small file read). */
export function libraryVersion(): string {
  if (version !== undefined) return version;
  try {
    version = (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    version = '0.0.0'; // the code hash still identifies the build
  }
  return version;
}

/** What identifies the rendering code (see libraryFingerprint). */
export interface LibraryFingerprint {
  readonly version: string;
  readonly code: string;
  /**
   * Digest of the stat signatures (size, mtime, ctime, inode; see `statSignature`) of every file
   * hashed into `code`, each taken before the file was read; undefined when a file was racy.
   */
  readonly build?: string;
}

/** A code hash remembered with the stat digest of the files it was computed from. */
export interface KnownBuild {
  readonly code: string;
  readonly build?: string;
}

/**
 * What identifies the rendering code: the package version plus a hash of every source file of the
 * running build (lib/**.js, or src/**.ts under ts-jest). A development build that changes a strategy
 * without a version bump still invalidates the cache. Computed once per process.
 *
 * With `known` (remembered by the synth cache): when every file's stat signature is as it was when
 * `known.code` was hashed (same `build` digest, no file racy), that code is returned without reading
 * the files; any write to a file changes its ctime, so a changed build is always hashed.
 */
export function libraryFingerprint(known?: KnownBuild): LibraryFingerprint {
  if (cached) return cached;
  const { files, build } = buildFiles();
  if (known && build !== undefined && known.build === build) return { version: libraryVersion(), code: known.code, build };
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.rel}\0`).update(fs.readFileSync(f.full)).update('\0');
  cached = { version: libraryVersion(), code: hash.digest('hex'), ...(build !== undefined ? { build } : {}) };
  return cached;
}

let listed: { files: Array<{ rel: string; full: string }>; build?: string } | undefined;

/**
 * The build's source files and the digest of their stat signatures, taken once per process (like the
 * code hash itself): a synth that checks the no-op snapshot and then reads the cache asks twice.
 */
function buildFiles(): { files: Array<{ rel: string; full: string }>; build?: string } {
  if (listed) return listed;
  const codeDir = path.resolve(__dirname, '..', '..');
  const files: Array<{ rel: string; full: string }> = [];
  const walk = (dir: string, rel: string): void => {
    // Directory entries carry their type (no lstat per file); sorted by name as before.
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
    for (const entry of entries) {
      const name = String(entry.name);
      const full = path.join(dir, name);
      if (entry.isDirectory()) {
        walk(full, `${rel}${name}/`);
      } else if (entry.isFile() && /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts')) {
        files.push({ rel: `${rel}${name}`, full });
      }
    }
  };
  walk(codeDir, '');
  // Signatures first, then the reads: a write during a read leaves a signature that no longer matches.
  const stats = createHash('sha256');
  let racy = false;
  for (const f of files) {
    const signature = statSignature(fs.lstatSync(f.full, { bigint: true }));
    if (signature === undefined) racy = true;
    stats.update(`${f.rel}\0${signature ?? ''}\n`);
  }
  listed = { files, ...(racy ? {} : { build: stats.digest('hex') }) };
  return listed;
}
