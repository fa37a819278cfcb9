import { createHash } from 'crypto';
import { contractFieldChanges } from './contract-diff';
import { ContractChange } from './describe';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { MAX_INPUT_BYTES } from '../../common/yaml-input';
import { parsePlatform } from '../platform/parse';
import { PlatformConfig } from '../platform/platform';
import { contractFile, environmentStateFile, PLATFORM_FILE, registrationFile, WORKLOADS_DIR, workloadFolder } from '../repo/layout';
import { OverlaySource } from '../repo/source';
import { ENVIRONMENT_STATE_MAX_BYTES, EnvironmentState, environmentStateBytes, environmentStatePinned, environmentStateText, environmentStateYaml, parseEnvironmentState, readCanonicalEnvironmentState, Release, Retention } from '../state/environment-state';
import { isPartialState, readScopedEnvironmentState, scopedLacksRelease, spliceScopedEnvironmentStateBytes } from '../state/environment-state-scoped';
import { PLATFORM_MAX_BYTES, revisionFile } from '../state/load';
import { readRegistrationFile, RegistrationRecord, registrationYaml } from '../state/registration';

/**
 * The intent files of the GitOps repository as a verb sees them: the base commit's files with the
 * verb's edits on top. Verbs read and write only through this, and the edits become one commit.
 */
export type IntentTree = OverlaySource;

/** Path of a workload's folder, relative to the GitOps root. */
export function workloadDir(service: string): string {
  return workloadFolder(service);
}

function readText(tree: IntentTree, rel: string, maxBytes: number): string | undefined {
  const got = tree.read(rel, maxBytes);
  if ('bytes' in got) return got.bytes.toString('utf8');
  if ('tooLarge' in got) throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED, `${rel} is ${got.tooLarge} bytes, over the ${maxBytes}-byte limit; fix it in the GitOps repository first`);
  if (got.notAFile !== 'missing') throw new LifecycleError(LifecycleErrorCode.UNSAFE_PATH, `${rel} is a ${got.notAFile}, not a regular file; fix the GitOps repository first`);
  return undefined;
}

/**
 * Reads the owner record of a service, or undefined when it has none. Throws invalid-registration,
 * naming the file, line and field, when the file is there but not a valid owner record: ownership
 * is never guessed from a broken one.
 */
export function readRegistration(tree: IntentTree, service: string): RegistrationRecord | undefined {
  const got = readRegistrationFile(tree, service);
  if ('record' in got) return got.record;
  if ('missing' in got) return undefined;
  throw new LifecycleError(LifecycleErrorCode.INVALID_REGISTRATION,
    `${registrationFile(service)} is not a valid owner record (${got.issues.length} problem(s)); fix it in the GitOps repository first`, got.issues);
}

export { RegistrationRecord, registrationYaml };

/** Registered services (folders under workloads/ with a zave.yaml), sorted. */
export function registeredServices(tree: IntentTree): string[] {
  return tree.list(WORKLOADS_DIR).filter((s) => tree.kind(contractFile(s)) === 'file');
}

/** The parsed platform.yaml. Throws not-a-gitops-repository with the issues. */
export function platformConfig(tree: IntentTree): PlatformConfig {
  const got = tree.read(PLATFORM_FILE, PLATFORM_MAX_BYTES);
  if (!('bytes' in got)) {
    readText(tree, PLATFORM_FILE, PLATFORM_MAX_BYTES); // says why when it is not a regular file within the cap
    throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, 'the base branch has no platform.yaml: it is not a GitOps repository');
  }
  // As bytes, as the state loader reads it: the parse is remembered for the bytes.
  const parsed = parsePlatform(got.bytes, PLATFORM_FILE);
  if (!parsed.platform) {
    throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `platform.yaml of the GitOps repository is not valid (${parsed.issues.length} problem(s))`, parsed.issues);
  }
  return parsed.platform;
}

/** Environment names from platform.yaml, in promotion order. Throws not-a-gitops-repository with the issues. */
export function environmentOrder(tree: IntentTree): string[] {
  return platformConfig(tree).environments.map((e) => e.name);
}

/** Normalizes a repository identity for ownership comparison (case of host, .git suffix, trailing slash). */
export function sameRepository(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').replace(/\.git$/, '').replace(/^(\w+:\/\/)([^/]+)/, (_m, p: string, h: string) => p + h.toLowerCase())
    .replace(/^git@([^:]+):/, (_m, h: string) => `ssh://git@${h.toLowerCase()}/`);
  return norm(a) === norm(b);
}

