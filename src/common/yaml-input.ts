import * as YAML from 'yaml';
import { ContractIssue, IssueCode } from './issue';

/** Largest input file read (the yaml duplicate-key check is quadratic, so cap before parsing). */
export const MAX_INPUT_BYTES = 64 * 1024;

/** The issue for an input over the size cap (checked before reading or parsing). */
export function tooLargeIssue(file: string, size: number, maxBytes = MAX_INPUT_BYTES): ContractIssue {
  return {
    code: IssueCode.FILE_TOO_LARGE,
    file,
    line: 1,
    column: 1,
    path: '',
    message: `file is ${size} bytes (${(size / 1024).toFixed(1)} KiB); the limit is ${maxBytes} bytes (${maxBytes / 1024} KiB)`,
    hint: file.endsWith('zave.yaml') ? 'a zave.yaml is a few lines: check that this is the right file'
      : `zave reads at most ${maxBytes / 1024} KiB from this kind of file: check that this is the right file and that nothing large was added to it`,
  };
}

/** A parsed single YAML document with what is needed to locate nodes. */
export interface YamlInput {
  /** The document, or undefined when it could not be parsed at all. */
  readonly doc?: YAML.Document.Parsed;
  /** Plain JS value of the document (undefined when there were fatal problems). */
  readonly value?: unknown;
  /** Problems found while reading; fatal ones leave `value` undefined. */
  readonly issues: ContractIssue[];
  readonly lineCounter: YAML.LineCounter;
  readonly file: string;
}

function at(file: string, lc: YAML.LineCounter, offset: number | undefined, code: string, message: string, hint?: string, path = ''): ContractIssue {
  const pos = offset === undefined ? { line: 1, col: 1 } : lc.linePos(offset);
  return { code, file, line: pos.line, column: pos.col, path, message, ...(hint ? { hint } : {}) };
}

/**
 * Reads one YAML mapping document from bytes, defensively: size cap, strict UTF-8, one document,
 * no aliases or anchors, no unknown tags, no duplicate keys, a mapping at the top. Never throws.
 */
