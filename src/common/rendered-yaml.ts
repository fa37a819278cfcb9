import * as YAML from 'yaml';

/**
 * Reads the YAML zave itself writes under deploy/ (block style, two-space indentation, sequences
 * indented, one-line scalars, empty `{}` and `[]`), many times faster than a general parser, which the page
 * needs at 1000 workloads x 3 environments. Anything outside that subset (flow collections, block
 * scalars, anchors, tags, comments after values, multi-line scalars, duplicate keys, characters YAML
 * treats specially) falls back to the `yaml` package for the whole text, so the result is always
 * what that package reads.
 */
export function readRenderedDocuments(text: string): any[] {
  return readGeneratedDocuments(text) ?? YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

/** The fast reader alone: the documents, or undefined when the text is outside the subset it reads. */
export function readGeneratedDocuments(text: string): any[] | undefined {
  try {
    return new Reader(text).documents();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/**
 * True for a character the reader takes besides printable ASCII: the printable rest of the Basic
 * Multilingual Plane, without surrogates (so nothing outside the BMP), the byte-order mark or the line
 * and paragraph separators. Tabs, carriage returns and other control characters are left to the full
 * parser; every character of a line the reader reads is checked (keys by their own table).
 */
function printableBeyondAscii(c: number): boolean {
  return (c >= 0xa0 && c <= 0xd7ff && c !== 0x2028 && c !== 0x2029) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

class Unsupported extends Error {}

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;

/** Character classes by code (ASCII): 0 = not in a plain key, 2 = a letter or `_`, 1 = another key character (a key starting with one may be a number). */
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) KEY_CHAR[c] = 2;
  else if (/[0-9./-]/.test(ch)) KEY_CHAR[c] = 1;
}
/** Characters that may not start a plain scalar (YAML indicators; `-` is checked on its own). */
const NOT_PLAIN_FIRST = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/** Plain words the core schema reads as booleans or null (as keys: something other than that string). */
const RESOLVED_WORDS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);
/**
 * Numbers read here, by `Number`: integers without leading zeros of at most 15 digits, and decimal
 * fractions, exactly what the full parser reads (`parseInt`, `parseFloat`).
 */
const INT = /^-?(0|[1-9][0-9]{0,14})$/;
const FLOAT = /^-?(0|[1-9][0-9]*)\.[0-9]+$/;
/**
 * Every other plain scalar starting like a number that the core schema of YAML 1.2 (the `yaml`
 * package's default) reads as a number: integers, octal, hexadecimal, floats, exponents, infinity and
 * not-a-number (a superset: `-.nan` is a string there). Left to the full parser; any other such word
 * (`1.0.0`, an image tag `0660b0a59514`, `10s`) is a string.
 */
const NUMBER = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN)|0o[0-7]+|0x[0-9a-fA-F]+)$/;
/** Escapes a double-quoted YAML scalar and JSON read the same way. */
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

/** Slots of the key table below. */
const KEY_SLOTS = 4096;
/**
 * Plain keys seen so far, by a hash of their length and characters, as internalized strings: a manifest holds a
 * few hundred distinct keys thousands of times, and a property key V8 has internalized is set and
 * looked up without hashing it again. Bounded (a full table only stops remembering); no effect on results.
 */
const keySlots: (string | undefined)[] = new Array(KEY_SLOTS).fill(undefined);
let keysRemembered = 0;

/** The plain key `[start, end)` of `text` (not empty), checked: a string the core schema reads as itself. */
function plainKey(text: string, start: number, end: number): string {
  const length = end - start;
  // A hash of the length and three characters (keys of one length mostly differ in one of them); probing settles the rest.
  const hash = length * 7919 + text.charCodeAt(start) * 131 + text.charCodeAt(end - 1) * 31 + text.charCodeAt(start + Math.floor(length / 2));
  for (let probe = 0; probe < 8; probe++) {
    const slot = (hash + probe) % KEY_SLOTS;
    const known = keySlots[slot];
    if (known === undefined) {
      const key = checkedKey(text.slice(start, end));
      if (keysRemembered >= KEY_SLOTS / 2) return key;
      keysRemembered++;
      return (keySlots[slot] = Object.keys({ [key]: true })[0]);
    }
    if (known.length === length && text.startsWith(known, start)) return known;
  }
  return checkedKey(text.slice(start, end));
}

/** A plain key the core schema reads as that very string (not a boolean, null or number), else Unsupported. */
function checkedKey(key: string): string {
  if (RESOLVED_WORDS.has(key) || (KEY_CHAR[key.charCodeAt(0)] !== 2 && NUMBER.test(key))) throw new Unsupported();
  return key;
}

