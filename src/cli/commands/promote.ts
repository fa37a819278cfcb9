import { promoteImage } from '../../gitops/lifecycle/promote';
import { Command, formatFlag, stringFlag } from '../command';
import { UsageError } from '../io';
import { dryRunFlag, gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';

/** `zave promote S --from dev --to staging`: copies the exact release (image, contract revision, zave version) to the next environment, as a branch. */
export const promoteCommand: Command = {
  name: 'promote',
  summary: 'Promote a service\'s exact release (image, contract, zave version) to the next environment, as a branch / pull request.',
  usage: 'promote SERVICE [--from ENV] [--to ENV] [--gitops DIR|URL] [--format text|json]',
  description: [
    'Copies the release of SERVICE in --from (its image, contract revision and zave version, exactly) to --to, the',
    'next environment in platform.yaml order; re-renders deploy/, and commits on zave/promote-<service>-<to>.',
    'Skipping an environment, promoting a service with no release in the source, an image not pinned by digest, or',
    'a release pinned to another zave version than this one (promote it with that version) are errors. Give --from, --to, or both.',
  ].join('\n'),
  options: {
    from: { type: 'string', value: 'ENV', description: 'source environment (default: the one before --to)' },
    to: { type: 'string', value: 'ENV', description: 'target environment (default: the one after --from)' },
    ...LIFECYCLE_OPTIONS,
  },
  examples: ['zave promote payments-api --from dev --to staging', 'zave promote payments-api --to prod --format json'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const [service, ...extra] = args.positionals;
    if (!service) throw new UsageError('missing SERVICE (e.g. zave promote payments-api --from dev --to staging)');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; promote takes one SERVICE`);
    const from = stringFlag(args, 'from');
    const to = stringFlag(args, 'to');
    if (!from && !to) throw new UsageError('give --from, --to, or both (e.g. --from dev --to staging)');
    const gitops = gitopsLocation(args, io);
    return runLifecycle(io, format, (onProgress) => promoteImage({ service, from, to, gitops, env: io.env, onProgress, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args) }));
  },
};
