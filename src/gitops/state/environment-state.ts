import { z } from 'zod';
import { CanonicalEnvironmentState, everyReleasePinned, parseCanonicalEnvironmentState } from './environment-state-fast';
import { imageAccepted, ImageReference } from '../../common/image-reference';
import { capIssues, locate, readYamlInput, YamlInput } from '../../common/yaml-input';
import { DOCUMENT_START } from '../../common/yaml-output';
import { zodToIssues } from '../../common/zod-issues';
import { ContractIssue } from '../../contract/issue';
import { serviceNameProblem } from '../../contract/service-name';
import { GitOpsIssueCode } from '../issue-codes';
import { GITOPS_API_VERSION } from '../platform/platform';
import { fastYaml, plainYamlString } from '../synth/fast-yaml';

/**
 * What runs for one service in one environment: a release. Everything that changes what runs travels
 * through the environments as a release, so a contract or platform change reaches an environment only
 * by a proposal or a promotion into it.
 */
export interface Release {
  /** Image reference (digest-pinned outside the first environment). */
  readonly image: string;
  /**
   * Contract revision: `sha256:<hex>` of the exact contract bytes, kept in Git at
   * `workloads/<service>/revisions/<hex>.yaml`. Undefined for a release written before 0.1, which
   * follows the registered head until the next verb pins it.
   */
  readonly contract?: string;
  /** Version of zave that renders this release. Undefined before 0.1 (the running version). */
  readonly platform?: string;
}

/**
 * Data a deregistered service left in one environment (`retained.<service>` of environments/<env>.yaml):
 * its Namespace and, with a database, the CloudNativePG Cluster and its volume claims. `zave deregister`
 * writes it; `zave deregister --delete-data` (or registering the service again) removes it.
 */
export interface Retention {
  /** Whether the release that ran there had a database (`database: postgres`): a Cluster and its volumes are retained. */
  readonly database: boolean;
}

/** The promotion state of one environment: the release each service runs there. */
export interface EnvironmentState {
  /** Environment name (matches the file name). */
  readonly environment: string;
  /** Release per service name. */
  readonly releases: Readonly<Record<string, Release>>;
  /** Image reference per service name (the releases' images). */
  readonly images: Readonly<Record<string, string>>;
  /** True when the file still has the format before 0.1 (`images:` only); the next verb rewrites it. */
  readonly legacy: boolean;
  /** Retained data per deregistered service (never a service with a release here), sorted by service. */
  readonly retained: Readonly<Record<string, Retention>>;
}

/** First lines of a promotion-state file (image digests cannot be wrapped, so yamllint's line-length is off here). */
const STATE_COMMENT = '# Promotion state, written by zave verbs (propose, promote, rollback).\n# yamllint disable rule:line-length';

/** Versions a release may record (`0.1.0`, `1.2.3-rc.1`): also the only form that reaches a runner's command line. */
export const PLATFORM_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** `sha256:<64 hex>`: a contract revision. */
export const CONTRACT_REVISION = /^sha256:[0-9a-f]{64}$/;

const releaseSchema = z.strictObject({
  image: z.string(),
  contract: z.string().regex(CONTRACT_REVISION, 'expected sha256:<64 lower-case hex>: the sha256 of the contract bytes').optional(),
  platform: z.string().regex(PLATFORM_VERSION, 'expected a version such as 0.1.0').optional(),
});

const stateSchema = z.strictObject({
  apiVersion: z.literal(GITOPS_API_VERSION),
  kind: z.literal('EnvironmentState'),
  environment: z.string(),
  images: z.record(z.string(), z.string()).nullable().optional(),
  releases: z.record(z.string(), releaseSchema).nullable().optional(),
  retained: z.record(z.string(), z.strictObject({ database: z.boolean() })).nullable().optional(),
});

const FIELDS = ['apiVersion', 'kind', 'environment', 'releases', 'retained', 'images'];
const RELEASE_FIELDS = ['image', 'contract', 'platform'];
const RETAINED_FIELDS = ['database'];

function knownFields(p: readonly PropertyKey[]): readonly string[] {
  if (p.length === 0) return FIELDS;
  if (p.length === 2 && p[0] === 'releases') return RELEASE_FIELDS;
  if (p.length === 2 && p[0] === 'retained') return RETAINED_FIELDS;
  return [];
}

