/**
 * The fast path of environments/<env>.yaml: the format every verb writes, read line by line.
 *
 * A promotion-state file holds one release per service, so it grows with the fleet (about 200 bytes
 * per service); the general YAML parser needs ~0.1 ms per service for it, which alone would make
 * every lifecycle verb O(fleet). Files zave wrote are in one canonical form, so they are read here
 * in one pass, and the result is accepted only when writing it back gives exactly the same bytes:
 * then the general parser would have produced the same value. Anything else (hand edits, comments,
 * quoting, unknown keys, the format before 0.1) returns undefined and goes through the general parser,
 * which also locates every problem by line and column.
 */

import { PLAIN_VERSION_SHAPE, PLAIN_WITH_COLONS_SHAPE } from '../synth/fast-yaml';

/** The value of a canonical promotion-state file, before validation. */
export interface CanonicalEnvironmentState {
  readonly environment: string;
  /** Release fields per service, in file order. */
  readonly releases: Record<string, Record<string, string>>;
  /** Retained data per service (`retained:`), in file order. */
  readonly retained: Record<string, { readonly database: boolean }>;
}

/** One release: `  <service>:` and its fields, each optional, in the writer's order (contract, image, platform). */
const RELEASE = / {2}([a-z0-9][a-z0-9-]*):\n(?: {4}contract: ([^\n]*)\n)?(?: {4}image: ([^\n]*)\n)?(?: {4}platform: ([^\n]*)\n)?/y;
/**
 * One pinned release whose three values are of the shapes the writer always writes plain (checked by
 * a test against `plainYamlString`): a contract revision or an image reference with a colon (a tag, a
 * digest or a port) is `PLAIN_WITH_COLONS`, a version `PLAIN_VERSION`. What a verb writes; such an
 * entry needs no test of its values one by one.
 */
const PLAIN_PINNED_RELEASE = new RegExp(` {2}([a-z0-9][a-z0-9-]*):\\n {4}contract: (${PLAIN_WITH_COLONS_SHAPE})\\n {4}image: (${PLAIN_WITH_COLONS_SHAPE})\\n {4}platform: (${PLAIN_VERSION_SHAPE})\\n`, 'y');
/** One entry of retained data: `  <service>:` and `    database: true|false`. */
const RETAINED = / {2}([a-z0-9][a-z0-9-]*):\n {4}database: (true|false)\n/y;

/**
 * Reads a promotion-state file written in the canonical form (see `environmentStateYaml`), or
 * returns undefined when it is not in that form. The form is checked while reading, exactly as the
 * writer produces it: `header` (the lines after `---` up to `kind:`), `environment:`, then
 * `releases:` with services in ascending order, each with its fields in the writer's order and every
 * name and value one the writer writes plain (`plain`; values of the shapes `PLAIN_WITH_COLONS_SHAPE` and
 * `PLAIN_VERSION_SHAPE` of a pinned release are plain without asking), then `retained:` likewise. Each entry is one
 * match of a sticky regular expression (no split into lines), so a 5,000-release file is read in a
 * few milliseconds even by code that has not warmed up. Whatever this accepts, the writer writes back
 * byte for byte (a property test holds it to that), so the general YAML parser would read the same value.
 */
export function parseCanonicalEnvironmentState(text: string, header: readonly string[], plain: (value: string) => boolean): CanonicalEnvironmentState | undefined {
  const prefix = `---\n${header.join('\n')}\nenvironment: `;
  if (!text.startsWith(prefix)) return undefined;
  const eol = text.indexOf('\n', prefix.length);
  if (eol < 0) return undefined;
  const environment = text.slice(prefix.length, eol);
  if (!plain(environment)) return undefined;
  const releases: Record<string, Record<string, string>> = {};
  const retained: Record<string, { database: boolean }> = {};
  let at = eol + 1;
  if (text.startsWith('releases:\n', at)) {
    at += 'releases:\n'.length;
    let previous = '';
    for (;;) {
      // The common entry (pinned, values of plain shapes) by one match; any other by the general one.
      PLAIN_PINNED_RELEASE.lastIndex = at;
      let m = PLAIN_PINNED_RELEASE.exec(text);
      const shaped = m !== null;
      if (shaped) {
        at = PLAIN_PINNED_RELEASE.lastIndex;
      } else {
        RELEASE.lastIndex = at;
        m = RELEASE.exec(text);
        if (!m) break;
        at = RELEASE.lastIndex;
      }
      const service = m![1];
      const [, , contract, image, platform] = m!;
      if (!(service > previous) || !plain(service)) return undefined;
      if (shaped) {
        releases[service] = { contract, image, platform };
      } else {
        if (contract === undefined && image === undefined && platform === undefined) return undefined;
        if ((contract !== undefined && !plain(contract)) || (image !== undefined && !plain(image)) || (platform !== undefined && !plain(platform))) return undefined;
        const fields: Record<string, string> = {};
        if (contract !== undefined) fields.contract = contract;
        if (image !== undefined) fields.image = image;
        if (platform !== undefined) fields.platform = platform;
        releases[service] = fields;
      }
      previous = service;
    }
    if (previous === '') return undefined;
  }
  if (text.startsWith('retained:\n', at)) {
    at += 'retained:\n'.length;
    let previous = '';
    RETAINED.lastIndex = at;
    for (let m = RETAINED.exec(text); m; m = RETAINED.exec(text)) {
      const service = m[1];
      if (!(service > previous) || !plain(service)) return undefined;
      retained[service] = { database: m[2] === 'true' };
      previous = service;
      at = RETAINED.lastIndex;
    }
    if (previous === '') return undefined;
  }
  if (at !== text.length) return undefined;
  return { environment, releases, retained };
}

