import { execFileSync } from 'child_process';
import * as path from 'path';
import { registerWorkload } from '../../gitops/lifecycle/register';
import { Command, formatFlag, stringFlag } from '../command';
import { gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';

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
    repository: { type: 'string', value: 'URL', description: 'owning repository recorded in registration.yaml (default: the contract repository\'s origin URL, else its path)' },
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
    const repository = stringFlag(args, 'repository') ?? ownerIdentity(path.dirname(contractPath));
    const gitops = gitopsLocation(args, io);
    return runLifecycle(io, format, (onProgress) => registerWorkload({
      contractPath, contractFile: file, repository, gitops, env: io.env, onProgress, base: stringFlag(args, 'base'),
    }));
  },
};

/** The tenant repository's identity: its origin URL, else its top-level path, else the directory. */
export function ownerIdentity(dir: string): string {
  const git = (args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return git(['remote', 'get-url', 'origin']);
  } catch {
    try {
      return git(['rev-parse', '--show-toplevel']);
    } catch {
      return dir;
    }
  }
}