/**
 * One pass over the text, line by line, without splitting it: the current significant line is
 * `indent` (-1 at a document boundary or the end) and its content `[start, end)` (trailing spaces cut).
 */
class Reader {
  private next = 0;
  private indent = -1;
  private start = 0;
  private end = 0;
  /** True when the current boundary is a `---` line (another document follows), false at the end of the text. */
  private separator = false;

  constructor(private readonly text: string) {}

  documents(): any[] {
    const docs: any[] = [];
    for (;;) {
      this.advance();
      if (this.indent === 0) {
        const value = this.block(0);
        if (!this.atBoundary()) throw new Unsupported();
        docs.push(value);
      } else if (this.indent > 0) {
        throw new Unsupported();
      }
      if (!this.separator) return docs;
    }
  }

  /** Moves to the next line that is neither blank nor a comment, stopping at `---` and at the end. */
  private advance(): void {
    const text = this.text;
    const length = text.length;
    while (this.next < length) {
      const lineStart = this.next;
      let eol = text.indexOf('\n', lineStart);
      if (eol < 0) eol = length;
      this.next = eol + 1;
      let first = lineStart;
      while (first < eol && text.charCodeAt(first) === SPACE) first++;
      if (first === eol) continue;
      const c = text.charCodeAt(first);
      if (c === HASH) {
        for (let p = first; p < eol; p++) {
          const k = text.charCodeAt(p);
          if (k < SPACE || (k > 0x7e && !printableBeyondAscii(k))) throw new Unsupported();
        }
        continue;
      }
      let last = eol;
      while (text.charCodeAt(last - 1) === SPACE) last--;
      if (first === lineStart && (c === DASH || c === 46 /* . */ || c === 37 /* % */) && (text.startsWith('---', first) || text.startsWith('...', first) || c === 37)) {
        // A document start alone on its line; a marker with content after it, an end marker or a directive is left to the full parser.
        if (last - first !== 3 || c !== DASH || text.charCodeAt(first + 1) !== DASH) throw new Unsupported();
        this.indent = -1;
        this.separator = true;
        return;
      }
      this.indent = first - lineStart;
      this.start = first;
      this.end = last;
      return;
    }
    this.indent = -1;
    this.separator = false;
  }

  private atBoundary(): boolean {
    return this.indent === -1;
  }

  private isItem(): boolean {
    return this.text.charCodeAt(this.start) === DASH && (this.end - this.start === 1 || this.text.charCodeAt(this.start + 1) === SPACE);
  }

