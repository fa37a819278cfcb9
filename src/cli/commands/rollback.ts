import { rollbackRelease } from '../../gitops/lifecycle/rollback';
import { Command, formatFlag, requiredFlag, stringFlag } from '../command';
import { UsageError } from '../io';
import { dryRunFlag, gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';

/** `zave rollback S --env ENV [--to REVISION]`: proposes the previous release of one environment, as a branch. */
export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Propose the previous release of a service in one environment, as a branch / pull request.',
  usage: 'rollback SERVICE --env ENV [--to REVISION] [--gitops DIR|URL] [--format text|json] [--dry-run]',
  description: [
    'Finds the release (image, contract revision, platform version) SERVICE ran in ENV before the current one, in',
    'the Git history of environments/<env>.yaml, or the one at --to (a GitOps commit), and proposes it on',
    'zave/rollback-<service>-<env>. Only that environment changes; its manifests return to what that release rendered.',
  ].join('\n'),
  options: {
    env: { type: 'string', value: 'ENV', description: 'the environment to roll back' },
    to: { type: 'string', value: 'REVISION', description: 'a commit of the GitOps repository whose release returns (default: the previous one)' },
    ...LIFECYCLE_OPTIONS,
  },
  examples: ['zave rollback payments-api --env staging', 'zave rollback payments-api --env prod --to 3f2a9c1 --dry-run'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const [service, ...extra] = args.positionals;
    if (!service) throw new UsageError('missing SERVICE (e.g. zave rollback payments-api --env staging)');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; rollback takes one SERVICE`);
    const environment = requiredFlag(args, 'env');
    const gitops = gitopsLocation(args, io);
    return runLifecycle(io, format, (onProgress) => rollbackRelease({
      service, environment, to: stringFlag(args, 'to'), gitops, env: io.env, onProgress, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args),
    }));
  },
};