/**
 * Largest environments/<env>.yaml read: about 17,000 releases with digest-pinned images (~240 bytes
 * each). Files zave wrote are read line by line (linear); only hand-edited ones go through the
 * general YAML parser, whose cost the cap bounds.
 */
export const ENVIRONMENT_STATE_MAX_BYTES = 4 * 1024 * 1024;

function at(input: YamlInput, path: (string | number)[], code: string, message: string, hint?: string, key = false): ContractIssue {
  const pos = locate(input, path, key);
  return { code, file: input.file, line: pos.line, column: pos.column, path: path.join('.'), message, ...(hint ? { hint } : {}) };
}

/** Result of reading environments/<env>.yaml. */
export interface EnvironmentStateParseResult {
  readonly state?: EnvironmentState;
  readonly issues: ContractIssue[];
  /** Every service named under `images`, valid or not (for cross-file checks). */
  readonly services: string[];
  /** Where each image key sits, to locate later cross-file problems (unknown service). */
  readonly locateImage: (service: string) => { line: number; column: number };
}

/** Where a service's release (or image, before 0.1) sits in the file. */
function releasePath(data: { releases?: unknown }, service: string, field?: string): (string | number)[] {
  return data.releases ? ['releases', service, ...(field ? [field] : [])] : ['images', service];
}

/**
 * Parses environments/<env>.yaml: schema, environment name equals `expected`, service names valid,
 * image references well-formed and digest-pinned when `pinRequired`.
 *
 * With `checked` (what a lifecycle verb passes: the services it changes), a file in the form zave
 * writes is read in full but only the releases of those services are checked (contract, platform,
 * image); every other release is taken as the file has it, its name still checked. Releases a verb
 * does not touch are copied into its commit byte for byte, and `zave synth --check` in the GitOps
 * repository's CI checks them all. Any other file is checked in full.
 */
export function parseEnvironmentState(input: string | Uint8Array, file: string, expected: string, pinRequired: boolean,
  checked?: ReadonlySet<string>): EnvironmentStateParseResult {
  const fast = parseFast(input, expected, pinRequired, checked);
  if (fast) {
    let slow: EnvironmentStateParseResult | undefined;
    return { ...fast, locateImage: (service) => (slow ??= parseInFull(input, file, expected, pinRequired)).locateImage(service) };
  }
  return parseInFull(input, file, expected, pinRequired);
}

type FastResult = Omit<EnvironmentStateParseResult, 'locateImage'>;

/** The last files read by the fast path (a verb reads the same few files several times); results are frozen. */
const recent = new Map<string, Map<string, FastResult | null>>();

/**
 * The last canonical files read or written (by `environmentStateYaml`), with their value: reading
 * one again, with or without the digest rule, needs no parse.
 */
const written = new Map<string, CanonicalEnvironmentState>();

function remember(text: string, data: CanonicalEnvironmentState): void {
  if (written.size >= 16) written.clear();
  written.set(text, data);
}

/** The lines of a canonical file between `---` and `environment:`. */
export const CANONICAL_HEADER: readonly string[] = [...STATE_COMMENT.split('\n'), `apiVersion: ${GITOPS_API_VERSION}`, 'kind: EnvironmentState'];

/** The texts of promotion-state bytes decoded lately (a verb looks at each file several times; at N = 5000 one is ~1 MB). */
const decoded = new WeakMap<Uint8Array, string>();

