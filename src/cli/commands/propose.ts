import { proposeImage } from '../../gitops/lifecycle/propose';
import { Command, formatFlag, requiredFlag, stringFlag } from '../command';
import { dryRunFlag, gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';

/** `zave propose`: the CI plane's step after a build: a new image for one environment, as a branch. */
export const proposeCommand: Command = {
  name: 'propose',
  summary: 'Propose a new image for a service in an environment, as a branch / pull request.',
  usage: 'propose --service NAME --image REF [--env ENV] [--gitops DIR|URL] [--format text|json]',
  description: [
    'Sets the image in environments/<env>.yaml, re-renders deploy/, and commits on zave/propose-<service>-<env>.',
    'Outside the first environment (dev) the image must be pinned by digest: name@sha256:<64 hex>.',
    'Proposing the image that is already there does nothing.',
  ].join('\n'),
  options: {
    service: { type: 'string', value: 'NAME', description: 'registered service' },
    image: { type: 'string', value: 'REF', description: 'image reference, e.g. ghcr.io/acme/api:1.2.0 or ghcr.io/acme/api@sha256:<64 hex>' },
    env: { type: 'string', value: 'ENV', description: 'target environment (default: the first one in platform.yaml)' },
    ...LIFECYCLE_OPTIONS,
  },
  examples: [
    'zave propose --service payments-api --image ghcr.io/acme/payments-api:1.4.2',
    'zave propose --service payments-api --env staging --image ghcr.io/acme/payments-api@sha256:<64 hex> --gitops https://github.com/acme/gitops.git',
  ],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const service = requiredFlag(args, 'service');
    const image = requiredFlag(args, 'image');
    const gitops = gitopsLocation(args, io);
    return runLifecycle(io, format, (onProgress) => proposeImage({
      service, image, environment: stringFlag(args, 'env'), gitops, env: io.env, onProgress, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args),
    }));
  },
};
