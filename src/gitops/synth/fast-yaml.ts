import * as YAML from 'yaml';
import { canonicalize, canonicalKeys, keepsEmptyMapping, toYaml } from '../../common/yaml-output';

/** Raised when a value needs a form the fast path does not produce (multi-line strings, odd keys). */
class NeedsFullSerializer extends Error {}

const SERIALIZER_OPTIONS = {
  version: '1.1', aliasDuplicateObjects: false, lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true, doubleQuotedAsJSON: false,
} as const;

/** Strings the shared serializer writes plain: a letter first, no space, colon, quote or flow character, not a YAML 1.1 boolean or null. */
const PLAIN = /^[A-Za-z][A-Za-z0-9_./=,-]*$/;
const YAML11_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
/** Letter-first strings that YAML 1.1 reads as floats (its float has an optional integer part: `e5`, `E-3`), so they are quoted. */
const YAML11_FLOAT = /^[eE][-+]?[0-9]+$/;
/**
 * Image references, digests and URLs: a letter first, colons only between other plain characters
 * (never `: ` or a trailing colon). The pattern's source, for readers that match it inside a line.
 */
export const PLAIN_WITH_COLONS_SHAPE = '[A-Za-z][A-Za-z0-9_./=,@+-]*(?::[A-Za-z0-9_./=,@+-]+)+';
const PLAIN_WITH_COLONS = new RegExp(`^${PLAIN_WITH_COLONS_SHAPE}$`);
/**
 * Printable ASCII without `"` or `\\`, holding `: ` (so never plain): the shared serializer writes it
 * in double quotes exactly as it is (descriptions such as `svc in dev: its own namespace only`).
 */
const QUOTED_AS_IS = /^(?=[^]*: )[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** Release versions (`0.1.0`, `1.2.3-rc.1`): written plain (three dot-separated numbers are no YAML number). The pattern's source. */
export const PLAIN_VERSION_SHAPE = '\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?';
const PLAIN_VERSION = new RegExp(`^${PLAIN_VERSION_SHAPE}$`);

/** Bound of the memo below: cleared when full, so memory stays small whatever the input. */
const MEMO_LIMIT = 20_000;
/** Scalar text by string value (`null`: needs the full serializer). Rendering repeats the same strings thousands of times. */
const stringMemo = new Map<string, string | null>();

function scalar(value: unknown): string {
  if (typeof value === 'string') {
    const known = stringMemo.get(value);
    if (known !== undefined) {
      if (known === null) throw new NeedsFullSerializer();
      return known;
    }
    if (stringMemo.size >= MEMO_LIMIT) stringMemo.clear();
    try {
      const text = scalarText(value);
      stringMemo.set(value, text);
      return text;
    } catch (e) {
      if (e instanceof NeedsFullSerializer) stringMemo.set(value, null);
      throw e;
    }
  }
  return scalarText(value);
}

/** The text of one scalar (a pure function of the value: the memo above only saves recomputing it). */
function scalarText(value: unknown): string {
  if (typeof value === 'string') {
    if (plainYamlString(value) !== undefined) return value;
    if (QUOTED_AS_IS.test(value)) return `"${value}"`;
  } else if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  } else if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) { // the serializer writes -0 as `-0`
    return String(value);
  } else if (value === null) {
    return 'null';
  }
  // Anything else: exactly what the shared serializer writes for that scalar, when it fits on one line.
  const text = YAML.stringify(value, SERIALIZER_OPTIONS);
  if (text.indexOf('\n') !== text.length - 1) throw new NeedsFullSerializer();
  return text.slice(0, -1);
}

/**
 * The text `toYaml` writes for a string that it writes plain (no quotes), or undefined when the
 * string needs the shared serializer (quotes, escapes, a YAML 1.1 word, a leading digit that is
 * not a version). For hand-written emitters of one fixed shape (environments/<env>.yaml).
 */
export function plainYamlString(value: string): string | undefined {
  return (PLAIN.test(value) && !YAML11_WORDS.test(value) && !YAML11_FLOAT.test(value)) || PLAIN_WITH_COLONS.test(value) || PLAIN_VERSION.test(value) ? value : undefined;
}

/** Keys already known to be written plain (a handful of distinct keys make up every manifest). */
const plainKeys = new Set<string>();

function key(k: string): string {
  if (plainKeys.has(k)) return k;
  if (!PLAIN.test(k) || YAML11_WORDS.test(k) || YAML11_FLOAT.test(k)) throw new NeedsFullSerializer();
  if (plainKeys.size >= MEMO_LIMIT) plainKeys.clear();
  plainKeys.add(k);
  return k;
}

function isCollection(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

/**
 * The lines of `canonicalize(map)`, each ending in a newline ('' when that is empty), written straight
 * from `map` without building its canonical form: keys in canonical order, undefined entries and
 * empty mappings and lists left out (an empty mapping under a key that keeps it is written `{}`),
 * exactly the block-style lines the shared serializer writes for the canonical form. The first
 * line starts with `first` instead of `pad` (a list item's `- `).
 */
function rawMapText(map: Record<string, unknown>, pad: string, first: string): string {
  let text = '';
  let lead = first;
  for (const k of canonicalKeys(map)) {
    // canonicalize assigns every key to a new object, and assigning `__proto__` sets its prototype instead.
    if (k === '__proto__') throw new NeedsFullSerializer();
    const v = map[k];
    if (v === undefined) continue;
    if (!isCollection(v)) {
      text += `${lead}${key(k)}: ${scalar(v)}\n`;
    } else {
      const inner = Array.isArray(v) ? rawSeqText(v, `${pad}  `) : rawMapText(v as Record<string, unknown>, `${pad}  `, `${pad}  `);
      if (inner !== '') text += `${lead}${key(k)}:\n${inner}`;
      else if (keepsEmptyMapping(k, v)) text += `${lead}${key(k)}: {}\n`; // else: an empty collection, left out
      else continue;
    }
    lead = pad;
  }
  return text;
}

/** The lines of `canonicalize(seq)` (a block sequence), each ending in a newline ('' when that is empty). */
function rawSeqText(seq: unknown[], pad: string): string {
  let text = '';
  for (const item of seq) {
    if (item === undefined) continue;
    if (!isCollection(item)) {
      text += `${pad}- ${scalar(item)}\n`;
    } else if (Array.isArray(item)) {
      if (canonicalize(item) !== undefined) throw new NeedsFullSerializer();
    } else {
      text += rawMapText(item as Record<string, unknown>, `${pad}  `, `${pad}- `);
    }
  }
  return text;
}

/**
 * Byte-identical to `toYaml` (the one serializer) for the plain-JSON objects strategies render,
 * about ten times faster: block style is written directly, in canonical form (`canonicalize`'s key
 * order, without its empty entries) but without building that form, and every scalar the fast path
 * is not sure about is written by the shared serializer itself. Anything unusual (multi-line
 * strings, keys needing quotes, lists of lists) falls back to `toYaml` for the whole document.
 * Equality with `toYaml` is tested on every rendered object and on generated objects.
 */
export function fastYaml(value: unknown): string {
  if (!isCollection(value) || Array.isArray(value)) return toYaml(value);
  try {
    const text = rawMapText(value as Record<string, unknown>, '', '');
    return text === '' ? toYaml(value) : text;
  } catch (e) {
    if (e instanceof NeedsFullSerializer) return toYaml(value);
    throw e;
  }
}
