import * as path from 'path';
import { LifecycleBranch, lifecycleTrailers } from './branches';
import { contractFieldChanges } from './contract-diff';
import { requireEnvironment, requireRegistered, requireServiceName } from './environments';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { parseImageReference, requireDigest } from './image-ref';
import { runChange } from './run-change';
import { environmentOrder, headContract, keepRevision, migrateLegacyReleases, readRegistration, readReleases, sameRepository, workloadDir, writeReleases } from './state-files';
import { checkImageForEnvironment } from './synth-adapter';
import { LifecycleOptions, LifecycleResult } from './types';
import { parseContract, readContractBytes } from '../../contract/parse';
import { libraryVersion } from '../synth/fingerprint';

/** Options of proposeImage (a release: a new image, a new contract, or both). */
export interface ProposeOptions extends LifecycleOptions {
  /** A registered service. */
  readonly service: string;
  /**
   * Image reference `name[:tag][@sha256:<64 hex>]`; digest-pinned outside the first environment.
   * @default the image the environment runs now (a contract-only release)
   */
  readonly image?: string;
  /**
   * The tenant's contract bytes (zave.yaml) to release with the image: it becomes the registered head and
   * the environment's pinned revision. @default the revision the environment runs now
   */
  readonly contractText?: string | Uint8Array;
  /** Path of the contract to release (instead of contractText). */
  readonly contractPath?: string;
  /**
   * The tenant repository proposing a contract (its remote URL): it must own the service.
   * @default - not checked (image-only releases need no owner)
   */
  readonly repository?: string;
  /** Target environment. @default the first environment of platform.yaml (dev) */
  readonly environment?: string;
}

function contractBytes(options: ProposeOptions): { bytes: Uint8Array; file: string } | undefined {
  if (options.contractText !== undefined) {
    return { bytes: typeof options.contractText === 'string' ? Buffer.from(options.contractText, 'utf8') : options.contractText, file: 'zave.yaml' };
  }
  if (options.contractPath === undefined) return undefined;
  const file = path.basename(options.contractPath);
  const read = readContractBytes(options.contractPath, file);
  if (!('bytes' in read)) throw new LifecycleError(LifecycleErrorCode.INVALID_CONTRACT, `cannot read the contract ${file}`, read.issues);
  return { bytes: read.bytes, file };
}

/**
 * The CI plane's step after a build: proposes a release of the service in one environment — a new image,
 * a new contract (from the same tenant commit), or both — in `environments/<env>.yaml`, re-renders, and
 * commits on `zave/propose-<service>-<env>`. A contract must be valid, name this service, and come from
 * the repository that owns it. Errors: invalid-image-reference, digest-required, invalid-contract,
 * owned-by-another-repository, no-image-to-promote (a first release without an image), unknown-environment,
 * not-registered.
 */
