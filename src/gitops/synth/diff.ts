import * as fs from 'fs';
import * as path from 'path';
import { DEPLOY_DIR } from './layout';
import { DiskState } from './pair-job';
import { TreeEntry, walkTree } from './tree';

/** How a file of deploy/ differs from the rendered state. */
export interface FileDifference {
  /** Repository-relative path. */
  readonly path: string;
  /** `missing`: synth would add it; `extra`: synth would remove it; `changed`: its bytes differ (a hand edit, or stale). */
  readonly change: 'missing' | 'extra' | 'changed';
}

/**
 * What a file of deploy/ should hold: its text, or (rendered by a job that compared it already,
 * reading the file's full bytes) how the file on disk compared with the rendered bytes.
 */
export type ExpectedFile = string | { readonly onDisk: DiskState };

/** True when the regular file `root/rel` holds exactly `want` (text, or a job's finding). */
function holds(root: string, rel: string, want: ExpectedFile): boolean {
  if (typeof want !== 'string') return want.onDisk === 'same';
  return fs.readFileSync(path.join(root, rel)).equals(Buffer.from(want, 'utf8'));
}

/**
 * Compares every file under deploy/ (`tree`: the listing `walkTree` made of it, by default walked
 * now) with `expected` byte for byte (content, not size or time). Symlinks and special files always
 * differ and are never read.
 */
export function diffTrees(root: string, expected: ReadonlyMap<string, ExpectedFile>, tree: readonly TreeEntry[] = walkTree(root, DEPLOY_DIR)): FileDifference[] {
  const out: FileDifference[] = [];
  const seen = new Set<string>();
  for (const entry of tree) {
    seen.add(entry.path);
    const want = expected.get(entry.path);
    if (want === undefined) out.push({ path: entry.path, change: 'extra' });
    else if (entry.kind !== 'file' || !holds(root, entry.path, want)) out.push({ path: entry.path, change: 'changed' });
  }
  for (const p of expected.keys()) if (!seen.has(p)) out.push({ path: p, change: 'missing' });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A readable summary of a check: counts, then up to 20 paths per kind. */
export function summarizeDifferences(differences: readonly FileDifference[], expectedFiles: number): string {
  if (differences.length === 0) return `deploy/ is up to date (${expectedFiles} files checked)`;
  const groups: [FileDifference['change'], string][] = [
    ['changed', 'changed (hand-edited or stale)'],
    ['missing', 'missing (synth would add)'],
    ['extra', 'extra (synth would remove)'],
  ];
  const lines = [`deploy/ is stale: ${differences.length} file${differences.length === 1 ? ' differs' : 's differ'} from what zave synth renders`];
  for (const [change, title] of groups) {
    const paths = differences.filter((d) => d.change === change).map((d) => d.path);
    if (paths.length === 0) continue;
    lines.push(`  ${title}: ${paths.length}`);
    for (const p of paths.slice(0, 20)) lines.push(`    ${p}`);
    if (paths.length > 20) lines.push(`    ... and ${paths.length - 20} more`);
  }
  lines.push('Run "zave synth" and commit the result.');
  return lines.join('\n');
}