export function readYamlInput(input: Uint8Array | string, file: string, maxBytes = MAX_INPUT_BYTES): YamlInput {
  const lineCounter = new YAML.LineCounter();
  const fail = (code: string, message: string, hint?: string): YamlInput => ({
    issues: [at(file, lineCounter, undefined, code, message, hint)], lineCounter, file,
  });
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) return { issues: [tooLargeIssue(file, size, maxBytes)], lineCounter, file };
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const bad = firstInvalidUtf8(input);
    if (bad !== undefined) {
      const lineStart = input.lastIndexOf(0x0a, bad - 1) + 1;
      const line = input.subarray(0, lineStart).filter((b) => b === 0x0a).length + 1;
      const column = new TextDecoder('utf-8').decode(input.subarray(lineStart, bad)).length + 1;
      return {
        issues: [{
          code: IssueCode.NOT_UTF8,
          file,
          line,
          column,
          path: '',
          message: `file is not valid UTF-8: byte 0x${input[bad].toString(16).toUpperCase().padStart(2, '0')} cannot be decoded (was it saved as Latin-1 or UTF-16?)`,
          hint: 'save the file with UTF-8 encoding',
        }],
        lineCounter,
        file,
      };
    }
    text = new TextDecoder('utf-8').decode(input);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail(IssueCode.EMPTY, 'file is empty', 'a contract needs at least one line: "service: <name>"');
  if (text.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) {
    return fail(IssueCode.EMPTY, 'file has only comments, no fields', 'a contract needs at least one line: "service: <name>"');
  }

  let docs: YAML.Document.Parsed[];
  try {
    // Duplicate keys are found below in one linear pass (yaml's own check is quadratic in the keys of a map).
    const parsed = YAML.parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, stringKeys: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    return fail(IssueCode.YAML_SYNTAX, `could not parse YAML: ${(e as Error).message}`);
  }
  if (docs.length === 0) return fail(IssueCode.EMPTY, 'file has no YAML document');
  if (docs.length > 1) {
    const second = docs[1];
    return {
      issues: [at(file, lineCounter, second.range?.[0], IssueCode.MULTIPLE_DOCUMENTS,
        `file has ${docs.length} YAML documents; exactly one is allowed`, 'remove the "---" separator and everything after it')],
      lineCounter,
      file,
    };
  }
  const doc = docs[0];
  const issues: ContractIssue[] = [];
  const issueAt = (offset: number | undefined, code: string, message: string, hint?: string) =>
    issues.push(at(file, lineCounter, offset, code, message, hint, fieldAtOffset(doc, offset)));
  for (const err of doc.errors) {
    if (err.code === 'DUPLICATE_KEY') {
      const key = fieldAtOffset(doc, err.pos[0]);
      issueAt(err.pos[0], IssueCode.DUPLICATE_KEY, `field "${key}" appears more than once; YAML keeps only the last one`, `keep one "${key}:" line and delete the other`);
    } else {
      const tooDeep = /call stack/i.test(err.message);
      issueAt(err.pos[0], IssueCode.YAML_SYNTAX, tooDeep ? 'values are nested too deeply to read' : `YAML syntax error: ${firstLine(err.message)}`,
        tooDeep ? 'a zave file is flat: one "field: value" per line' : syntaxHint(err.code));
    }
  }
  for (const warn of doc.warnings) {
    if (warn.code === 'TAG_RESOLVE_FAILED') {
      const tag = shortTag(firstLine(warn.message).replace(/^Unresolved tag: /, ''));
      issueAt(warn.pos[0], IssueCode.UNKNOWN_TAG, `tag ${tag} is not allowed: a zave file is plain YAML`, TAG_HINT);
    } else {
      issueAt(warn.pos[0], IssueCode.YAML_SYNTAX, `YAML problem: ${firstLine(warn.message)}`);
    }
  }
  // One alias and one anchor issue at most: an alias bomb has thousands of them.
  let aliasReported = false;
  let anchorReported = false;
  YAML.visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!YAML.isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        if (seen.has(name)) {
          const where = pair.key.range?.[0];
          const field = fieldAtOffset(doc, where) || name;
          issueAt(where, IssueCode.DUPLICATE_KEY, `field "${field}" appears more than once; YAML keeps only the last one`, `keep one "${name}:" line and delete the other`);
        }
        seen.add(name);
      }
      return undefined;
    },
    Alias(_, node) {
      if (!aliasReported) issueAt(node.range?.[0], IssueCode.ALIAS, `alias *${node.source} is not allowed: a zave file has no anchors or aliases`, ALIAS_HINT);
      aliasReported = true;
      return undefined;
    },
    Pair(_, pair) {
      if (YAML.isScalar(pair.key) && pair.key.value === '<<' && (pair.key as YAML.Scalar & { source?: string }).source === '<<') {
        issueAt(pair.key.range?.[0], IssueCode.ALIAS, 'merge key "<<" is not allowed: a zave file has no anchors, aliases or merges', 'write each field out');
      } else if (pair.key !== null && !YAML.isScalar(pair.key)) {
        issueAt((pair.key as YAML.Node).range?.[0], IssueCode.UNKNOWN_FIELD, 'a field name must be a plain word, got a list or mapping as key', 'write one "field: value" per line, e.g. "service: payments-api"');
      }
      return undefined;
    },
    Node(_, node) {
      if (YAML.isScalar(node) || YAML.isMap(node) || YAML.isSeq(node)) {
        if (node.anchor && !anchorReported) issueAt(anchorOffset(text, node.anchor, node.range?.[0]), IssueCode.ALIAS, `anchor &${node.anchor} is not allowed: a zave file has no anchors or aliases`, ALIAS_HINT);
        anchorReported ||= Boolean(node.anchor);
        if (node.tag && !ALLOWED_TAGS.has(node.tag)) {
          issueAt(node.range?.[0], IssueCode.UNKNOWN_TAG, `tag ${shortTag(node.tag)} is not allowed: a zave file is plain YAML`, TAG_HINT);
        }
      }
      return undefined;
    },
  });
  if (issues.length > 0) return { doc, issues: capIssues(dedupe(issues)), lineCounter, file };
  if (!YAML.isMap(doc.contents)) {
    const contents = doc.contents as YAML.Node | null;
    const empty = contents === null || (YAML.isScalar(contents) && contents.value === null);
    const kind = empty ? 'an empty document' : YAML.isSeq(contents) ? 'a list' : `a single value (${JSON.stringify(String((contents as YAML.Scalar).value))})`;
    return {
      doc,
      issues: [at(file, lineCounter, doc.contents?.range?.[0], IssueCode.NOT_A_MAPPING, `expected a mapping of fields (key: value), got ${kind}`, 'write one field per line, e.g. "service: payments-api"')],
      lineCounter,
      file,
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (e) {
    return { doc, issues: [at(file, lineCounter, undefined, IssueCode.YAML_SYNTAX, firstLine((e as Error).message))], lineCounter, file };
  }
  return { doc, value, issues: [], lineCounter, file };
}

/** Most issues reported per file: a hostile file with 40,000 problems gets the first ones and a count. */
export const MAX_ISSUES_PER_FILE = 50;

/** The first MAX_ISSUES_PER_FILE issues and, when there were more, one issue saying how many were left out. */
export function capIssues(issues: ContractIssue[]): ContractIssue[] {
  if (issues.length <= MAX_ISSUES_PER_FILE) return issues;
  const last = issues[MAX_ISSUES_PER_FILE - 1];
  return [...issues.slice(0, MAX_ISSUES_PER_FILE), {
    code: IssueCode.TOO_MANY_ISSUES,
    file: last.file,
    line: last.line,
    column: last.column,
    path: '',
    message: `${issues.length - MAX_ISSUES_PER_FILE} more problems in this file are not listed`,
    hint: 'fix the ones above first: is this the right file?',
  }];
}

const ALIAS_HINT = 'write the value out; a zave file is a few plain lines and has no use for anchors (&), aliases (*) or merges (<<)';
const TAG_HINT = 'remove the tag (the "!..." word): zave.yaml takes plain values, e.g. "service: payments-api"';
/** Tags of plain YAML values; anything else (`!Ref`, `!!js/function`, `!!binary`) is refused. */
const ALLOWED_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function syntaxHint(code: string): string | undefined {
  if (code === 'TAB_AS_INDENT') return 'indent with spaces, not tabs';
  if (code === 'MISSING_CHAR') return 'close the bracket or quote that was opened before this position';
  if (code === 'BAD_INDENT') return 'check the indentation and brackets near this position; a zave file is one "field: value" per line';
  return 'check quoting and indentation near this position; a zave file is one "field: value" per line';
}

/** The top-level field whose key or value contains `offset`; empty when outside every field. */
function fieldAtOffset(doc: YAML.Document.Parsed, offset: number | undefined): string {
  if (offset === undefined || !YAML.isMap(doc.contents)) return '';
  for (const pair of doc.contents.items) {
    const key = pair.key as YAML.Node | null;
    const value = pair.value as YAML.Node | null;
    const start = key?.range?.[0];
    const end = value?.range?.[2] ?? key?.range?.[2];
    if (start !== undefined && end !== undefined && offset >= start && offset < end) {
      return YAML.isScalar(key) ? String(key.value) : '';
    }
  }
  return '';
}

/** Offset of `&name` before a node (yaml positions the node after its anchor). */
function anchorOffset(text: string, anchor: string, nodeStart: number | undefined): number | undefined {
  if (nodeStart === undefined) return undefined;
  const i = text.lastIndexOf(`&${anchor}`, nodeStart);
  return i >= 0 ? i : nodeStart;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** One issue per code and line: yaml reports an unresolved tag both as a warning and on the node. */
function dedupe(issues: ContractIssue[]): ContractIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}:${i.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or undefined. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i; // not a continuation byte
    }
    if (n === 2) {
      const c = bytes[i + 1];
      if ((b === 0xe0 && c < 0xa0) || (b === 0xed && c > 0x9f)) return i; // overlong, surrogate
    }
    if (n === 3) {
      const c = bytes[i + 1];
      if ((b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f)) return i; // overlong, above U+10FFFF
    }
    i += n + 1;
  }
  return undefined;
}