  /** The block (mapping or sequence) whose lines start at `indent`, from the current line on. */
  private block(indent: number): unknown {
    return this.isItem() ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const text = this.text;
    const out: Record<string, unknown> = {};
    while (this.indent === indent && !this.isItem()) {
      const start = this.start;
      const end = this.end;
      let key: string;
      let p: number;
      const c = text.charCodeAt(start);
      if (c === DQUOTE || c === SQUOTE) {
        p = this.quotedEnd(start, end);
        key = this.quoted(start, p) as string;
      } else {
        p = start;
        if (c >= 128 || KEY_CHAR[c] === 0) throw new Unsupported();
        while (p < end) {
          const k = text.charCodeAt(p);
          if (k >= 128 || KEY_CHAR[k] === 0) break;
          p++;
        }
        key = plainKey(text, start, p);
      }
      // `key:` then the end of the line or a space.
      if (text.charCodeAt(p) !== COLON || p >= end) throw new Unsupported();
      p++;
      if (p < end && text.charCodeAt(p) !== SPACE) throw new Unsupported();
      if (key === '__proto__' || out[key] !== undefined) throw new Unsupported();
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p < end) {
        out[key] = this.scalar(p, end);
        this.advance();
      } else {
        this.advance();
        out[key] = this.indent > indent || (this.indent === indent && this.isItem()) ? this.block(this.indent) : null;
      }
    }
    if (this.indent > indent) throw new Unsupported();
    return out;
  }

  private sequence(indent: number): unknown[] {
    const text = this.text;
    const out: unknown[] = [];
    while (this.indent === indent && this.isItem()) {
      let p = this.start + 1;
      while (p < this.end && text.charCodeAt(p) === SPACE) p++;
      // `-` alone (its value on the next lines) and `- - x` are left to the full parser.
      if (p === this.end || this.isItemAt(p)) throw new Unsupported();
      if (this.isKeyAt(p)) {
        // `- key: value` opens a mapping whose further keys sit at the column of `key`.
        const inner = indent + (p - this.start);
        this.indent = inner;
        this.start = p;
        out.push(this.mapping(inner));
      } else {
        out.push(this.scalar(p, this.end));
        this.advance();
      }
    }
    return out;
  }

  private isItemAt(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && (p + 1 === this.end || this.text.charCodeAt(p + 1) === SPACE);
  }

  /** True when the content at `p` reads as `key:` (a plain or quoted key, then a colon at the end or before a space). */
  private isKeyAt(p: number): boolean {
    const text = this.text;
    const end = this.end;
    const c = text.charCodeAt(p);
    let q: number;
    if (c === DQUOTE || c === SQUOTE) {
      q = this.quotedEnd(p, end);
    } else {
      q = p;
      while (q < end) {
        const k = text.charCodeAt(q);
        if (k >= 128 || KEY_CHAR[k] === 0) break;
        q++;
      }
    }
    return q < end && text.charCodeAt(q) === COLON && (q + 1 === end || text.charCodeAt(q + 1) === SPACE);
  }

  /** The position after the closing quote of the quoted scalar at `start` (which must close before `end`). */
  private quotedEnd(start: number, end: number): number {
    const text = this.text;
    const quote = text.charCodeAt(start);
    let p = start + 1;
    for (;;) {
      if (p >= end) throw new Unsupported();
      const c = text.charCodeAt(p);
      if (c < SPACE || (c > 0x7e && !printableBeyondAscii(c))) throw new Unsupported();
      if (c === quote) {
        if (quote === SQUOTE && text.charCodeAt(p + 1) === SQUOTE && p + 1 < end) {
          p += 2;
          continue;
        }
        return p + 1;
      }
      p += c === BACKSLASH && quote === DQUOTE ? 2 : 1;
    }
  }

  /** The string of the quoted scalar `[start, end)` (quotes included). */
  private quoted(start: number, end: number): string {
    const text = this.text;
    const inner = text.slice(start + 1, end - 1);
    if (text.charCodeAt(start) === SQUOTE) return inner.includes("'") ? inner.replace(/''/g, "'") : inner;
    if (!inner.includes('\\')) return inner;
    // Only the escapes JSON and YAML read alike.
    if (inner.replace(JSON_ESCAPE, '').includes('\\')) throw new Unsupported();
    return JSON.parse(text.slice(start, end)) as string;
  }

  /** The value of the one-line scalar `[start, end)`. */
  private scalar(start: number, end: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === DQUOTE || c === SQUOTE) {
      if (this.quotedEnd(start, end) !== end) throw new Unsupported();
      return this.quoted(start, end);
    }
    if (end - start === 2) {
      // Empty flow collections are the one flow form the serializer writes (`podSelector: {}`).
      const pair = text.slice(start, end);
      if (pair === '{}') return {};
      if (pair === '[]') return [];
    }
    if (NOT_PLAIN_FIRST.has(c) || (c === DASH && (end - start === 1 || text.charCodeAt(start + 1) === SPACE))) throw new Unsupported();
    // A plain scalar ends at `: `, a trailing `:` or ` #`: any of them is left to the full parser.
    for (let p = start; p < end; p++) {
      const k = text.charCodeAt(p);
      if (k <= COLON) {
        if (k < SPACE) throw new Unsupported();
        if (k === COLON) {
          if (p + 1 === end || text.charCodeAt(p + 1) === SPACE) throw new Unsupported();
        } else if (k === HASH && text.charCodeAt(p - 1) === SPACE) {
          throw new Unsupported();
        }
      } else if (k > 0x7e && !printableBeyondAscii(k)) {
        throw new Unsupported();
      }
    }
    const value = text.slice(start, end);
    if ((c >= 48 && c <= 57) || c === DASH || c === 43 /* + */ || c === 46 /* . */) {
      if (INT.test(value) || FLOAT.test(value)) return Number(value);
      if (NUMBER.test(value)) throw new Unsupported();
      return value;
    }
    // The core schema's null and booleans: the lower-case ones are read, the others left to the full parser.
    if (value.length <= 5 && (c === 126 /* ~ */ || c === 116 || c === 84 || c === 102 || c === 70 || c === 110 || c === 78 /* tTfFnN */) && (value === '~' || RESOLVED_WORDS.has(value))) {
      if (value === 'true') return true;
      if (value === 'false') return false;
      if (value === 'null' || value === '~') return null;
      throw new Unsupported();
    }
    return value;
  }
}