/** One release with its contract, image and platform lines (in the writer's order); values not checked. */
const PINNED_RELEASE = / {2}[a-z0-9][a-z0-9-]*:\n {4}contract: [^\n]*\n {4}image: [^\n]*\n {4}platform: [^\n]*\n/y;
/** One entry of retained data; value checked. */
const RETAINED_ENTRY = / {2}[a-z0-9][a-z0-9-]*:\n {4}database: (?:true|false)\n/y;

/**
 * The end of the run of `entry` matches starting at `at` in `text`, and how many there were. One
 * sticky match per entry: V8 interprets a regular expression the first times it runs it and compiles
 * it after, so a loop over small matches runs compiled almost from the start, where one pattern over a
 * megabyte of text would be interpreted all the way (about 10 ms per megabyte, against under 1 ms).
 */
function entriesFrom(text: string, at: number, entry: RegExp): { end: number; count: number } {
  let end = at;
  let count = 0;
  entry.lastIndex = at;
  while (entry.test(text)) {
    end = entry.lastIndex;
    count++;
  }
  return { end, count };
}

/**
 * True when `text` has the canonical layout (`---`, `header`, `environment:`) and every release in it
 * pins a contract and a platform version: a file with nothing to migrate. One sticky regular
 * expression per entry, no value read, so a verb can tell that of every environment at about a
 * millisecond per megabyte; false only means "read it properly" (the values are not checked here).
 */
export function everyReleasePinned(text: string, header: readonly string[]): boolean {
  const prefix = `---\n${header.join('\n')}\nenvironment: `;
  if (!text.startsWith(prefix)) return false;
  const eol = text.indexOf('\n', prefix.length);
  if (eol < 0) return false;
  let at = eol + 1;
  if (text.startsWith('releases:\n', at)) {
    const releases = entriesFrom(text, at + 'releases:\n'.length, PINNED_RELEASE);
    if (releases.count === 0) return false;
    at = releases.end;
  }
  if (text.startsWith('retained:\n', at)) {
    const retained = entriesFrom(text, at + 'retained:\n'.length, RETAINED_ENTRY);
    if (retained.count === 0) return false;
    at = retained.end;
  }
  return at === text.length;
}

/** A release's three lines as the writer writes them (every field present: a pinned release). */
export interface PinnedReleaseFields {
  readonly contract: string;
  readonly image: string;
  readonly platform: string;
}

/** One edit of the text: replace `[at, end)` by `insert`. */
export interface TextEdit {
  readonly at: number;
  readonly end: number;
  readonly insert: string;
}

/**
 * The bytes of a text with the edits applied, made from the text's own bytes (copied once, in runs),
 * for a text whose every character is one byte (ASCII, as every canonical promotion-state file is:
 * check `bytes.length === text.length`); the inserted text is ASCII too.
 */