const PAIR_INDEX = new WeakMap<YAML.YAMLMap, Map<string, YAML.Pair>>();

/** Pairs of a mapping by key text (first one wins), built once per mapping: locating N issues stays linear. */
function pairIndex(map: YAML.YAMLMap): Map<string, YAML.Pair> {
  let index = PAIR_INDEX.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items as YAML.Pair[]) {
      const key = YAML.isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (!index.has(key)) index.set(key, p);
    }
    PAIR_INDEX.set(map, index);
  }
  return index;
}

/** Position of the node at `path` (its key when `key` is set), falling back to the closest parent. */
export function locate(input: YamlInput, path: readonly (string | number)[], key = false): { line: number; column: number } {
  let node: unknown = input.doc?.contents;
  let offset: number | undefined = (node as YAML.Node | undefined)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    if (!YAML.isMap(node) && !YAML.isSeq(node)) break;
    const segment = path[i];
    if (YAML.isMap(node)) {
      const pair = pairIndex(node).get(String(segment));
      if (!pair) break;
      const last = i === path.length - 1;
      const keyNode = pair.key as YAML.Node | undefined;
      const valueNode = pair.value as YAML.Node | null;
      offset = last && key ? keyNode?.range?.[0] : (valueNode?.range?.[0] ?? keyNode?.range?.[0]);
      node = valueNode;
    } else {
      const item = node.items[Number(segment)] as YAML.Node | undefined;
      if (!item) break;
      offset = item.range?.[0];
      node = item;
    }
  }
  const pos = offset === undefined ? { line: 1, col: 1 } : input.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** The source text of the scalar at `path`, if any (to tell `no` from `false`). */
export function scalarSource(input: YamlInput, path: readonly (string | number)[]): string | undefined {
  const node = input.doc?.getIn(path, true);
  return YAML.isScalar(node) ? (node as YAML.Scalar & { source?: string }).source : undefined;
}
