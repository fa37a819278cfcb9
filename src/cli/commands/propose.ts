import * as path from 'path';
import { LifecycleError, LifecycleErrorCode } from '../../gitops/lifecycle/errors';
import { proposePlatform } from '../../gitops/lifecycle/platform-upgrade';
import { proposeImage } from '../../gitops/lifecycle/propose';
import { Command, formatFlag, requiredFlag, stringFlag } from '../command';
import { UsageError } from '../io';
import { dryRunFlag, gitopsLocation, LIFECYCLE_OPTIONS, runLifecycle } from '../lifecycle-output';
import { proveOwner } from '../owner-identity';

/** `zave propose`: the CI plane's step after a build: a release (image, contract, or both) for one environment, as a branch. */
export const proposeCommand: Command = {
  name: 'propose',
  summary: 'Propose a release (a new image, a new contract, or both) of a service in an environment, as a branch / pull request.',
  usage: 'propose --service NAME [--image REF] [--contract zave.yaml] [--env ENV] [--gitops DIR|URL] [--format text|json] [--dry-run]\n       zave propose --platform --env ENV [--gitops DIR|URL] [--format text|json] [--dry-run]',
  description: [
    'Sets the service\'s release in environments/<env>.yaml, re-renders deploy/, and commits on zave/propose-<service>-<env>.',
    'A release is an image, a contract revision and a platform version. --contract releases the tenant\'s zave.yaml in',
    'this environment only (other environments get it by promotion); it must come from the repository that owns the',
    'service (GITHUB_REPOSITORY in CI, else the origin remote URL). Outside the first environment (dev) the image must',
    'be pinned by digest: name@sha256:<64 hex>. Proposing the release that is already there does nothing.',
    'A release records the zave version that renders it: a new release records this zave\'s version.',
    '',
    '--platform --env ENV upgrades one environment to this zave\'s version: every release there is re-pinned to it and',
    're-rendered, in one commit on zave/platform-<env>; images and contracts stay. Outside the first environment the',
    'environment before must already run this version. Environments not upgraded keep their bytes (see zave synth --help).',
  ].join('\n'),
  options: {
    service: { type: 'string', value: 'NAME', description: 'registered service' },
    image: { type: 'string', value: 'REF', description: 'image reference, e.g. ghcr.io/acme/api:1.2.0 or ghcr.io/acme/api@sha256:<64 hex> (default: the one running there)' },
    contract: { type: 'string', value: 'FILE', description: 'the tenant\'s zave.yaml to release (default: the revision running there)' },
    env: { type: 'string', value: 'ENV', description: 'target environment (default: the first one in platform.yaml)' },
    platform: { type: 'boolean', description: 'upgrade every release of --env to this zave\'s version (no --service, --image or --contract)' },
    ...LIFECYCLE_OPTIONS,
  },
  examples: [
    'zave propose --service payments-api --image ghcr.io/acme/payments-api:1.4.2',
    'zave propose --service payments-api --contract zave.yaml --env dev',
    'zave propose --service payments-api --env staging --image ghcr.io/acme/payments-api@sha256:<64 hex> --gitops https://github.com/acme/gitops.git',
    'zave propose --platform --env dev',
  ],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    if (args.values.platform === true) {
      const other = ['service', 'image', 'contract'].find((f) => args.values[f] !== undefined);
      if (other) throw new UsageError(`--platform upgrades a whole environment; it takes no --${other}`);
      const environment = requiredFlag(args, 'env');
      const gitopsDir = gitopsLocation(args, io);
      return runLifecycle(io, format, (onProgress) => proposePlatform({ environment, gitops: gitopsDir, env: io.env, onProgress, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args) }));
    }
    const service = requiredFlag(args, 'service');
    const image = stringFlag(args, 'image');
    const contract = stringFlag(args, 'contract');
    if (!image && !contract) throw new UsageError('give --image, --contract, or both');
    const contractPath = contract ? path.resolve(io.cwd, contract) : undefined;
    const gitops = gitopsLocation(args, io);
    const proof = contractPath ? proveOwner(path.dirname(contractPath), io.env, gitops, contract!) : undefined;
    const repository = proof && 'repository' in proof ? proof.repository : undefined;
    return runLifecycle(io, format, async (onProgress) => {
      if (proof && 'problem' in proof) {
        throw new LifecycleError(LifecycleErrorCode.OWNER_NOT_PROVEN, `${proof.problem}; only the repository that owns ${service} may release its contract`);
      }
      return proposeImage({
        service, image, contractPath, repository, environment: stringFlag(args, 'env'), gitops, env: io.env, onProgress, base: stringFlag(args, 'base'), dryRun: dryRunFlag(args),
      });
    });
  },
};
