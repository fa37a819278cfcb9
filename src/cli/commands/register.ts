import * as path from 'path';
import { Git } from '../../gitops/git';
import { registerWorkload } from '../../gitops/lifecycle/register';
import { sameRepository } from '../../gitops/lifecycle/state-files';
import { isRemoteUrl } from '../../gitops/lifecycle/synth-adapter';
import { Command, formatFlag, stringFlag } from '../command';
import { dryRunFlag, gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';

/** `zave register`: registers (or updates) a workload in the GitOps repository on a branch. */
export const registerCommand: Command = {
  name: 'register',
  summary: 'Register a workload in the GitOps repository, as a branch / pull request.',
  usage: 'register [--contract zave.yaml] [--repository URL] [--gitops DIR|URL] [--format text|json]',
  description: [
    'Copies the contract to workloads/<service>/zave.yaml with an owner record, re-renders deploy/, and commits on',
    'zave/register-<service>. A URL or bare repository gets the branch pushed (and a pull request when the remote is',
    'GitHub and GITHUB_TOKEN is set); a local checkout gets the branch created, its working tree untouched.',
    'Registering an unchanged contract does nothing. A service owned by another repository is refused.',
  ].join('\n'),
  options: {
    contract: { type: 'string', value: 'FILE', description: 'the contract to register', default: 'zave.yaml' },
    repository: { type: 'string', value: 'URL', description: 'the owning repository, as a check: it must equal the one proven by the checkout (GITHUB_SERVER_URL/GITHUB_REPOSITORY in CI, else the origin remote URL); a flag never claims a service' },
    ...LIFECYCLE_OPTIONS,
  },
  examples: [
    'zave register',
    'zave register --contract services/payments/zave.yaml --gitops git@github.com:acme/gitops.git',
    'ZAVE_GITOPS=../gitops zave register --format json',
  ],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const file = stringFlag(args, 'contract') ?? 'zave.yaml';
    const contractPath = path.resolve(io.cwd, file);
    const proven = ownerIdentity(path.dirname(contractPath), io.env);
    const claimed = stringFlag(args, 'repository');
    let ownerProblem: string | undefined;
    if (!proven) {
      ownerProblem = `cannot tell which repository owns ${file}: it is not in a git checkout with a remote URL (origin), and GITHUB_REPOSITORY is not set. `
        + 'The owner recorded in the GitOps repository is always the tenant repository\'s remote URL, never a path or a flag: add one with "git remote add origin URL"';
    } else if (claimed !== undefined && !sameRepository(claimed, proven)) {
      ownerProblem = `--repository ${claimed} does not match the repository this checkout belongs to (${proven}); ownership is proven by the remote, never claimed by a flag`;
    }
    const gitops = gitopsLocation(args, io);
    return runLifecycle(io, format, (onProgress) => registerWorkload({
      contractPath, contractFile: file, repository: proven ?? '(unproven)', ownerProblem, gitops, env: io.env, onProgress, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args),
    }));
  },
};

/**
 * The tenant repository's identity, as the environment proves it: in GitHub Actions
 * `GITHUB_SERVER_URL/GITHUB_REPOSITORY`, else the checkout's `origin` remote URL. Never a local path:
 * undefined when there is no remote URL.
 */
export function ownerIdentity(dir: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.GITHUB_REPOSITORY && env.GITHUB_SERVER_URL) return `${env.GITHUB_SERVER_URL.replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}`;
  try {
    const url = Git.withEnvironment(dir, env).textSync(['remote', 'get-url', 'origin']).trim();
    return isRemoteUrl(url) ? url : undefined;
  } catch {
    return undefined;
  }
}
