/** A repository on GitHub (or GitHub Enterprise). */
export interface GitHubRepository {
  readonly owner: string;
  readonly repo: string;
  /** Web host, e.g. `github.com`. */
  readonly host: string;
}

/**
 * Recognizes a GitHub remote URL (`https://github.com/o/r(.git)`, `git@github.com:o/r.git`,
 * `ssh://git@github.com/o/r.git`). `extraHosts` adds GitHub Enterprise hosts (from GITHUB_SERVER_URL).
 * Returns undefined for anything else (local paths, other hosts).
 */
export function parseGitHubRemote(url: string, extraHosts: readonly string[] = []): GitHubRepository | undefined {
  const hosts = new Set(['github.com', ...extraHosts.map((h) => h.toLowerCase())]);
  let host: string;
  let pathPart: string;
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (parsed.protocol === 'file:') return undefined;
    host = parsed.hostname.toLowerCase();
    pathPart = parsed.pathname.replace(/^\//, '');
  } else if (scp) {
    host = scp[1].toLowerCase();
    pathPart = scp[2];
  } else {
    return undefined;
  }
  if (!hosts.has(host)) return undefined;
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(pathPart);
  if (!m) return undefined;
  return { owner: m[1], repo: m[2], host };
}

/** Hosts of GitHub Enterprise servers named by GITHUB_SERVER_URL (set by GitHub Actions). */
export function gitHubHosts(env: Record<string, string | undefined>): string[] {
  const server = env.GITHUB_SERVER_URL;
  if (!server) return [];
  try {
    return [new URL(server).hostname.toLowerCase()];
  } catch {
    return [];
  }
}
