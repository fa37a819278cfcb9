/**
 * What the fleet page reads from git history (read-only, through the status plane's git runner):
 * the commits that changed promotion state, and the open `zave/*` branches.
 */
import { git, parseTrailers } from '../git';
import { workloadOfDeployPath } from '../sources';

/** A commit that changed promotion state (environments/*.yaml). */
export interface StateCommit {
  readonly sha: string;
  /** Committer time, seconds since the epoch (from the commit, never from a clock). */
  readonly time: number;
  /** Position in `git log --topo-order HEAD` (0 = newest). */
  readonly order: number;
  readonly subject: string;
  readonly trailers: Record<string, string>;
  /** Environments whose state file the commit changed. */
  readonly environments: string[];
}

const SEP = '\x1e';
const FIELD = '\x1f';

/** Every commit reachable from HEAD that changed environments/*.yaml, newest first. */
export function stateCommits(root: string): StateCommit[] {
  let text: string;
  try {
    text = git(root, ['log', '--topo-order', '--no-renames', '--name-only', `--format=${SEP}%H${FIELD}%ct${FIELD}%s${FIELD}%(trailers:unfold,only)${FIELD}`, 'HEAD', '--', 'environments']).toString();
  } catch {
    return [];
  }
  const out: StateCommit[] = [];
  for (const chunk of text.split(SEP)) {
    if (chunk.trim() === '') continue;
    const [sha, time, subject, trailers, files] = chunk.split(FIELD);
    const environments = (files ?? '').split('\n').map((l) => /^environments\/([^/]+)\.yaml$/.exec(l.trim())?.[1]).filter((e): e is string => !!e).sort();
    out.push({ sha, time: Number(time), order: out.length, subject, trailers: parseTrailers(trailers ?? ''), environments });
  }
  return out;
}

/** One line of a branch's diff-stat of deploy/, summed per workload and environment. */
export interface DeployStat {
  /** `deploy/<env>/<service>` (or the path itself for environment-level files). */
  readonly scope: string;
  readonly files: number;
  readonly added: number;
  readonly removed: number;
}

/** An open (unmerged) `zave/*` branch of the GitOps repository. */
export interface PendingBranch {
  /** Branch name without `refs/heads/` or the remote (`zave/promote-ledger-prod`). */
  readonly name: string;
  /** Full ref read (`refs/heads/...` or `refs/remotes/origin/...`). */
  readonly ref: string;
  readonly sha: string;
  readonly subject: string;
  /** Trailers of the tip commit (`Zave-Verb`, `Zave-Service`, `Zave-Environment`, `Zave-Image`...). */
  readonly trailers: Record<string, string>;
  /** Commits on the branch not on HEAD. */
  readonly ahead: number;
  /** Files changed outside deploy/ (state, contracts, registrations), sorted. */
  readonly stateFiles: string[];
  /** Diff-stat of deploy/ against the merge base, per workload folder, sorted. */
  readonly deploy: DeployStat[];
}

/** Open `zave/*` branches (local, and remote ones with no local branch of the same name), sorted by name. */
export function pendingBranches(root: string): PendingBranch[] {
  let refs: string[];
  try {
    refs = git(root, ['for-each-ref', '--no-merged=HEAD', '--format=%(refname)', 'refs/heads/zave/', 'refs/remotes/']).toString().split('\n').filter(Boolean);
  } catch {
    return [];
  }
  const byName = new Map<string, string>();
  for (const ref of refs.sort()) {
    const name = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref.split('/').slice(3).join('/');
    if (!name.startsWith('zave/')) continue;
    if (!byName.has(name) || ref.startsWith('refs/heads/')) byName.set(name, ref);
  }
  return [...byName.keys()].sort().map((name) => describeBranch(root, name, byName.get(name)!));
}

function describeBranch(root: string, name: string, ref: string): PendingBranch {
  const [head] = git(root, ['show', '-s', `--format=%H${FIELD}%s${FIELD}%(trailers:unfold,only)`, ref]).toString().split(SEP);
  const [sha, subject, trailers] = head.split(FIELD);
  const base = git(root, ['merge-base', 'HEAD', ref]).toString().trim();
  const ahead = Number(git(root, ['rev-list', '--count', `HEAD..${ref}`]).toString().trim());
  const stats = new Map<string, { files: number; added: number; removed: number }>();
  const stateFiles: string[] = [];
  for (const line of git(root, ['diff', '--numstat', '--no-renames', base, ref]).toString().split('\n')) {
    const m = /^(\d+|-)\t(\d+|-)\t(.+)$/.exec(line);
    if (!m) continue;
    const file = m[3];
    if (!file.startsWith('deploy/')) {
      stateFiles.push(file);
      continue;
    }
    const service = workloadOfDeployPath(file);
    const parts = file.split('/');
    // One row per workload and environment: its manifest and Namespace files (or the old per-object folder).
    const scope = service && parts.length >= 4 && parts[2] === service ? `deploy/${parts[1]}/${service}`
      : service && parts.length === 3 && parts[1] !== 'applications' ? `deploy/${parts[1]}/${service}.yaml` : file;
    const s = stats.get(scope) ?? { files: 0, added: 0, removed: 0 };
    stats.set(scope, { files: s.files + 1, added: s.added + (Number(m[1]) || 0), removed: s.removed + (Number(m[2]) || 0) });
  }
  return {
    name,
    ref,
    sha: sha.trim(),
    subject,
    trailers: parseTrailers(trailers ?? ''),
    ahead,
    stateFiles: stateFiles.sort(),
    deploy: [...stats.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([scope, s]) => ({ scope, ...s })),
  };
}
