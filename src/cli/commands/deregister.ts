import { deregisterWorkload } from '../../gitops/lifecycle/deregister';
import { Command, formatFlag, stringFlag } from '../command';
import { UsageError } from '../io';
import { dryRunFlag, gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';

/** `zave deregister S`: removes a workload and its rendered objects, as a branch. */
export const deregisterCommand: Command = {
  name: 'deregister',
  summary: 'Remove a workload from the GitOps repository, as a branch / pull request.',
  usage: 'deregister SERVICE [--gitops DIR|URL] [--format text|json]',
  description: [
    'Deletes workloads/<service>/ and the service\'s image in every environment; synth removes its rendered files.',
    'Commits on zave/deregister-<service>. The description lists every object that merging deletes.',
    'Deregistering a service that is not registered does nothing.',
  ].join('\n'),
  options: { ...LIFECYCLE_OPTIONS },
  examples: ['zave deregister legacy-gateway', 'zave deregister ledger --gitops https://github.com/acme/gitops.git'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const [service, ...extra] = args.positionals;
    if (!service) throw new UsageError('missing SERVICE (e.g. zave deregister ledger)');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; deregister takes one SERVICE`);
    const gitops = gitopsLocation(args, io);
    return runLifecycle(io, format, (onProgress) => deregisterWorkload({ service, gitops, env: io.env, onProgress, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args) }));
  },
};
