import * as path from 'path';
import { registerWorkload } from '../../gitops/lifecycle/register';
import { sameRepository } from '../../gitops/lifecycle/state-files';
import { Command, formatFlag, stringFlag } from '../command';
import { dryRunFlag, gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';
import { proveOwner } from '../owner-identity';

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
    repository: { type: 'string', value: 'URL', description: 'the owning repository, as a check: it must equal the one proven by the checkout (GITHUB_SERVER_URL/GITHUB_REPOSITORY in CI, else the origin remote; with an embedded GitOps checkout, a checkout without origin by its path, as zave init records it); a flag never claims a service' },
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
    const gitops = gitopsLocation(args, io);
    const proof = proveOwner(path.dirname(contractPath), io.env, gitops, file);
    const proven = 'repository' in proof ? proof.repository : undefined;
    const claimed = stringFlag(args, 'repository');
    let ownerProblem: string | undefined;
    if ('problem' in proof) {
      ownerProblem = proof.problem;
    } else if (claimed !== undefined && !sameRepository(claimed, proof.repository)) {
      ownerProblem = `--repository ${claimed} does not match the repository this checkout belongs to (${proof.repository}); ownership is proven by the remote, never claimed by a flag`;
    }
    return runLifecycle(io, format, (onProgress) => registerWorkload({
      contractPath, contractFile: file, repository: proven ?? '(unproven)', ownerProblem, gitops, env: io.env, onProgress, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args),
    }));
  },
};
