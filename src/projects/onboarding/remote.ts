/** The tenant repository's remote URL when running in GitHub Actions (GITHUB_SERVER_URL + GITHUB_REPOSITORY). */
export function ciRemote(env: Record<string, string | undefined>): string | undefined {
  return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL.replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}.git` : undefined;
}

/** Why a tenant without a remote is refused, and the fix. */
export function missingRemoteMessage(): string {
  return 'the tenant repository has no remote, so the GitOps repository could not reach it later (zave upgrade, zave status); '
    + 'create an empty repository and pass --remote URL (e.g. --remote https://github.com/acme/payments-api.git)';
}
