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

const SERVICE = /^ {2}([a-z0-9][a-z0-9-]*):$/;
const FIELD = /^ {4}(contract|image|platform): (.*)$/;
const FIELD_ORDER: Record<string, number> = { contract: 0, image: 1, platform: 2 };
const RETAINED_DATABASE = /^ {4}database: (true|false)$/;

/**
 * Reads a promotion-state file written in the canonical form (see `environmentStateYaml`), or
 * returns undefined when it is not in that form. The form is checked while reading, line by line,
 * exactly as the writer produces it: `header` (the lines after `---` up to `kind:`), `environment:`,
 * then `releases:` with services in ascending order, each with its fields in the writer's order and
 * every name and value one the writer writes plain (`plain`). Whatever this accepts, the writer
 * writes back byte for byte (a property test holds it to that), so the general YAML parser would
 * read the same value.
 */
export function parseCanonicalEnvironmentState(text: string, header: readonly string[], plain: (value: string) => boolean): CanonicalEnvironmentState | undefined {
  const lines = text.split('\n');
  if (lines[lines.length - 1] !== '' || lines[0] !== '---') return undefined;
  let i = 1;
  for (const expected of header) if (lines[i++] !== expected) return undefined;
  const env = lines[i++];
  if (!env.startsWith('environment: ') || !plain(env.slice('environment: '.length))) return undefined;
  const environment = env.slice('environment: '.length);
  const releases: Record<string, Record<string, string>> = {};
  const retained: Record<string, { database: boolean }> = {};
  const last = lines.length - 1;
  if (lines[i] === 'releases:') {
    i++;
    let previous = '';
    while (i < last && lines[i] !== 'retained:') {
      const service = SERVICE.exec(lines[i++]);
      if (!service || !(service[1] > previous) || !plain(service[1])) return undefined;
      previous = service[1];
      const fields: Record<string, string> = {};
      let order = -1;
      for (let field = FIELD.exec(lines[i]); i < last && field; field = FIELD.exec(lines[++i])) {
        const rank = FIELD_ORDER[field[1]];
        if (rank <= order || !plain(field[2])) return undefined;
        order = rank;
        fields[field[1]] = field[2];
      }
      if (order < 0) return undefined;
      releases[previous] = fields;
    }
    if (previous === '') return undefined;
  }
  if (lines[i] === 'retained:') {
    i++;
    let previous = '';
    while (i < last) {
      const service = SERVICE.exec(lines[i++]);
      const database = RETAINED_DATABASE.exec(lines[i++] ?? '');
      if (!service || !database || !(service[1] > previous) || !plain(service[1])) return undefined;
      previous = service[1];
      retained[previous] = { database: database[1] === 'true' };
    }
    if (previous === '') return undefined;
  }
  return i === last ? { environment, releases, retained } : undefined;
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