/** The UTF-8 text of promotion-state file bytes, decoded once per buffer. */
export function environmentStateText(bytes: Uint8Array): string {
  let text = decoded.get(bytes);
  if (text === undefined) decoded.set(bytes, text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  return text;
}

/** The bytes of a promotion-state file's text, remembered as its decoding (so reading them back decodes nothing). */
export function environmentStateBytes(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  decoded.set(bytes, text);
  return bytes;
}

/**
 * The canonical file read line by line (see environment-state-fast.ts), when it is valid as it is;
 * undefined sends it through the general parser, which locates every problem. The checks are the
 * schema's (strict fields, revision and version patterns) and the general path's (names, images).
 */
function parseFast(input: string | Uint8Array, expected: string, pinRequired: boolean, checked?: ReadonlySet<string>): FastResult | undefined {
  if (input.length > ENVIRONMENT_STATE_MAX_BYTES) return undefined;
  const text = typeof input === 'string' ? input : environmentStateText(input);
  // Keyed by the text itself (no copy of a megabyte-long key), then by how it was read.
  const how = `${expected}\0${pinRequired}${checked ? `\0${[...checked].sort().join(',')}` : ''}`;
  const known = recent.get(text)?.get(how);
  if (known !== undefined) return known ?? undefined;
  const result = readCanonical(text, expected, pinRequired, checked);
  if (recent.size >= 16) recent.clear();
  if (!recent.has(text)) recent.set(text, new Map());
  recent.get(text)!.set(how, result ?? null);
  return result;
}

/**
 * Release entries the fast path has already checked, by the identity of the parsed entry: the frozen
 * release and whether its image was accepted with a digest required. A verb reads the same files
 * several times (before its edit, with and without the digest rule, and after it), and a file it
 * writes whole (`environmentStateYaml`, remembered) keeps the entries it did not change as the very
 * objects it read, so only changed entries are checked again: reading back a 5,000-release file costs
 * a map lookup per release. (A file it splices is read back by its layout, see environment-state-scoped.ts,
 * or, by a change of the whole fleet, parsed again: a few milliseconds per thousand releases.)
 */
const checkedEntries = new WeakMap<object, { release: Release; pinned: boolean; plain: boolean }>();

/** Canonical values whose every name and value is written plain (read from canonical text, or emitted plain). */
const plainData = new WeakSet<CanonicalEnvironmentState>();

/** The release of a canonical entry, checked (patterns, image, digest when `pinRequired`), or undefined when refused. */
function checkedRelease(r: Readonly<Record<string, string>>, pinRequired: boolean, environment: string, plain: boolean): Release | undefined {
  const known = checkedEntries.get(r);
  if (known && (known.pinned || !pinRequired)) return known.release;
  const image = r.image;
  if (image === undefined) return undefined;
  if ((r.contract !== undefined && !CONTRACT_REVISION.test(r.contract)) || (r.platform !== undefined && !PLATFORM_VERSION.test(r.platform))) return undefined;
  if (!imageAccepted(image, { requireDigest: pinRequired, environment })) return undefined;
  let release = known?.release;
  if (!release) {
    const made: { image: string; contract?: string; platform?: string } = { image };
    if (r.contract !== undefined) made.contract = r.contract;
    if (r.platform !== undefined) made.platform = r.platform;
    release = Object.freeze(made);
  }
  // An accepted reference with an `@` has a digest: it is accepted where one is required too.
  const entry = { release, pinned: pinRequired || image.includes('@'), plain: plain || known?.plain === true };
  checkedEntries.set(r, entry);
  if ((release as object) !== r) checkedEntries.set(release, entry);
  return release;
}

/**
 * The release of one entry's fields (as a canonical file writes them, every value plain), checked as
 * the fast path checks an entry (contract and platform patterns, image, digest when `pinRequired`);
 * undefined when refused. For readers of single entries (see environment-state-scoped.ts).
 */
export function checkedReleaseFields(fields: Readonly<Record<string, string>>, pinRequired: boolean, environment: string): Release | undefined {
  return checkedRelease(fields, pinRequired, environment, true);
}

/**
 * The value of a promotion-state file in the canonical form zave writes, read line by line (and
 * remembered), before any check of names or images; undefined when the text is not in that form.
 * For readers that report rather than refuse (zave status over history) and for the strict reader.
 */
export function readCanonicalEnvironmentState(text: string): CanonicalEnvironmentState | undefined {
  let data = written.get(text);
  if (!data) {
    if (text.length > ENVIRONMENT_STATE_MAX_BYTES) return undefined;
    data = parseCanonicalEnvironmentState(text, CANONICAL_HEADER, (v) => plainYamlString(v) === v);
    if (!data) return undefined;
    plainData.add(data);
    remember(text, data);
  }
  return data;
}

/**
 * True when environments/<env>.yaml text (as zave writes it) pins every release to a contract and a
 * platform version, so it has nothing to migrate; checked without parsing it (false: parse it to know).
 */
export function environmentStatePinned(text: string): boolean {
  return everyReleasePinned(text, CANONICAL_HEADER);
}

/**
 * A release taken as a canonical file has it, unchecked (see `checked` of parseEnvironmentState): the
 * entry read itself (its fields are a release's), frozen; undefined without an image.
 */
function uncheckedRelease(r: Readonly<Record<string, string>>): Release | undefined {
  const known = checkedEntries.get(r);
  if (known) return known.release;
  if (r.image === undefined) return undefined;
  return Object.freeze(r) as unknown as Release;
}

function readCanonical(text: string, expected: string, pinRequired: boolean, checked?: ReadonlySet<string>): FastResult | undefined {
  const data = readCanonicalEnvironmentState(text);
  return data ? readCanonicalValue(data, expected, pinRequired, checked) : undefined;
}

/** The checked state of a canonical file's value (see readCanonical). */
function readCanonicalValue(data: CanonicalEnvironmentState, expected: string, pinRequired: boolean, checked?: ReadonlySet<string>): FastResult | undefined {
  if (data.environment !== expected) return undefined;
  const plain = plainData.has(data);
  const releases: Record<string, Release> = {};
  const images: Record<string, string> = {};
  for (const service of Object.keys(data.releases)) {
    if (serviceNameProblem(service)) return undefined;
    const release = !checked || checked.has(service) ? checkedRelease(data.releases[service], pinRequired, expected, plain) : uncheckedRelease(data.releases[service]);
    if (!release) return undefined;
    releases[service] = release;
    images[service] = release.image;
  }
  const retained: Record<string, Retention> = {};
  for (const [service, r] of Object.entries(data.retained)) {
    // A service both released and retained is refused by the general parser, which says where.
    if (releases[service] !== undefined || serviceNameProblem(service)) return undefined;
    retained[service] = Object.freeze({ database: r.database });
  }
  const state: EnvironmentState = Object.freeze({
    environment: expected, releases: Object.freeze(releases), images: Object.freeze(images), legacy: false, retained: Object.freeze(retained),
  });
  return Object.freeze({ state, issues: [], services: Object.keys(releases) });
}

function parseInFull(input: string | Uint8Array, file: string, expected: string, pinRequired: boolean): EnvironmentStateParseResult {
  const yaml = readYamlInput(input, file, ENVIRONMENT_STATE_MAX_BYTES);
  const raw = (yaml.value ?? {}) as { releases?: unknown };
  const locateImage = (service: string) => locate(yaml, releasePath(raw, service), true);
  if (yaml.issues.length > 0 || yaml.value === undefined) return { issues: yaml.issues, services: [], locateImage };
  const result = stateSchema.safeParse(yaml.value);
  if (!result.success) return { issues: capIssues(zodToIssues(result.error, yaml, knownFields)), services: [], locateImage };
  const issues: ContractIssue[] = [];
  const data = result.data;
  if (data.environment !== expected) {
    issues.push(at(yaml, ['environment'], GitOpsIssueCode.NAME_MISMATCH,
      `environment is ${JSON.stringify(data.environment)} but the file is ${file}`, `write environment: ${expected}, or rename the file`));
  }
  if (data.releases && data.images) {
    issues.push(at(yaml, ['images'], GitOpsIssueCode.UNEXPECTED_ENTRY, 'a file has either releases (zave 0.1 and later) or images (before 0.1), not both', 'move every image into its release and delete images:'));
  }
  const given: Record<string, Release> = {};
  if (data.releases) for (const [service, r] of Object.entries(data.releases)) given[service] = r;
  else for (const [service, image] of Object.entries(data.images ?? {})) given[service] = { image };
  const releases: Record<string, Release> = {};
  for (const service of Object.keys(given).sort()) {
    const release = given[service];
    const nameProblem = serviceNameProblem(service);
    if (nameProblem) {
      issues.push(at(yaml, releasePath(data, service), nameProblem.code, nameProblem.message, nameProblem.hint, true));
      continue;
    }
    const problem = ImageReference.check(release.image, { requireDigest: pinRequired, environment: expected }).problem;
    if (problem) {
      issues.push(at(yaml, releasePath(data, service, 'image'), problem.code, problem.message, problem.hint));
      continue;
    }
    releases[service] = release;
  }
  const retained: Record<string, Retention> = {};
  for (const service of Object.keys(data.retained ?? {}).sort()) {
    const nameProblem = serviceNameProblem(service);
    if (nameProblem) {
      issues.push(at(yaml, ['retained', service], nameProblem.code, nameProblem.message, nameProblem.hint, true));
      continue;
    }
    if (given[service] !== undefined) {
      issues.push(at(yaml, ['retained', service], GitOpsIssueCode.RETAINED_AND_RELEASED,
        `"${service}" has a release in ${expected} and is also listed under retained: (data a deregistered service left behind)`,
        `delete retained.${service} (registering or releasing ${service} again takes the retained data back), or deregister ${service}`, true));
      continue;
    }
    retained[service] = { database: data.retained![service].database };
  }
  const services = Object.keys(given).sort().filter((sv) => !serviceNameProblem(sv));
  if (issues.length > 0) return { issues: capIssues(issues), services, locateImage };
  const images: Record<string, string> = {};
  for (const [service, r] of Object.entries(releases)) images[service] = r.image;
  return { state: { environment: expected, releases, images, legacy: !data.releases && Object.keys(given).length > 0, retained }, issues: [], services, locateImage };
}

/**
 * Text of an environments/<env>.yaml, the format every verb writes: one release per service, sorted,
 * then (when any) the data deregistered services retained there, sorted. A plain string is a release
 * with only an image (as written before 0.1, and by hand-made fixtures).
 */
export function environmentStateYaml(environment: string, releases: Readonly<Record<string, Release | string>>, retained: Readonly<Record<string, Retention>> = {}): string {
  const out: Record<string, Release> = {};
  for (const service of Object.keys(releases).sort()) {
    const r = releases[service];
    // A release the fast path checked is kept as the same object, so reading this file back checks only what changed.
    out[service] = typeof r === 'string' ? { image: r } : checkedEntries.has(r) ? r
      : { image: r.image, ...(r.contract ? { contract: r.contract } : {}), ...(r.platform ? { platform: r.platform } : {}) };
  }
  const kept: Record<string, Retention> = {};
  for (const service of Object.keys(retained).sort()) kept[service] = { database: retained[service].database };
  const retaining = Object.keys(kept).length > 0;
  const canonical = emitCanonical(environment, out, kept);
  const body = canonical ?? fastYaml({ apiVersion: GITOPS_API_VERSION, kind: 'EnvironmentState', environment, releases: out, ...(retaining ? { retained: kept } : {}) });
  const text = `${DOCUMENT_START}\n${STATE_COMMENT}\n${body}`;
  const data = { environment, releases: out as unknown as Record<string, Record<string, string>>, retained: kept };
  if (canonical !== undefined) plainData.add(data);
  remember(text, data);
  return text;
}

/**
 * The body as the shared serializer writes it, line by line, when every name and value is written
 * plain; undefined otherwise (the caller then uses the serializer). Tested byte-equal to `toYaml`.
 */
function emitCanonical(environment: string, releases: Record<string, Release>, retained: Record<string, Retention>): string | undefined {
  const env = plainYamlString(environment);
  if (env === undefined) return undefined;
  const lines = [`apiVersion: ${GITOPS_API_VERSION}`, 'kind: EnvironmentState', `environment: ${env}`];
  const released: string[] = [];
  for (const service of Object.keys(releases)) {
    const r = releases[service];
    if (plainYamlString(service) === undefined) return undefined;
    const known = checkedEntries.get(r)?.plain === true;
    if (!known && [r.contract, r.image, r.platform].some((v) => v !== undefined && plainYamlString(v) === undefined)) return undefined;
    if (r.contract === undefined && r.image === undefined && r.platform === undefined) continue;
    released.push(`  ${service}:`);
    if (r.contract !== undefined) released.push(`    contract: ${r.contract}`);
    if (r.image !== undefined) released.push(`    image: ${r.image}`);
    if (r.platform !== undefined) released.push(`    platform: ${r.platform}`);
  }
  if (released.length > 0) lines.push('releases:', ...released);
  const kept = Object.keys(retained);
  if (kept.length > 0) lines.push('retained:');
  for (const service of kept) {
    if (plainYamlString(service) === undefined) return undefined;
    lines.push(`  ${service}:`, `    database: ${retained[service].database ? 'true' : 'false'}`);
  }
  return `${lines.join('\n')}\n`;
}
