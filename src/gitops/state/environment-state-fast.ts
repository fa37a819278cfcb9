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
/** One entry of retained data: `  <service>:` and `    database: true|false`. */
const RETAINED = / {2}([a-z0-9][a-z0-9-]*):\n {4}database: (true|false)\n/y;

/**
 * Reads a promotion-state file written in the canonical form (see `environmentStateYaml`), or
 * returns undefined when it is not in that form. The form is checked while reading, exactly as the
 * writer produces it: `header` (the lines after `---` up to `kind:`), `environment:`, then
 * `releases:` with services in ascending order, each with its fields in the writer's order and every
 * name and value one the writer writes plain (`plain`), then `retained:` likewise. Each entry is one
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
    RELEASE.lastIndex = at;
    for (let m = RELEASE.exec(text); m; m = RELEASE.exec(text)) {
      const service = m[1];
      const [, , contract, image, platform] = m;
      if (!(service > previous) || !plain(service) || (contract === undefined && image === undefined && platform === undefined)) return undefined;
      if ((contract !== undefined && !plain(contract)) || (image !== undefined && !plain(image)) || (platform !== undefined && !plain(platform))) return undefined;
      const fields: Record<string, string> = {};
      if (contract !== undefined) fields.contract = contract;
      if (image !== undefined) fields.image = image;
      if (platform !== undefined) fields.platform = platform;
      releases[service] = fields;
      previous = service;
      at = RELEASE.lastIndex;
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
  return at === text.length ? { environment, releases, retained } : undefined;
}

/**
 * The body after `environment:` of a canonical file whose every release has its contract, image and
 * platform lines (in the writer's order), then optionally the retained data. Values are not checked.
 */
const PINNED_BODY = /^(?:releases:\n(?: {2}[a-z0-9][a-z0-9-]*:\n {4}contract: [^\n]*\n {4}image: [^\n]*\n {4}platform: [^\n]*\n)+)?(?:retained:\n(?: {2}[a-z0-9][a-z0-9-]*:\n {4}database: (?:true|false)\n)+)?$/;

/**
 * True when `text` has the canonical layout (`---`, `header`, `environment:`) and every release in it
 * pins a contract and a platform version: a file with nothing to migrate. One regular expression over
 * the text and no work per release, so a verb can tell that of every environment without reading
 * them all; false only means "read it properly" (the values are not checked here).
 */
export function everyReleasePinned(text: string, header: readonly string[]): boolean {
  const prefix = `---\n${header.join('\n')}\nenvironment: `;
  if (!text.startsWith(prefix)) return false;
  const eol = text.indexOf('\n', prefix.length);
  return eol >= 0 && PINNED_BODY.test(text.slice(eol + 1));
}

/**
 * True when `text` is a file `everyReleasePinned` accepts and has no release of `service` (which is a
 * valid service name): in that layout a release is the line `  <service>:` followed by its contract.
 */
export function pinnedWithoutRelease(text: string, header: readonly string[], service: string): boolean {
  return !text.includes(`\n  ${service}:\n    contract: `) && everyReleasePinned(text, header);
}