export async function proposeImage(options: ProposeOptions): Promise<LifecycleResult> {
  if (options.image !== undefined) parseImageReference(options.image);
  requireServiceName(options.service);
  const { service } = options;
  const contract = contractBytes(options);
  if (!options.image && !contract) throw new LifecycleError(LifecycleErrorCode.INVALID_IMAGE, 'propose needs --image, --contract, or both');
  if (contract) {
    const parsed = parseContract(contract.bytes, contract.file);
    if (!parsed.contract) {
      throw new LifecycleError(LifecycleErrorCode.INVALID_CONTRACT, `${contract.file} is not a valid contract (${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'})`, parsed.issues);
    }
    if (parsed.contract.service !== service) {
      throw new LifecycleError(LifecycleErrorCode.INVALID_CONTRACT, `${contract.file} is the contract of "${parsed.contract.service}", not of ${service}; propose it with --service ${parsed.contract.service}`);
    }
  }
  const platform = libraryVersion();
  return runChange({
    verb: 'propose',
    service,
    environment: options.environment,
    branch: LifecycleBranch.propose(service, options.environment ?? 'dev'),
    services: [service],
    ...(options.environment ? { environments: { reads: [options.environment], writes: [options.environment] } } : {}),
    apply(tree) {
      const order = environmentOrder(tree);
      const environment = options.environment ?? order[0];
      requireEnvironment(environment, order);
      requireRegistered(tree, service);
      // Releases that still follow the head are pinned first where this change writes; everywhere when it moves the head.
      const head = headContract(tree, service);
      migrateLegacyReleases(tree, contract && !(head && head.equals(contract.bytes)) ? order : [environment], platform);
      const { releases } = readReleases(tree, environment);
      const current = releases[service];
      const image = options.image ?? current?.image;
      if (!image) {
        throw new LifecycleError(LifecycleErrorCode.NO_IMAGE_TO_PROMOTE, `${service} has no release in ${environment} yet, so a contract alone has nothing to run: propose it together with an image (--image)`);
      }
      if (options.image) {
        if (environment !== order[0]) requireDigest(image, environment, order[0]);
        checkImageForEnvironment(image, environment, environment !== order[0]);
      }
      const previousContract = current?.contract;
      let revision: string;
      let fieldChanges: string[] = [];
      if (contract) {
        const owner = readRegistration(tree, service)?.repository;
        if (options.repository !== undefined && owner !== undefined && !sameRepository(owner, options.repository)) {
          throw new LifecycleError(LifecycleErrorCode.OWNED_BY_ANOTHER_REPOSITORY, `service "${service}" is owned by ${owner} (${workloadDir(service)}/registration.yaml); ${options.repository} cannot release its contract`);
        }
        const before = previousContract ? tree.read(`${workloadDir(service)}/revisions/${previousContract.slice('sha256:'.length)}.yaml`, 65536) : undefined;
        fieldChanges = contractFieldChanges(before && 'bytes' in before ? before.bytes : headContract(tree, service), contract.bytes);
        tree.write(`${workloadDir(service)}/zave.yaml`, contract.bytes);
        revision = keepRevision(tree, service, contract.bytes);
      } else {
        revision = current?.contract ?? keepRevision(tree, service, headContract(tree, service)!);
      }
      // The new release is rendered by this zave, so it records this zave's version.
      releases[service] = { image, contract: revision, platform };
      const platformMove = current?.platform !== undefined && current.platform !== platform ? `platform ${current.platform} → ${platform}` : undefined;
      writeReleases(tree, environment, releases);
      const contractChanged = revision !== previousContract;
      const what = [options.image && image !== current?.image ? shortImage(image) : undefined, contractChanged && previousContract ? `contract ${revision.slice(7, 19)}` : undefined].filter(Boolean).join(' and ') || shortImage(image);
      return {
        environment,
        branch: LifecycleBranch.propose(service, environment),
        title: `Deploy ${service} ${what} to ${environment}`,
        summary: current
          ? `Proposes a new release of ${service} in ${environment}${image !== current.image ? `: image ${current.image} → ${image}` : ''}${contractChanged && previousContract ? `${image !== current.image ? ';' : ':'} contract ${previousContract.slice(0, 19)} → ${revision.slice(0, 19)}` : ''}${platformMove ? `${image !== current.image || (contractChanged && previousContract) ? ';' : ':'} ${platformMove}` : ''}.`
          : `Proposes the first release of ${service} in ${environment}: merging deploys it there.`,
        images: image !== current?.image ? [{ environment, ...(current ? { from: current.image } : {}), to: image }] : [],
        contract: contractChanged && previousContract ? { environment, from: previousContract, to: revision, fields: fieldChanges } : undefined,
        review: [
          ...(options.image ? [`Check that ${image} is the build you expect (CI built and pushed it; the reference is used exactly as written).`] : []),
          ...(contractChanged && previousContract ? [`The contract changes only in ${environment}; the other environments keep the revision they run until it is promoted to them.`] : []),
          ...(platformMove ? [`This release is rendered by zave ${platform}, while ${service} ran a release rendered by zave ${current!.platform} in ${environment}: the objects below include what zave ${platform} renders differently.`] : []),
          `Merging rolls it out in ${environment} when Argo CD syncs; to roll back, zave rollback ${service} --env ${environment}.`,
        ],
        trailers: lifecycleTrailers('propose', service, environment, image, revision),
        unchangedSummary: `${service} already runs this release (${image}, contract ${revision.slice(0, 19)}) in ${environment}; nothing to do`,
      };
    },
  }, options);
}

/** The part of an image reference a title needs: tag, short digest, or the name. */
export function shortImage(ref: string): string {
  const parsed = parseImageReference(ref);
  if (parsed.tag && parsed.digest) return `${parsed.tag} (${parsed.digest.slice(0, 19)})`;
  if (parsed.tag) return parsed.tag;
  if (parsed.digest) return parsed.digest.slice(0, 19);
  return parsed.name;
}
