import { deleteRetainedData } from '../../gitops/lifecycle/delete-data';
import { deregisterWorkload } from '../../gitops/lifecycle/deregister';
import { Command, formatFlag, stringFlag } from '../command';
import { UsageError } from '../io';
import { dryRunFlag, gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';

/** `zave deregister S [--delete-data]`: removes a workload (its data retained), or deletes what it retained, as a branch. */
export const deregisterCommand: Command = {
  name: 'deregister',
  summary: 'Remove a workload from the GitOps repository, retaining its data; --delete-data deletes that data. As a branch / pull request.',
  usage: 'deregister SERVICE [--delete-data [--env ENV]...] [--gitops DIR|URL] [--format text|json] [--dry-run]',
  description: [
    'Deletes workloads/<service>/ and the service\'s release in every environment; synth removes its workload objects.',
    'Its data is retained: each environment where it ran records it under retained: in environments/<env>.yaml, and',
    'its Namespace (holding the database Cluster and volumes, kept by Delete=false) stays rendered. zave status lists it.',
    'Commits on zave/deregister-<service>. The description lists every object that merging deletes and what is retained.',
    'Deregistering a service that is not registered does nothing.',
    '',
    '--delete-data is the second, explicit step: it removes the retained: entries (every environment, or those named',
    'with --env), so the Namespace is no longer rendered; after the merge Argo CD asks for prune confirmation in',
    'zave.<env>.namespaces before deleting the Namespace, its database and volumes. Refused while the service is',
    'registered. Commits on zave/delete-data-<service> (with --env: zave/delete-data-<service>-<env>...).',
    'Nothing retained does nothing.',
  ].join('\n'),
  options: {
    ...LIFECYCLE_OPTIONS,
    'delete-data': { type: 'boolean', description: 'delete the data a deregistered service retained (its own pull request) instead of deregistering' },
    'env': { type: 'string', multiple: true, value: 'ENV', description: 'with --delete-data: only this environment (repeat for several; default: every environment)' },
  },
  examples: [
    'zave deregister legacy-gateway',
    'zave deregister ledger --gitops https://github.com/acme/gitops.git',
    'zave deregister ledger --delete-data --dry-run',
    'zave deregister ledger --delete-data --env staging',
  ],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const [service, ...extra] = args.positionals;
    if (!service) throw new UsageError('missing SERVICE (e.g. zave deregister ledger)');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; deregister takes one SERVICE`);
    const deleteData = args.values['delete-data'] === true;
    const environments = (args.values.env as string[] | undefined) ?? [];
    if (environments.length > 0 && !deleteData) throw new UsageError('--env only goes with --delete-data (deregistering removes the service from every environment)');
    if (environments.some((e) => e === '')) throw new UsageError('--env needs an environment name');
    const gitops = gitopsLocation(args, io);
    const common = { service, gitops, env: io.env, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args) };
    return runLifecycle(io, format, (onProgress) => (deleteData
      ? deleteRetainedData({ ...common, onProgress, ...(environments.length > 0 ? { environments } : {}) })
      : deregisterWorkload({ ...common, onProgress })));
  },
};
