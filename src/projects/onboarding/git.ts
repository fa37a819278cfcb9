import { Git, GitError } from '../../gitops/git';

/**
 * Runs git in a directory through the one git runner (its environment policy applied to `env`) and
 * returns its trimmed standard output; throws with git's stderr on failure.
 */
export function git(cwd: string, args: readonly string[], env: Record<string, string | undefined>): string {
  try {
    return Git.withEnvironment(cwd, env).textSync(args).trim();
  } catch (e) {
    const detail = (e instanceof GitError ? e.stderr || e.stdout : '') || (e as Error).message;
    if (/Please tell me who you are|empty ident/i.test(detail)) {
      throw new Error('git has no identity to commit with; set it once with: git config --global user.name "Your Name" && git config --global user.email you@example.com');
    }
    throw new Error(`git ${args[0]} failed in ${cwd}: ${detail}`);
  }
}
