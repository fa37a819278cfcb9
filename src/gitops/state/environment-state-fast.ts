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
  readonly apiVersion: string;
  readonly kind: string;
  readonly environment: string;
  /** Release fields per service, in file order. */
  readonly releases: Record<string, Record<string, string>>;
}

const TOP = /^(apiVersion|kind|environment): ([^\s"'#][^\s#]*)$/;
const SERVICE = /^ {2}([a-z0-9][a-z0-9-]*):$/;
const FIELD = /^ {4}(contract|image|platform): ([^\s"'#][^\s#]*)$/;

/**
 * Reads a promotion-state file written in the canonical form (see `environmentStateYaml`), or
 * returns undefined when it is not in that form. `render` writes a value back; the parse is accepted
 * only when `render` reproduces `text` byte for byte.
 */
export function parseCanonicalEnvironmentState(text: string, render: (state: CanonicalEnvironmentState) => string): CanonicalEnvironmentState | undefined {
  const lines = text.split('\n');
  let i = 0;
  if (lines[i++] !== '---') return undefined;
  while (i < lines.length && lines[i].startsWith('#')) i++;
  const top: Record<string, string> = {};
  for (; i < lines.length; i++) {
    const m = TOP.exec(lines[i]);
    if (!m) break;
    top[m[1]] = m[2];
  }
  if (top.apiVersion === undefined || top.kind === undefined || top.environment === undefined) return undefined;
  const releases: Record<string, Record<string, string>> = Object.create(null);
  if (lines[i] === 'releases:') {
    i++;
    let current: Record<string, string> | undefined;
    for (; i < lines.length; i++) {
      const line = lines[i];
      if (line === '' && i === lines.length - 1) break;
      const field = FIELD.exec(line);
      if (field && current) {
        current[field[1]] = field[2];
        continue;
      }
      const service = SERVICE.exec(line);
      if (!service || service[1] in releases) return undefined;
      current = {};
      releases[service[1]] = current;
    }
  } else if (!(lines[i] === '' && i === lines.length - 1)) {
    return undefined;
  }
  const state: CanonicalEnvironmentState = { apiVersion: top.apiVersion, kind: top.kind, environment: top.environment, releases: { ...releases } };
  return render(state) === text ? state : undefined;
}
