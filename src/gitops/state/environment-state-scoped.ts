/**
 * A lifecycle verb's view of environments/<env>.yaml: the entries of the few services it changes,
 * read and written without reading the others.
 *
 * A promotion-state file lists every service of the fleet (about a megabyte at N = 5,000). Reading
 * every entry into records, even line by line, costs a few microseconds per entry in a short-lived
 * process, several times per file; a verb that changes one release needs none of it. In a file zave
 * wrote (the layout `everyReleasePinned` accepts, told once per file by one pass of its text) an
 * entry is found by one search of the bytes, so a verb reads its services' entries, checks them, and
 * splices its edits into the bytes; what it splices keeps that layout, so reading the result back
 * needs no pass and no decode. Anything else (a hand edit, the format before 0.1, an entry there
 * twice, a value the writer would quote) returns undefined, and the caller reads the whole file.
 * The splice is also how a verb that read a whole file edits a few of its entries (state-files.ts).
 */

import { CANONICAL_HEADER, checkedReleaseFields, EnvironmentState, ENVIRONMENT_STATE_MAX_BYTES, environmentStateText, Release, Retention } from './environment-state';
import { applyByteEdits, bytesHaystack, everyReleasePinned, PINNED_ENTRY_LINES, pinnedEntry, pinnedEntryFields, PinnedLayout, pinnedLayout, PinnedReleaseFields, retainedEntryDatabase, splicePinnedState, textHaystack } from './environment-state-fast';
import { serviceNameProblem } from '../../contract/service-name';
import { plainYamlString } from '../synth/fast-yaml';

const plain = (v: string) => plainYamlString(v) === v;

/** The layout of promotion-state bytes (null: not in the layout zave writes with every release pinned), by the bytes' identity. */
const layouts = new WeakMap<Uint8Array, PinnedLayout | null>();

/** The layout of `bytes` when they are an ASCII file `everyReleasePinned` accepts (told once per buffer), else undefined. */
function layoutOf(bytes: Buffer): PinnedLayout | undefined {
  let layout = layouts.get(bytes);
  if (layout === undefined) {
    const text = bytes.length > ENVIRONMENT_STATE_MAX_BYTES ? undefined : environmentStateText(bytes);
    // Byte offsets are text offsets only when every character is one byte (a file zave writes is ASCII).
    const valid = text !== undefined && text.length === bytes.length && everyReleasePinned(text, CANONICAL_HEADER);
    layout = (valid ? pinnedLayout(textHaystack(text), CANONICAL_HEADER) : undefined) ?? null;
    layouts.set(bytes, layout);
  }
  return layout ?? undefined;
}

/** States read by `readScopedEnvironmentState`: they hold some services' entries only. */
const partialStates = new WeakSet<EnvironmentState>();

/** True when `state` holds only some services' entries (read by `readScopedEnvironmentState`), not the whole file's. */
export function isPartialState(state: EnvironmentState): boolean {
  return partialStates.has(state);
}

/**
 * The releases and retained data of `services` in environments/<env>.yaml bytes zave wrote, each
 * entry found by one search, without reading the others: a partial state (see `isPartialState`)
 * whose records hold those services only. The releases of `checked` (every service read, without
 * it) are checked as the full reader checks them (contract and platform patterns, image, digest when
 * `pinRequired`); the others are taken as the file has them, as the full reader takes entries a verb
 * does not change. Undefined when the file is not in the layout zave writes with every release
 * pinned, names another environment, holds a read service's entry twice or both released and
 * retained, or an entry is refused: read the whole file then, which says what is wrong and where.
 */
export function readScopedEnvironmentState(bytes: Buffer, expected: string, pinRequired: boolean, services: ReadonlySet<string>,
  checked?: ReadonlySet<string>): EnvironmentState | undefined {
  const layout = layoutOf(bytes);
  if (!layout || layout.environment !== expected || !plain(expected)) return undefined;
  const text = bytesHaystack(bytes);
  const releases: Record<string, Release> = {};
  const images: Record<string, string> = {};
  const retained: Record<string, Retention> = {};
  for (const service of [...services].sort()) {
    if (serviceNameProblem(service)) return undefined;
    const entry = pinnedEntry(text, layout.releases, service, '    contract: ', PINNED_ENTRY_LINES.release);
    const kept = pinnedEntry(text, layout.retained, service, '    database: ', PINNED_ENTRY_LINES.retained);
    if (entry === null || kept === null || (entry && kept)) return undefined;
    if (entry) {
      const fields = pinnedEntryFields(text, entry);
      if (![fields.contract, fields.image, fields.platform].every(plain)) return undefined;
      const release = !checked || checked.has(service) ? checkedReleaseFields({ ...fields }, pinRequired, expected)
        : Object.freeze({ image: fields.image, contract: fields.contract, platform: fields.platform });
      if (!release) return undefined;
      releases[service] = release;
      images[service] = release.image;
    }
    if (kept) retained[service] = Object.freeze({ database: retainedEntryDatabase(text, kept) === 'true' });
  }
  const state: EnvironmentState = Object.freeze({
    environment: expected, releases: Object.freeze(releases), images: Object.freeze(images), legacy: false, retained: Object.freeze(retained),
  });
  partialStates.add(state);
  return state;
}

/**
 * True when `service` certainly has no release in these environments/<env>.yaml bytes (a file zave
 * wrote, every release pinned), told by one search; false: read the file to know.
 */
export function scopedLacksRelease(bytes: Buffer, service: string): boolean {
  const layout = layoutOf(bytes);
  return layout !== undefined && serviceNameProblem(service) === undefined
    && pinnedEntry(bytesHaystack(bytes), layout.releases, service, '    contract: ', PINNED_ENTRY_LINES.release) === undefined;
}

/**
 * environments/<env>.yaml bytes with the releases and retained entries of some services set or
 * removed (null), each found by one search or placed by a binary search, without reading the other
 * entries: byte-equal to writing the whole file again when zave wrote it (see `splicePinnedState`).
 * Every release set must be pinned (contract and platform). Undefined when the bytes are not in the
 * layout zave writes with every release pinned, or the edit needs the whole file written. Values of
 * entries not edited are not looked at: a file edited by hand in that layout (a value quoted, entries
 * out of order) keeps its hand edits; a caller that wants them written back in the form zave writes
 * asks `readCanonicalEnvironmentState` first.
 */
export function spliceScopedEnvironmentStateBytes(bytes: Buffer, releases: ReadonlyMap<string, Release | null>,
  retained: ReadonlyMap<string, Retention | null>): Buffer | undefined {
  const layout = layoutOf(bytes);
  if (!layout) return undefined;
  const pinned = new Map<string, PinnedReleaseFields | null>();
  for (const [service, r] of releases) {
    if (r !== null && (r.contract === undefined || r.platform === undefined)) return undefined;
    pinned.set(service, r === null ? null : { contract: r.contract!, image: r.image, platform: r.platform! });
  }
  const edits = splicePinnedState(bytesHaystack(bytes), layout, plain, pinned, retained);
  if (!edits) return undefined;
  const out = applyByteEdits(bytes, edits);
  // What the splice wrote keeps the layout (pinned entries, plain ASCII values): found again by searches, not by a pass.
  layouts.set(out, pinnedLayout(bytesHaystack(out), CANONICAL_HEADER) ?? null);
  return out;
}