export function applyByteEdits(bytes: Buffer, edits: readonly TextEdit[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(bytes.subarray(at, e.at), Buffer.from(e.insert, 'latin1'));
    at = e.end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/**
 * The text a scoped read or splice searches: a string, or the bytes of an ASCII file (where byte
 * offsets are character offsets), searched natively without decoding them.
 */
export interface Haystack {
  readonly length: number;
  indexOf(needle: string, from: number): number;
  lastIndexOf(needle: string, from: number): number;
  /** The character code at `at`. */
  codeAt(at: number): number;
  slice(from: number, to: number): string;
}

/** A string as a Haystack. */
export function textHaystack(text: string): Haystack {
  return {
    length: text.length,
    indexOf: (n, f) => text.indexOf(n, f),
    lastIndexOf: (n, f) => text.lastIndexOf(n, f),
    codeAt: (i) => text.charCodeAt(i),
    slice: (f, t) => text.slice(f, t),
  };
}

/** The bytes of an ASCII text as a Haystack (the caller knows them ASCII: offsets are then characters). */
export function bytesHaystack(bytes: Buffer): Haystack {
  // A negative offset would count from the end for a Buffer (not for a string): none is searched from there.
  return {
    length: bytes.length,
    indexOf: (n, f) => bytes.indexOf(n, Math.max(0, f), 'latin1'),
    lastIndexOf: (n, f) => (f < 0 ? -1 : bytes.lastIndexOf(n, f, 'latin1')),
    codeAt: (i) => bytes[i],
    slice: (f, t) => bytes.toString('latin1', f, t),
  };
}

/** One section of a file `everyReleasePinned` accepts: its header line and its entries `[from, to)`. */
export interface PinnedSection {
  /** Offset of the `releases:` or `retained:` line (where it would go when the section is absent). */
  readonly header: number;
  /** Offset of the first entry (equal to `to` when the section has none). */
  readonly from: number;
  /** Offset just after the last entry. */
  readonly to: number;
}

/** Where a file `everyReleasePinned` accepts keeps its environment and its two sections. */
export interface PinnedLayout {
  /** The environment as written on its line. */
  readonly environment: string;
  readonly releases: PinnedSection;
  readonly retained: PinnedSection;
}

/**
 * The layout of a text `everyReleasePinned` accepts (the caller has told that, or made the text from
 * one by `splicePinnedState`), found with a few searches: the environment's value, and each
 * section's header and entries. In that layout a line `releases:` or `retained:` can only be a
 * section's header. Undefined when the text does not start as such a file does.
 */
export function pinnedLayout(text: Haystack, header: readonly string[]): PinnedLayout | undefined {
  const prefix = `---\n${header.join('\n')}\nenvironment: `;
  if (text.length < prefix.length || text.slice(0, prefix.length) !== prefix) return undefined;
  const eol = text.indexOf('\n', prefix.length);
  if (eol < 0) return undefined;
  const body = eol + 1;
  const startsAt = (line: string, at: number) => text.slice(at, at + line.length) === line;
  const hasReleases = startsAt('releases:\n', body);
  const retainedAt = startsAt('retained:\n', body) ? body : text.indexOf('\nretained:\n', body) + 1 || text.length;
  const releases = hasReleases ? { header: body, from: body + 'releases:\n'.length, to: retainedAt } : { header: body, from: body, to: body };
  const retained = retainedAt < text.length ? { header: retainedAt, from: retainedAt + 'retained:\n'.length, to: text.length }
    : { header: text.length, from: text.length, to: text.length };
  return { environment: text.slice(prefix.length, eol), releases, retained };
}

/** Lines of one entry: a pinned release (name, contract, image, platform) and a retained entry (name, database). */
const RELEASE_LINES = 4;
const RETAINED_LINES = 2;
/** Line counts of the two entry kinds, for `pinnedEntry`. */
export const PINNED_ENTRY_LINES = { release: RELEASE_LINES, retained: RETAINED_LINES } as const;

/** The offset after `lines` more line ends from `at`. */
function afterLines(text: Haystack, at: number, lines: number): number {
  let end = at;
  for (let i = 0; i < lines; i++) end = text.indexOf('\n', end) + 1;
  return end;
}

/**
 * The entry `  <name>:` followed by `field` inside `section`: `[at, end)` of its `lines` lines;
 * undefined when there is none, null when there are two (a hand edit: let the caller read it in full).
 */
export function pinnedEntry(text: Haystack, section: PinnedSection, name: string, field: string, lines: number): { at: number; end: number } | undefined | null {
  if (section.from === section.to) return undefined;
  const needle = `\n  ${name}:\n${field}`;
  const found = text.indexOf(needle, section.from - 1);
  if (found < 0 || found + 1 >= section.to) return undefined;
  const again = text.indexOf(needle, found + 1);
  if (again >= 0 && again + 1 < section.to) return null;
  return { at: found + 1, end: afterLines(text, found + 1, lines) };
}

/** The value of the line starting at `at` after its `key` (e.g. `    image: `), and where the next line starts. */
function lineValue(text: Haystack, at: number, key: string): { value: string; next: number } {
  const eol = text.indexOf('\n', at + key.length);
  return { value: text.slice(at + key.length, eol), next: eol + 1 };
}

/** The values of a pinned release entry `[at, end)`: the text after `contract: `, `image: ` and `platform: `. */
export function pinnedEntryFields(text: Haystack, entry: { at: number; end: number }): PinnedReleaseFields {
  const contract = lineValue(text, text.indexOf('\n', entry.at) + 1, '    contract: ');
  const image = lineValue(text, contract.next, '    image: ');
  const platform = lineValue(text, image.next, '    platform: ');
  return { contract: contract.value, image: image.value, platform: platform.value };
}

/** The `database:` value of a retained entry `[at, end)`. */
export function retainedEntryDatabase(text: Haystack, entry: { at: number; end: number }): string {
  return lineValue(text, text.indexOf('\n', entry.at) + 1, '    database: ').value;
}

/**
 * Where the entry of `name` goes among the sorted entries of `section`: the start of the first entry
 * whose name sorts after it, by a binary search over the text (each probe steps back to the start of
 * the entry it lands in: the line that starts with two spaces and a name).
 */
function pinnedInsertion(text: Haystack, section: PinnedSection, name: string, lines: number): number {
  let lo = section.from;
  let hi = section.to;
  while (lo < hi) {
    let start = text.lastIndexOf('\n  ', Math.floor((lo + hi) / 2));
    while (start >= lo && text.codeAt(start + 3) === 0x20) start = text.lastIndexOf('\n  ', start - 1);
    const at = Math.max(lo, start + 1);
    const end = afterLines(text, at, lines);
    if (text.slice(at + 2, text.indexOf(':', at)) < name) lo = end;
    else hi = at;
  }
  return lo;
}

/**
 * The text edits of one section that set (or remove: null) the entries of some names, each entry
 * `entryText(name, value)` of `lines` lines, found by one search or placed by a binary search. The
 * header goes with the last entry and comes with the first. Undefined when an entry is there twice.
 */
function sectionSplice<T>(text: Haystack, section: PinnedSection, title: string, field: string, lines: number,
  edits: ReadonlyMap<string, T | null>, entryText: (name: string, value: T) => string): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  let removed = 0;
  let kept = false;
  for (const name of [...edits.keys()].sort()) {
    const value = edits.get(name)!;
    const entry = pinnedEntry(text, section, name, field, lines);
    if (entry === null) return undefined;
    if (entry) {
      out.push({ at: entry.at, end: entry.end, insert: value === null ? '' : entryText(name, value) });
      if (value === null) removed += entry.end - entry.at;
      else kept = true;
    } else if (value !== null) {
      const at = section.from === section.to ? section.to : pinnedInsertion(text, section, name, lines);
      out.push({ at, end: at, insert: entryText(name, value) });
      kept = true;
    }
  }
  const had = section.from < section.to;
  if (had && !kept && removed === section.to - section.from) return [{ at: section.header, end: section.to, insert: '' }];
  if (!had && kept) return [{ at: section.header, end: section.header, insert: `${title}\n${out.map((e) => e.insert).join('')}` }];
  return out;
}

/**
 * The edits that set or remove (null) some releases and retained entries of a text `everyReleasePinned`
 * accepts (`layout` is its `pinnedLayout`), found by searches of the text alone: no entry is read but
 * those edited. Every edited name and value must be one the writer writes plain (`plain`). For a file
 * zave wrote (entries sorted, values plain) the result is byte-equal to writing the whole file again
 * (a property test holds it to that), and is again a text `everyReleasePinned` accepts. In a base a
 * hand edit put out of order, new entries go where a binary search puts them. Undefined when that
 * needs the whole file written (an edited entry there twice, a value the writer would quote).
 */
export function splicePinnedState(text: Haystack, layout: PinnedLayout, plain: (value: string) => boolean,
  releases: ReadonlyMap<string, PinnedReleaseFields | null>, retained: ReadonlyMap<string, { readonly database: boolean } | null>): TextEdit[] | undefined {
  const nameOk = (s: string) => /^[a-z0-9][a-z0-9-]*$/.test(s) && plain(s);
  for (const [service, r] of releases) {
    if (!nameOk(service)) return undefined;
    // Printable ASCII only: the caller splices bytes, where offsets are characters.
    if (r !== null && ![r.contract, r.image, r.platform].every((v) => plain(v) && /^[\x20-\x7e]*$/.test(v))) return undefined;
  }
  for (const service of retained.keys()) if (!nameOk(service)) return undefined;
  const rel = sectionSplice(text, layout.releases, 'releases:', '    contract: ', RELEASE_LINES, releases,
    (s, r) => `  ${s}:\n    contract: ${r.contract}\n    image: ${r.image}\n    platform: ${r.platform}\n`);
  const ret = sectionSplice(text, layout.retained, 'retained:', '    database: ', RETAINED_LINES, retained,
    (s, r) => `  ${s}:\n    database: ${r.database ? 'true' : 'false'}\n`);
  if (!rel || !ret) return undefined;
  const edits = [...rel, ...ret].sort((a, b) => a.at - b.at || a.end - b.end);
  for (let i = 1; i < edits.length; i++) if (edits[i].at < edits[i - 1].end) return undefined;
  return edits;
}