/** The retained data each environment file held when a verb last read or wrote it (saves a second parse on write). */
const RETAINED = new WeakMap<IntentTree, Map<string, Record<string, Retention>>>();

/**
 * The releases of one environment, whether the file still has the format before 0.1, and the data
 * deregistered services retained there (`retained:`).
 */
export function readReleases(tree: IntentTree, environment: string): { releases: Record<string, Release>; legacy: boolean; retained: Record<string, Retention> } {
  const rel = `environments/${environment}.yaml`;
  const got = tree.read(rel, ENVIRONMENT_STATE_MAX_BYTES);
  if ('notAFile' in got && got.notAFile === 'missing') return { releases: {}, legacy: false, retained: {} };
  if (!('bytes' in got)) readText(tree, rel, ENVIRONMENT_STATE_MAX_BYTES);
  const bytes = (got as { bytes: Buffer }).bytes;
  // A verb of some services reads their entries only, in a file zave wrote (see environment-state-scoped.ts).
  const scope = SCOPE.get(tree);
  const state = (scope && readScopedEnvironmentState(bytes, environment, false, scope)) || fullState(bytes, rel, environment, scope);
  remember(tree, environment, state.retained);
  let byEnv = READ.get(tree);
  if (!byEnv) READ.set(tree, byEnv = new Map());
  byEnv.set(environment, { bytes, releases: state.releases, retained: state.retained, partial: isPartialState(state) });
  return { releases: { ...state.releases }, legacy: state.legacy, retained: { ...state.retained } };
}

/** Every entry of a promotion-state file, read and checked (those of `scope` only, when given: see parseEnvironmentState); throws when it is not valid. */
function fullState(bytes: Buffer, rel: string, environment: string, scope?: ReadonlySet<string>): EnvironmentState {
  const parsed = parseEnvironmentState(environmentStateText(bytes), rel, environment, false, scope);
  if (!parsed.state) {
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED, `${rel} is not a valid promotion state (${parsed.issues.length} problem(s)); fix it first`, parsed.issues);
  }
  return parsed.state;
}

/**
 * The services whose releases a verb changes, per intent tree: their entries in a promotion-state file
 * are checked when it is read, and the verb's reread after its edit checks them (and whatever else it
 * wrote) again; the other entries are taken as the file has them (see parseEnvironmentState). A tree
 * without a scope (a change of the whole fleet) is checked in full.
 */
const SCOPE = new WeakMap<IntentTree, Set<string>>();

/** Limits the checks of promotion-state entries in `tree` to these services (see SCOPE). */
export function scopeReleases(tree: IntentTree, services: readonly string[]): void {
  SCOPE.set(tree, new Set(services));
}

/** The services whose promotion-state entries `tree`'s edit checks, or undefined when it checks them all. */
export function releaseScope(tree: IntentTree): ReadonlySet<string> | undefined {
  return SCOPE.get(tree);
}

/** Most entries of one promotion-state file a verb's edit splices into its text (see splicedState). */
const SPLICE_MAX_EDITS = 32;

/** What a verb read of one promotion-state file (see READ). */
interface ReadState {
  readonly bytes: Buffer;
  readonly releases: Readonly<Record<string, Release>>;
  readonly retained: Readonly<Record<string, Retention>>;
  readonly partial: boolean;
}

/**
 * The promotion state each environment's file held when a verb read or last wrote it: bytes, and the
 * entries (as objects, compared by identity when it writes); `partial` when they are some services'
 * only (a scoped read: the verb's records then hold those only, and its edits are spliced in).
 */
const READ = new WeakMap<IntentTree, Map<string, ReadState>>();

/**
 * The file's new bytes made by editing only the entries that changed since it was read (an entry
 * is unchanged when it is the very object read), or undefined when it must be written whole. The
 * services whose entries change join the tree's scope, so the reread checks them.
 */
