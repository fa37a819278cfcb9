/**
 * The fast path of small flat YAML files such as `zave.yaml`: one `key: value` per line, read without
 * the general YAML parser.
 *
 * The general parser (`readYamlInput`) builds a full document with positions, which costs ~0.4 ms for a
 * five-line contract; a GitOps repository of 1,000 workloads parses 1,000 of them on every synth. This
 * reader accepts only a deliberately small subset of YAML whose meaning is unambiguous, and returns
 * exactly the value `readYamlInput` would return for it (a property test holds it to that). Anything
 * outside the subset returns undefined, and the caller goes through the general parser, which also
 * reports every problem with its line and column. So the subset may be as strict as it likes.
 *
 * The subset:
 * - printable ASCII and line feeds only (no byte-order mark, CR, tab, control or non-ASCII character),
 *   at most `maxBytes` long;
 * - an optional first line `---`; empty lines; comment lines starting with `#` in column 1;
 * - every other line `key: value` starting in column 1, with one or more spaces after the colon;
 * - keys match `[a-z][A-Za-z0-9]*` (at most 64 characters), are not `null`, `true` or `false` in any
 *   case, and appear once;
 * - a value is one of
 *   - plain words of `[A-Za-z0-9._/,*-]` separated by single spaces, the first starting with a letter or
 *     digit (so `zave.dev/v1` and a cron schedule such as `0 3 * * *`, as zave's own YAML writer leaves
 *     it, are in): no YAML 1.2 core-schema value other than a string can be written this way except
 *     `null`, `true`, `false` (in their case variants) and numbers, so a single word that is one of
 *     those three in any case, or that starts with a digit, is out;
 *   - a double-quoted string with no `"` or `\` inside;
 *   - a single-quoted string with no `'` inside;
 *   and nothing may follow it on the line (no trailing space or comment);
 * - at least one key.
 * Values are therefore always strings: numbers, booleans, nulls, nested collections, block scalars,
 * anchors, aliases, tags, trailing comments and `%YAML` directives (with YAML 1.1's booleans and
 * timestamps) all go through the general parser.
 */

import { MAX_INPUT_BYTES } from './yaml-input';

/** Printable ASCII and line feeds (applied to bytes decoded as Latin-1, so it also rejects every byte >= 0x80). */
const PRINTABLE = /^[\x20-\x7e\n]*$/;
const LINE = /^([a-z][A-Za-z0-9]{0,63}): +(.*)$/;
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._/,*-]*(?: [A-Za-z0-9._/,*-]+)*$/;
/** One plain word starting with a digit: perhaps a number (`010`, `1e3`, `0x1F`), so left to the general parser. */
const NUMBER_LIKE = /^[0-9][^ ]*$/;
const DOUBLE_QUOTED = /^"([^"\\]*)"$/;
const SINGLE_QUOTED = /^'([^']*)'$/;
/** Words the YAML 1.2 core schema reads as null or a boolean (`Null`, `TRUE`, ...), in any case to be safe. */
const SPECIAL = /^(?:null|true|false)$/i;

/**
 * Reads a flat mapping of string values in the subset described above, or returns undefined when the
 * input is outside it. The value, when defined, is exactly what `readYamlInput(input).value` would be,
 * keys in file order. Never throws.
 */
export function readFlatMapping(input: Uint8Array | string, maxBytes = MAX_INPUT_BYTES): Record<string, unknown> | undefined {
  // ASCII only, so the length in characters is the length in bytes.
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > maxBytes) return undefined;
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  if (!PRINTABLE.test(text)) return undefined;
  const lines = text.split('\n');
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (let i = lines[0] === '---' ? 1 : 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' || line.charCodeAt(0) === 0x23 /* # */) continue;
    const m = LINE.exec(line);
    if (!m) return undefined;
    const key = m[1];
    if (seen.has(key) || SPECIAL.test(key)) return undefined;
    const value = scalar(m[2]);
    if (value === undefined) return undefined;
    seen.add(key);
    out[key] = value;
  }
  return seen.size > 0 ? out : undefined;
}

/** The string a value in the subset stands for, or undefined when it is outside the subset. */
function scalar(text: string): string | undefined {
  const first = text.charCodeAt(0);
  if (first === 0x22 /* " */) return DOUBLE_QUOTED.exec(text)?.[1];
  if (first === 0x27 /* ' */) return SINGLE_QUOTED.exec(text)?.[1];
  return PLAIN.test(text) && !SPECIAL.test(text) && !NUMBER_LIKE.test(text) ? text : undefined;
}
