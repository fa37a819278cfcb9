import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Version of the rendered format. Bump it whenever synth output changes without a package
 * version change: it is part of every cache key, so a bump re-renders everything.
 */
export const RENDER_FORMAT_VERSION = 1;

/** sha256 hex of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

let cached: { version: string; code: string } | undefined;

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

/**
 * What identifies the rendering code: the package version plus a hash of every source file of the
 * running build (lib/**.js, or src/**.ts under ts-jest). A development build that changes a strategy
 * without a version bump still invalidates the cache. Computed once per process.
 */
export function libraryFingerprint(): { version: string; code: string } {
  if (cached) return cached;
  const codeDir = path.resolve(__dirname, '..', '..');
  const hash = createHash('sha256');
  const walk = (dir: string, rel: string): void => {
    // Directory entries carry their type (no lstat per file); sorted by name as before.
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
    for (const entry of entries) {
      const name = String(entry.name);
      const full = path.join(dir, name);
      if (entry.isDirectory()) {
        walk(full, `${rel}${name}/`);
      } else if (entry.isFile() && /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts')) {
        hash.update(`${rel}${name}\0`).update(fs.readFileSync(full)).update('\0');
      }
    }
  };
  walk(codeDir, '');
  cached = { version: libraryVersion(), code: hash.digest('hex') };
  return cached;
}
