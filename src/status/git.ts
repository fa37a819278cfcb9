import * as fs from 'fs';
import { Git } from '../gitops/git';

/** One commit as the status measurement sees it: id, subject, trailers and the paths it changed. */
export interface CommitInfo {
  /** Full commit id. */
  readonly sha: string;
  /** First line of the message. */
  readonly subject: string;
  /** Git trailers (`Key: value`), keys as written; the last value wins for repeated keys. */
  readonly trailers: Record<string, string>;
  /** Paths the commit changed, relative to the repository root, sorted. */
  readonly files: string[];
  /** The commit this one reverts (`git revert` writes "This reverts commit <sha>."), if any. */
  readonly reverts?: string;
  /** Parent commit ids (two or more for a merge). */
  readonly parents?: string[];
}

/**
 * Runs a read-only git command in `dir` and returns stdout, through the one git runner and its
 * environment policy (which disables optional locks, so a read never refreshes the index). Paths come
 * unquoted (core.quotePath=false). Throws GitError.
 */
export function git(dir: string, args: string[], input?: string): Buffer {
  return Git.withEnvironment(dir, process.env).runSync(['-c', 'core.quotePath=false', ...args], input);
}

/**
 * Whether `dir` is the top level of a git work tree with at least one commit (a folder inside
 * some other repository is not: its history would be the enclosing repository's).
 */
export function isGitRepo(dir: string): boolean {
  try {
    const [top] = git(dir, ['rev-parse', '--show-toplevel', 'HEAD']).toString().split('\n');
    return top.length > 0 && fs.realpathSync(top) === fs.realpathSync(dir);
  } catch {
    return false;
  }
}

/** Parses `Key: value` trailer lines (as printed by `%(trailers:unfold,only)`). */
export function parseTrailers(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

/**
 * Commits reachable from HEAD (every branch merged into it, not only the first-parent line) that
 * touched any of `paths`, oldest first, with their trailers and every file they changed. Merge
 * commits list no files (git shows no plain diff for them).
 */
export function commitsTouching(dir: string, paths: readonly string[], newestOnly = false): CommitInfo[] {
  const SEP = '\x1e';
  const FIELD = '\x1f';
  let out: string;
  try {
    out = git(dir, [
      'log', ...(newestOnly ? ['-1'] : ['--reverse']), '--no-renames', '--name-only', '--full-diff',
      `--format=${SEP}%H${FIELD}%s${FIELD}%(trailers:unfold,only)${FIELD}`,
      'HEAD', '--', ...paths,
    ]).toString();
  } catch {
    return [];
  }
  const commits: CommitInfo[] = [];
  for (const chunk of out.split(SEP)) {
    if (chunk.trim() === '') continue;
    const [sha, subject, trailers, rest] = chunk.split(FIELD);
    const files = (rest ?? '').split('\n').map((l) => l.trim()).filter((l) => l.length > 0).sort();
    commits.push({ sha, subject, trailers: parseTrailers(trailers ?? ''), files });
  }
  return commits;
}

/**
 * Reads many `<commit>:<path>` objects in one `git cat-file --batch` process. Missing objects
 * come back as undefined.
 */
export function readObjects(dir: string, specs: readonly string[]): (Buffer | undefined)[] {
  if (specs.length === 0) return [];
  const buf = git(dir, ['cat-file', '--batch'], specs.map((s) => `${s}\n`).join(''));
  const result: (Buffer | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < specs.length; i++) {
    const nl = buf.indexOf(0x0a, pos);
    const header = buf.subarray(pos, nl).toString();
    pos = nl + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      result.push(undefined);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    result.push(buf.subarray(pos, pos + size));
    pos += size + 1;
  }
  return result;
}

/** Trailers and subjects of the given commits, by full commit id. */
export function commitInfos(dir: string, shas: readonly string[]): Map<string, CommitInfo> {
  const out = new Map<string, CommitInfo>();
  if (shas.length === 0) return out;
  const SEP = '\x1e';
  const FIELD = '\x1f';
  const text = git(dir, ['show', '-s', '--no-walk=unsorted', `--format=${SEP}%H${FIELD}%s${FIELD}%(trailers:unfold,only)${FIELD}%P${FIELD}%b`, ...shas]).toString();
  for (const chunk of text.split(SEP)) {
    if (chunk.trim() === '') continue;
    const [sha, subject, trailers, parents, body] = chunk.split(FIELD);
    const reverts = /This reverts commit ([0-9a-f]{40})/.exec(body ?? '')?.[1];
    out.set(sha, { sha, subject, trailers: parseTrailers(trailers ?? ''), files: [], parents: (parents ?? '').trim().split(' ').filter(Boolean), ...(reverts ? { reverts } : {}) });
  }
  return out;
}

/**
 * `git blame` of a file at HEAD: the commit that introduced each line, following merges into the
 * branch that made the change. Undefined when the file is not in HEAD.
 */
export function blameLines(dir: string, file: string): { sha: string; line: string }[] | undefined {
  let text: string;
  try {
    text = git(dir, ['blame', '--porcelain', 'HEAD', '--', file]).toString();
  } catch {
    return undefined;
  }
  const out: { sha: string; line: string }[] = [];
  let current = '';
  for (const l of text.split('\n')) {
    const header = /^([0-9a-f]{40}) \d+ \d+/.exec(l);
    if (header) current = header[1];
    else if (l.startsWith('\t')) out.push({ sha: current, line: l.slice(1) });
  }
  return out;
}
