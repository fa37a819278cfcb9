import { execFileSync } from 'child_process';

/** Runs git in a directory and returns its trimmed standard output; throws with git's stderr on failure. */
export function git(cwd: string, args: readonly string[], env: Record<string, string | undefined>): string {
  try {
    return execFileSync('git', args as string[], { cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const detail = (err.stderr ?? '').trim() || err.message;
    if (/Please tell me who you are|empty ident/i.test(detail)) {
      throw new Error('git has no identity to commit with; set it once with: git config --global user.name "Your Name" && git config --global user.email you@example.com');
    }
    throw new Error(`git ${args[0]} failed in ${cwd}: ${detail}`);
  }
}