function splicedState(tree: IntentTree, environment: string, releases: Record<string, Release>, kept: Record<string, Retention>): Buffer | undefined {
  const read = READ.get(tree)?.get(environment);
  const got = tree.read(environmentStateFile(environment), ENVIRONMENT_STATE_MAX_BYTES);
  if (!read || !('bytes' in got) || got.bytes !== read.bytes) {
    // Not known what changed since the file was read: the reread checks every entry.
    SCOPE.delete(tree);
    return undefined;
  }
  const { releaseEdits, retainedEdits } = editsSince(read, releases, kept);
  const scope = SCOPE.get(tree);
  if (scope) for (const service of releaseEdits.keys()) scope.add(service);
  // Each edited entry is found by one search of the text: an edit of many entries (a platform upgrade) writes the whole file.
  if (releaseEdits.size + retainedEdits.size > SPLICE_MAX_EDITS) return undefined;
  // A file read in full is spliced only when it is in the form zave writes (the canonical reader takes it; its
  // answer is remembered from the read): one edited by hand (a value quoted, entries out of order) is written
  // whole, and so set back in that form, where a splice would keep the hand edit around the entries it changes.
  if (!readCanonicalEnvironmentState(environmentStateText(got.bytes))) return undefined;
  return spliceScopedEnvironmentStateBytes(got.bytes, releaseEdits, retainedEdits);
}

/** The entries a verb's records set or remove (null) since the file was read: compared by identity (releases) and value (retained). */
function editsSince(read: ReadState, releases: Record<string, Release>, kept: Record<string, Retention>)
  : { releaseEdits: Map<string, Release | null>; retainedEdits: Map<string, Retention | null> } {
  const releaseEdits = new Map<string, Release | null>();
  for (const service of Object.keys(read.releases)) if (releases[service] === undefined) releaseEdits.set(service, null);
  for (const service of Object.keys(releases)) if (releases[service] !== read.releases[service]) releaseEdits.set(service, releases[service]);
  const retainedEdits = new Map<string, Retention | null>();
  for (const service of Object.keys(read.retained)) if (kept[service] === undefined) retainedEdits.set(service, null);
  for (const service of Object.keys(kept)) if (read.retained[service]?.database !== kept[service].database) retainedEdits.set(service, kept[service]);
  return { releaseEdits, retainedEdits };
}

/**
 * The whole file written again with a partial read's edits applied to every entry it holds (when they
 * cannot be spliced in: a value the writer quotes, a release not pinned).
 */
function wholeFromPartial(environment: string, bytes: Buffer, releaseEdits: ReadonlyMap<string, Release | null>, retainedEdits: ReadonlyMap<string, Retention | null>): Buffer {
  const all = fullState(bytes, environmentStateFile(environment), environment);
  const releases: Record<string, Release> = { ...all.releases };
  const retained: Record<string, Retention> = { ...all.retained };
  for (const [service, r] of releaseEdits) if (r === null) delete releases[service]; else releases[service] = r;
  for (const [service, r] of retainedEdits) if (r === null) delete retained[service]; else retained[service] = r;
  return environmentStateBytes(environmentStateYaml(environment, releases, retained));
}

/** The text of environments/<env>.yaml when it is a regular file within the size cap (undefined otherwise: readReleases says why). */
function stateText(tree: IntentTree, environment: string): string | undefined {
  const got = tree.read(environmentStateFile(environment), ENVIRONMENT_STATE_MAX_BYTES);
  return 'bytes' in got ? environmentStateText(got.bytes) : undefined;
}

/**
 * True when `service` certainly has no release in `environment`, told without parsing the file when
 * zave wrote it (a verb that only removes a service reads no other environment's releases); false:
 * read the file to know.
 */
export function lacksRelease(tree: IntentTree, environment: string, service: string): boolean {
  if (tree.kind(environmentStateFile(environment)) === undefined) return true;
  const got = tree.read(environmentStateFile(environment), ENVIRONMENT_STATE_MAX_BYTES);
  return 'bytes' in got && scopedLacksRelease(got.bytes, service);
}

function remember(tree: IntentTree, environment: string, retained: Readonly<Record<string, Retention>>): void {
  let byEnv = RETAINED.get(tree);
  if (!byEnv) RETAINED.set(tree, byEnv = new Map());
  byEnv.set(environment, { ...retained });
}

/**
 * Writes `environments/<env>.yaml` with these releases (sorted by service) and `retained` (sorted).
 * Without `retained`, the file keeps the data it retains, except for services that now have a
 * release there: releasing a service again takes its retained data back (the two never coexist).
 */
