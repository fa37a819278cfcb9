import * as YAML from 'yaml';
import { ContractIssue, IssueCode } from '../contract/issue';

/** Largest input file read (the yaml duplicate-key check is quadratic, so cap before parsing). */
export const MAX_INPUT_BYTES = 64 * 1024;

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
  if (size > maxBytes) {
    return fail(IssueCode.FILE_TOO_LARGE, `file is ${size} bytes; the limit is ${maxBytes} bytes`, 'a zave file is a few lines: check that this is the right file');
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return fail(IssueCode.NOT_UTF8, 'file is not valid UTF-8', 'save the file as UTF-8');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '' || text.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) {
    return fail(IssueCode.EMPTY, 'file is empty', 'a contract needs at least "service: <name>"');
  }

  let docs: YAML.Document.Parsed[];
  try {
    const parsed = YAML.parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, stringKeys: false });
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
  for (const err of doc.errors) {
    const code = err.code === 'DUPLICATE_KEY' ? IssueCode.DUPLICATE_KEY : IssueCode.YAML_SYNTAX;
    const message = err.code === 'DUPLICATE_KEY' ? 'a key appears twice in the same mapping' : firstLine(err.message);
    issues.push(at(file, lineCounter, err.pos[0], code, message, err.code === 'DUPLICATE_KEY' ? 'keep one of them' : undefined));
  }
  for (const warn of doc.warnings) {
    const isTag = warn.code === 'TAG_RESOLVE_FAILED' || /tag/i.test(warn.message);
    issues.push(at(file, lineCounter, warn.pos[0], isTag ? IssueCode.UNKNOWN_TAG : IssueCode.YAML_SYNTAX, firstLine(warn.message),
      isTag ? 'remove the tag: a zave file is plain YAML' : undefined));
  }
  YAML.visit(doc, {
    Alias(_, node) {
      issues.push(at(file, lineCounter, node.range?.[0], IssueCode.ALIAS, `alias *${node.source} is not allowed`, 'write the value out; a zave file has no use for anchors or aliases'));
      return YAML.visit.BREAK;
    },
    Node(_, node) {
      if (YAML.isScalar(node) || YAML.isMap(node) || YAML.isSeq(node)) {
        if (node.anchor) {
          issues.push(at(file, lineCounter, node.range?.[0], IssueCode.ALIAS, `anchor &${node.anchor} is not allowed`, 'remove the anchor'));
          return YAML.visit.BREAK;
        }
        if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) {
          issues.push(at(file, lineCounter, node.range?.[0], IssueCode.UNKNOWN_TAG, `tag ${node.tag} is not allowed`, 'remove the tag: a zave file is plain YAML'));
        }
      }
      return undefined;
    },
  });
  if (issues.length > 0) return { doc, issues: dedupe(issues), lineCounter, file };
  if (!YAML.isMap(doc.contents)) {
    const kind = doc.contents === null ? 'nothing' : YAML.isSeq(doc.contents) ? 'a list' : 'a single value';
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

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function dedupe(issues: ContractIssue[]): ContractIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}:${i.line}:${i.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Position of the node at `path` (its key when `key` is set), falling back to the closest parent. */
export function locate(input: YamlInput, path: readonly (string | number)[], key = false): { line: number; column: number } {
  let node: unknown = input.doc?.contents;
  let offset: number | undefined = (node as YAML.Node | undefined)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    if (!YAML.isMap(node) && !YAML.isSeq(node)) break;
    const segment = path[i];
    if (YAML.isMap(node)) {
      const pair = node.items.find((p) => (YAML.isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
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
