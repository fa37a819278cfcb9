import * as fs from 'fs';
import * as path from 'path';
import { Git } from '../gitops/git';
import { isRemoteUrl } from '../gitops/lifecycle/synth-adapter';
import { isEmbeddedGitOps } from '../projects/onboarding/gitops-adapter';

/** The tenant repository a contract belongs to, or why it cannot be told. */
export type OwnerProof = { readonly repository: string } | { readonly problem: string };

/**
 * The tenant repository's identity, as the environment proves it, by the rule `zave init` records owners with:
 * in GitHub Actions `GITHUB_SERVER_URL/GITHUB_REPOSITORY`; else the checkout's `origin` (a URL, or a bare
 * repository on this machine by its absolute path); else, only with an embedded GitOps checkout (a local
 * folder, neither a URL nor a bare repository), the tenant checkout's own path. A flag never claims it.
 * `file` names the contract in the reason.
 */
export function proveOwner(dir: string, env: Record<string, string | undefined>, gitops: string, file: string): OwnerProof {
  if (env.GITHUB_REPOSITORY && env.GITHUB_SERVER_URL) return { repository: `${env.GITHUB_SERVER_URL.replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}` };
  const git = Git.withEnvironment(dir, env);
  let top: string;
  try {
    top = git.textSync(['rev-parse', '--show-toplevel']).trim();
  } catch {
    return { problem: `cannot tell which repository owns ${file}: it is not in a git checkout, and GITHUB_REPOSITORY is not set. The owner recorded in the GitOps repository is the tenant repository's remote URL: run zave from the tenant repository's checkout` };
  }
  let origin: string | undefined;
  try {
    origin = git.textSync(['remote', 'get-url', 'origin']).trim() || undefined;
  } catch {
    origin = undefined;
  }
  if (origin !== undefined) return { repository: isRemoteUrl(origin) ? origin : path.resolve(top, origin) };
  if (isEmbeddedGitOps(gitops)) return { repository: fs.realpathSync(top) };
  return {
    problem: `cannot tell which repository owns ${file}: its checkout (${top}) has no origin remote, and GITHUB_REPOSITORY is not set. `
      + 'A shared GitOps repository records the tenant repository\'s remote URL as the owner, never a local folder or a flag: add one with "git remote add origin URL"',
  };
}