export function writeReleases(tree: IntentTree, environment: string, releases: Record<string, Release>, retained?: Record<string, Retention>): void {
  const before = retained ?? RETAINED.get(tree)?.get(environment) ?? readReleases(tree, environment).retained;
  const kept: Record<string, Retention> = {};
  for (const service of Object.keys(before)) if (releases[service] === undefined) kept[service] = before[service];
  remember(tree, environment, kept);
  const file = environmentStateFile(environment);
  const read = READ.get(tree)?.get(environment);
  if (!read?.partial) {
    tree.write(file, splicedState(tree, environment, releases, kept) ?? environmentStateBytes(environmentStateYaml(environment, releases, kept)));
    return;
  }
  // The records hold some services' entries only (a scoped read): what they set or remove is applied
  // to the file as it is now, never the records written as the whole file.
  const got = tree.read(file, ENVIRONMENT_STATE_MAX_BYTES);
  if (!('bytes' in got)) {
    readText(tree, file, ENVIRONMENT_STATE_MAX_BYTES);
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED, `${file} disappeared while this change edited it`);
  }
  const { releaseEdits, retainedEdits } = editsSince(read, releases, kept);
  const scope = SCOPE.get(tree);
  if (scope) for (const service of releaseEdits.keys()) scope.add(service);
  const bytes = spliceScopedEnvironmentStateBytes(got.bytes, releaseEdits, retainedEdits) ?? wholeFromPartial(environment, got.bytes, releaseEdits, retainedEdits);
  tree.write(file, bytes);
  // The next edit of the same file starts from these records over these bytes.
  READ.get(tree)!.set(environment, { bytes, releases: { ...releases }, retained: { ...kept }, partial: true });
}

/** `sha256:<hex>` of contract bytes: the revision a release pins. */
export function contractRevision(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The registered head contract's bytes, or undefined when the service is not registered. */
export function headContract(tree: IntentTree, service: string): Buffer | undefined {
  const got = tree.read(contractFile(service), MAX_INPUT_BYTES);
  return 'bytes' in got ? got.bytes : undefined;
}

/** The bytes of a contract revision (`sha256:<hex>`) of a service, when the tree keeps them. */
export function revisionBytes(tree: IntentTree, service: string, revision: string | undefined): Buffer | undefined {
  if (!revision) return undefined;
  const got = tree.read(revisionFile(service, revision.slice('sha256:'.length)), MAX_INPUT_BYTES);
  return 'bytes' in got ? got.bytes : undefined;
}

/** The contract revision a release moves from `from` to `to` in an environment, field by field (for the PR text). */
export function releaseContractChange(tree: IntentTree, service: string, environment: string, from: string | undefined, to: string): ContractChange {
  return { environment, ...(from ? { from } : {}), to, fields: contractFieldChanges(revisionBytes(tree, service, from), revisionBytes(tree, service, to) ?? Buffer.alloc(0)) };
}

/** Keeps contract bytes as a revision (`workloads/<service>/revisions/<hex>.yaml`) and returns `sha256:<hex>`. */
export function keepRevision(tree: IntentTree, service: string, bytes: Uint8Array): string {
  const revision = contractRevision(bytes);
  const file = revisionFile(service, revision.slice('sha256:'.length));
  if (tree.kind(file) !== 'file') tree.write(file, bytes);
  return revision;
}

/** Environments whose promotion state a verb's edit migrated to the 0.1 format (the commit says so in a trailer). */
export const MIGRATED = new WeakMap<IntentTree, string[]>();

/**
 * Pins every release written before 0.1 (an image only, following the head) to the contract it runs
 * now and to `platform`, in every environment; returns the environments rewritten. Verbs call it first,
 * so a repository migrates in the commit of its next change, and a contract edit can no longer reach
 * an environment except through a release.
 */
export function migrateLegacyReleases(tree: IntentTree, order: readonly string[], platform: string): string[] {
  const migrated: string[] = [];
  const heads = new Map<string, Buffer | undefined>();
  for (const env of order) {
    // A file zave wrote with every release pinned needs nothing, and is not parsed to learn that.
    const text = stateText(tree, env);
    if (text !== undefined && environmentStatePinned(text)) continue;
    const { releases, legacy } = readReleases(tree, env);
    const unpinned = Object.keys(releases).filter((s) => !releases[s].contract || !releases[s].platform);
    if (!legacy && unpinned.length === 0) continue;
    for (const service of unpinned) {
      if (!heads.has(service)) heads.set(service, headContract(tree, service));
      const head = heads.get(service);
      const r = releases[service];
      releases[service] = { image: r.image, ...(head ? { contract: r.contract ?? keepRevision(tree, service, head) } : {}), platform: r.platform ?? platform };
    }
    writeReleases(tree, env, releases);
    migrated.push(env);
  }
  if (migrated.length > 0) MIGRATED.set(tree, [...new Set([...(MIGRATED.get(tree) ?? []), ...migrated])]);
  return migrated;
}
