import * as path from 'path';
import { LifecycleBranch, lifecycleTrailers } from './branches';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { runChange } from './run-change';
import { environmentOrder, headContract, migrateLegacyReleases, readRegistration, registrationYaml, sameRepository, workloadDir } from './state-files';
import { LifecycleOptions, LifecycleResult } from './types';
import { parseContract, readContractBytes } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { ownerProblem } from '../state/registration';
import { libraryVersion } from '../synth/fingerprint';

/** Options of registerWorkload. */
export interface RegisterOptions extends LifecycleOptions {
  /** The contract's bytes (zave.yaml text). Give this or contractPath. */
  readonly contractText?: string | Uint8Array;
  /** Path of zave.yaml. Give this or contractText. */
  readonly contractPath?: string;
  /** File name used in issue positions and the description. @default the base name of contractPath, or "zave.yaml" */
  readonly contractFile?: string;
  /** Identity of the owning tenant repository (its remote URL), recorded in registration.yaml. */
  readonly repository: string;
  /**
   * Why the caller could not prove `repository` (no remote, a flag that claims another one): the
   * verb refuses with it (owner-not-proven) once the contract itself is valid.
   * @default - the owner is proven
   */
  readonly ownerProblem?: string;
}

/**
 * Registers (or updates) a workload: copies the contract byte for byte to `workloads/<service>/zave.yaml`,
 * writes the owner record, re-renders deploy/, and commits on `zave/register-<service>`. A service owned by
 * another repository is refused (owned-by-another-repository), naming the owner. Invalid contracts are
 * refused with their issues (invalid-contract).
 */
export async function registerWorkload(options: RegisterOptions): Promise<LifecycleResult> {
  const file = options.contractFile ?? (options.contractPath !== undefined ? path.basename(options.contractPath) : 'zave.yaml');
  let bytes: Uint8Array;
  if (options.contractText !== undefined) {
    bytes = typeof options.contractText === 'string' ? Buffer.from(options.contractText, 'utf8') : options.contractText;
  } else if (options.contractPath !== undefined) {
    const read = readContractBytes(options.contractPath, file);
    if (!('bytes' in read)) throw new LifecycleError(LifecycleErrorCode.INVALID_CONTRACT, `cannot read the contract ${file}`, read.issues);
    bytes = read.bytes;
  } else {
    throw new Error('registerWorkload needs contractText or contractPath');
  }
  const parsed = parseContract(bytes, file);
  if (!parsed.contract) {
    throw new LifecycleError(LifecycleErrorCode.INVALID_CONTRACT, `${file} is not a valid contract (${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'})`, parsed.issues);
  }
  if (options.ownerProblem) throw new LifecycleError(LifecycleErrorCode.OWNER_NOT_PROVEN, options.ownerProblem);
  const unusable = ownerProblem(options.repository);
  if (unusable) throw new LifecycleError(LifecycleErrorCode.OWNER_NOT_PROVEN, `the owning repository ${unusable}; register from a checkout whose origin is the tenant repository's URL`);
  const resolved = resolveContract(parsed.contract);
  const service = resolved.service;
  const owner = options.repository;
  return runChange({
    verb: 'register',
    service,
    branch: LifecycleBranch.register(service),
    services: [service],
    // No promotion state is read unless the head of a registered service moves.
    environments: { reads: [], writes: [] },
    apply(tree) {
      const existing = readRegistration(tree, service);
      if (existing && !sameRepository(existing.repository, owner)) {
        throw new LifecycleError(LifecycleErrorCode.OWNED_BY_ANOTHER_REPOSITORY,
          `service "${service}" is already registered by ${existing.repository} (${workloadDir(service)}/registration.yaml); ` +
          `you are registering from ${owner}. Choose another service name in ${file}, or ask the owners of ${existing.repository} to run "zave deregister ${service}" first.`);
      }
      // Releases that still follow the head are pinned first: a new head reaches an environment only by a release.
      // (A service registered for the first time has no release anywhere; an unchanged head moves nothing.)
      const head = headContract(tree, service);
      if (head && !head.equals(bytes)) migrateLegacyReleases(tree, environmentOrder(tree), libraryVersion());
      const contractPath = `${workloadDir(service)}/zave.yaml`;
      const isUpdate = existing !== undefined && tree.kind(contractPath) === 'file';
      tree.write(contractPath, bytes);
      tree.write(`${workloadDir(service)}/registration.yaml`, registrationYaml({ service, repository: existing?.repository ?? owner }));
      const shape = `${resolved.strategy}, runtime ${resolved.runtime}, exposure ${resolved.exposure}, database ${resolved.database}, size ${resolved.size}${resolved.schedule ? `, schedule "${resolved.schedule}"` : ''}`;
      return {
        title: isUpdate ? `Update registration of ${service}` : `Register ${service}`,
        summary: isUpdate
          ? `Updates the registered contract of ${service} (owned by ${existing!.repository}) and re-renders its manifests. Now: ${shape}.`
          : `Registers ${service}, owned by ${owner}, in the GitOps repository: ${shape}. Its contract is copied to ${contractPath}; it is rendered into an environment once an image is proposed there.`,
        images: [],
        review: [
          `Check the contract in ${contractPath}: it is a byte copy of ${file} from ${existing?.repository ?? owner}.`,
          'Only the owning repository may change this registration; its owner record is in registration.yaml.',
        ],
        trailers: lifecycleTrailers('register', service),
        unchangedSummary: `${service} is already registered with this exact contract; nothing to do`,
      };
    },
  }, options);
}
