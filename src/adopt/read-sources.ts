import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AdoptionInputIssue } from './model';

/**
 * Largest manifest file (or rendered kustomize output, or stdin) read: 4 MiB. Manifests are larger
 * than contracts (a `helm template` of a big chart is a few hundred KiB), and the cap keeps the YAML
 * parser's work bounded.
 */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Most files read from the directories given (a monorepo of manifests has a few hundred). */
export const MAX_MANIFEST_FILES = 5000;
/** Names of a kustomization file: a directory holding one is rendered with `kubectl kustomize`. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Seconds `kubectl kustomize` may run. */
const KUSTOMIZE_TIMEOUT_MS = 60_000;

/** One input stream of manifests. */
export interface ManifestSource {
  /** The file as shown to people. */
  readonly file: string;
  /** Its bytes. */
  readonly bytes: Uint8Array;
  /** True for `kubectl kustomize` output (lines do not point into a file of the input). */
  readonly rendered: boolean;
}

/** Renders a kustomize directory: its output, or an error message. */
export type KustomizeRunner = (dir: string) => { output?: Uint8Array; error?: string };

/** How {@link readSources} reads. */
export interface ReadSourcesOptions {
  /** Directory relative paths resolve against. */
  readonly cwd: string;
  /** Standard input, for the path `-`. */
  readonly stdin?: Uint8Array;
  /** Renders kustomize directories (default: `kubectl kustomize DIR`). */
  readonly kustomize?: KustomizeRunner;
}

/** What was read, and what could not be. */
export interface SourcesRead {
  readonly sources: ManifestSource[];
  readonly issues: AdoptionInputIssue[];
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Runs `kubectl kustomize DIR` (no shell, no helm, no plugins, default load restrictor), capped in time and size. */
export function kubectlKustomize(dir: string): { output?: Uint8Array; error?: string } {
  const r = spawnSync('kubectl', ['kustomize', dir], { timeout: KUSTOMIZE_TIMEOUT_MS, maxBuffer: MAX_MANIFEST_BYTES + 1, windowsHide: true });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: 'kubectl is not installed' };
    if (code === 'ENOBUFS') return { error: `the rendered output is larger than ${MAX_MANIFEST_BYTES} bytes` };
    if (code === 'ETIMEDOUT') return { error: `kubectl kustomize ran longer than ${KUSTOMIZE_TIMEOUT_MS / 1000} s` };
    return { error: `kubectl kustomize could not run (${code ?? r.error.message})` };
  }
  if (r.status !== 0) {
    const first = String(r.stderr ?? '').split('\n').find((l) => l.trim() !== '') ?? `exit code ${r.status}`;
    // kubectl logs through klog (`E1201 14:58:47.139112 20974 run.go:72] "command failed" err="..."`): keep the error alone,
    // so the report carries no clock or process id.
    const klog = /^[EWIF]\d{4} [0-9:.]+\s+\d+ [^\]]+\] (?:"[^"]*" )?(?:err=)?"?(.*?)"?$/.exec(first);
    const message = (klog ? klog[1] : first).replace(/^Error: /, '').split(dir).join('.');
    return { error: message.slice(0, 300) };
  }
  return { output: r.stdout };
}

/**
 * Reads the inputs of `zave adopt`: files, directories (walked in sorted order; hidden entries and
 * symlinked directories skipped; a directory with a kustomization is rendered instead of walked),
 * and `-` for stdin. One unreadable input is an issue; the others are still read. Never throws on bad input.
 */
export function readSources(paths: readonly string[], options: ReadSourcesOptions): SourcesRead {
  const sources: ManifestSource[] = [];
  const issues: AdoptionInputIssue[] = [];
  const kustomize = options.kustomize ?? kubectlKustomize;
  const issue = (file: string, code: string, message: string, hint?: string): void => {
    issues.push({ code, file, line: 1, column: 1, message, ...(hint ? { hint } : {}) });
  };
  let files = 0;

  const addBytes = (file: string, bytes: Uint8Array, rendered: boolean) => {
    if (bytes.byteLength > MAX_MANIFEST_BYTES) {
      issue(file, 'file-too-large', `${bytes.byteLength} bytes; the limit is ${MAX_MANIFEST_BYTES} bytes (4 MiB) per file`, 'split the manifests into several files');
      return;
    }
    sources.push({ file, bytes, rendered });
  };

  const readFile = (abs: string, shown: string) => {
    if (++files > MAX_MANIFEST_FILES) {
      if (files === MAX_MANIFEST_FILES + 1) issue(shown, 'too-many-files', `more than ${MAX_MANIFEST_FILES} manifest files; the rest are not read`, 'give the directories of fewer services at a time');
      return;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      issue(shown, 'file-not-found', describe(e as NodeJS.ErrnoException), 'check the path');
      return;
    }
    if (!stat.isFile()) {
      issue(shown, 'file-not-found', 'is not a regular file', 'give a YAML file or a directory');
      return;
    }
    if (stat.size > MAX_MANIFEST_BYTES) {
      issue(shown, 'file-too-large', `${stat.size} bytes; the limit is ${MAX_MANIFEST_BYTES} bytes (4 MiB) per file`, 'split the manifests into several files');
      return;
    }
    try {
      addBytes(shown, fs.readFileSync(abs), false);
    } catch (e) {
      issue(shown, 'file-not-found', describe(e as NodeJS.ErrnoException), 'check that the file is readable');
    }
  };

  const render = (abs: string, shown: string) => {
    const file = `${shown.replace(/\/+$/, '')}/ (kubectl kustomize)`;
    const r = kustomize(abs);
    if (r.output === undefined) {
      issue(file, 'kustomize-failed', `kubectl kustomize failed: ${r.error ?? 'no output'}`,
        `render it yourself and pipe it in: kubectl kustomize ${shown} | zave adopt -`);
      return;
    }
    addBytes(file, r.output, true);
  };

  const walk = (abs: string, shown: string) => {
    if (KUSTOMIZATION_FILES.some((k) => isFile(path.join(abs, k)))) {
      render(abs, shown);
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      issue(shown, 'file-not-found', describe(e as NodeJS.ErrnoException), 'check the path');
      return;
    }
    const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      const childAbs = path.join(abs, entry.name);
      const childShown = path.join(shown, entry.name);
      if (entry.isDirectory()) {
        walk(childAbs, childShown);
      } else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        if (entry.isSymbolicLink() && isDirectory(childAbs)) continue;
        readFile(childAbs, childShown);
      } else if (entry.isSymbolicLink() && isDirectory(childAbs)) {
        issue(childShown, 'symlink-skipped', 'is a symbolic link to a directory; it is not followed', 'give the directory it points to explicitly');
      }
    }
  };

  for (const given of paths) {
    if (given === '-') {
      if (options.stdin === undefined) issue('<stdin>', 'file-not-found', 'no standard input to read');
      else addBytes('<stdin>', options.stdin, false);
      continue;
    }
    const abs = path.resolve(options.cwd, given);
    if (isDirectory(abs)) walk(abs, given);
    else readFile(abs, given);
  }
  return { sources, issues };
}

function describe(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'file not found';
  if (e.code === 'EACCES') return 'permission denied: the file cannot be read';
  return `cannot read (${e.code ?? e.message})`;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
