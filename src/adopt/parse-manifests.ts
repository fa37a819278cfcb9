import * as YAML from 'yaml';
import { AdoptionInputIssue } from './model';
import { ManifestSource } from './read-sources';
import { firstInvalidUtf8 } from '../common/yaml-input';

/** A path into an object: keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** One Kubernetes object read from the input, with what is needed to point at its fields. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** As written; empty when the manifest gives none. */
  readonly namespace: string;
  /** The whole object as plain JS. */
  readonly body: Record<string, any>;
  readonly file: string;
  /** Whether the file is rendered output (no line numbers into the input). */
  readonly rendered: boolean;
  /** 1-based line of the field at `path` (or of its closest existing parent). */
  line(path: FieldPath): number;
}

/** The objects of every source, and the problems of the documents that could not be read. */
export interface ManifestsParsed {
  readonly objects: ManifestObject[];
  readonly issues: AdoptionInputIssue[];
}

/** Tags of plain YAML values; anything else (`!Ref`, `!!js/function`, `!!binary`) makes a document unreadable. */
const ALLOWED_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** `Kind namespace/name`, the way objects are named in reports. */
export function objectRef(o: { kind: string; namespace: string; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** Parses every source; a bad file or document is an issue and the rest is still read. Never throws on bad input. */
export function parseManifests(sources: readonly ManifestSource[]): ManifestsParsed {
  const objects: ManifestObject[] = [];
  const issues: AdoptionInputIssue[] = [];
  for (const source of sources) {
    try {
      parseSource(source, objects, issues);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      // The parser recurses: a hostile file nested thousands of levels deep overflows the stack.
      issues.push({ code: 'too-deep', file: source.file, line: 1, column: 1, message: 'values are nested too deeply to read', hint: 'check that this is a Kubernetes manifest' });
    }
  }
  return { objects, issues };
}

function parseSource(source: ManifestSource, objects: ManifestObject[], issues: AdoptionInputIssue[]): void {
  const { file } = source;
  const lineCounter = new YAML.LineCounter();
  const issueAt = (offset: number | undefined, code: string, message: string, hint?: string) => {
    const pos = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    issues.push({ code, file, line: pos.line, column: pos.col, message, ...(hint ? { hint } : {}) });
  };
  const bytes = source.bytes;
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined || bytes.includes(0)) {
    issues.push({
      code: 'not-utf8',
      file,
      line: 1,
      column: 1,
      message: bad !== undefined ? `not valid UTF-8 text (byte 0x${bytes[bad].toString(16).padStart(2, '0')} at offset ${bad}): a binary file?` : 'contains NUL bytes: a binary file?',
      hint: 'give YAML or JSON manifests saved as UTF-8',
    });
    return;
  }
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const docs = YAML.parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, stringKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const start = doc.contents?.range?.[0] ?? doc.range?.[0];
    const problem = documentProblem(doc);
    if (problem) {
      issueAt(problem.offset ?? start, problem.code, problem.message, problem.hint);
      continue;
    }
    const contents = doc.contents as YAML.Node | null;
    if (contents === null || (YAML.isScalar(contents) && contents.value === null)) continue; // an empty document between `---`
    if (!YAML.isMap(contents)) {
      issueAt(start, 'not-a-kubernetes-object', 'a document is not a mapping', 'each document is one Kubernetes object (apiVersion, kind, metadata)');
      continue;
    }
    const value = doc.toJS({ maxAliasCount: 0 }) as Record<string, any>;
    const locate = (prefix: FieldPath) => (p: FieldPath) => lineCounter.linePos(offsetOf(contents, [...prefix, ...p]) ?? start ?? 0).line;
    if (value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item: unknown, i: number) => addObject(item, locate(['items', i]), offsetOf(contents, ['items', i])));
    } else {
      addObject(value, locate([]), start);
    }
  }

  function addObject(value: unknown, line: (p: FieldPath) => number, offset: number | undefined): void {
    const o = value as Record<string, any> | null;
    const meta = o && typeof o === 'object' ? o.metadata : undefined;
    if (!o || typeof o !== 'object' || Array.isArray(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string'
        || !meta || typeof meta !== 'object' || typeof meta.name !== 'string' || meta.name === '') {
      issueAt(offset, 'not-a-kubernetes-object', 'a document has no apiVersion, kind and metadata.name', 'each document is one Kubernetes object; generateName is not supported');
      return;
    }
    objects.push({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: meta.name,
      namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
      body: o,
      file,
      rendered: source.rendered,
      line,
    });
  }
}

/** The first reason a document cannot be read: syntax, duplicate keys (checked in linear time), aliases, anchors, merges, tags. */
function documentProblem(doc: YAML.Document.Parsed): { code: string; message: string; hint?: string; offset?: number } | undefined {
  const err = doc.errors[0];
  if (err) {
    return { code: 'yaml-syntax', message: `YAML syntax error: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, offset: err.pos[0] };
  }
  const warn = doc.warnings[0];
  if (warn) return { code: 'unknown-tag', message: `YAML problem: ${warn.message.split('\n')[0]}`, hint: 'Kubernetes manifests are plain YAML: remove the tag', offset: warn.pos[0] };
  let problem: { code: string; message: string; hint?: string; offset?: number } | undefined;
  YAML.visit(doc, {
    Alias(_, node) {
      problem = { code: 'alias-not-allowed', message: `alias *${node.source} is not allowed`, hint: 'write the value out: zave adopt reads no anchors, aliases or merges (an alias bomb expands to gigabytes)', offset: node.range?.[0] };
      return YAML.visit.BREAK;
    },
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key as YAML.Node | null;
        if (YAML.isScalar(key) && key.value === '<<' && (key as YAML.Scalar & { source?: string }).source === '<<') {
          problem = { code: 'alias-not-allowed', message: 'merge key "<<" is not allowed', hint: 'write the fields out', offset: key.range?.[0] };
          return YAML.visit.BREAK;
        }
        const text = YAML.isScalar(key) ? String(key.value) : JSON.stringify(key);
        if (seen.has(text)) {
          problem = { code: 'duplicate-key', message: `key "${text}" appears more than once in one mapping`, hint: 'keep one of them; YAML keeps only the last', offset: key?.range?.[0] };
          return YAML.visit.BREAK;
        }
        seen.add(text);
      }
      return undefined;
    },
    Node(_, node) {
      if ((YAML.isScalar(node) || YAML.isMap(node) || YAML.isSeq(node)) && node.anchor) {
        problem = { code: 'alias-not-allowed', message: `anchor &${node.anchor} is not allowed`, hint: 'write the value out: zave adopt reads no anchors or aliases (an alias bomb expands to gigabytes)', offset: node.range?.[0] };
        return YAML.visit.BREAK;
      }
      if ((YAML.isScalar(node) || YAML.isMap(node) || YAML.isSeq(node)) && node.tag && !ALLOWED_TAGS.has(node.tag)) {
        problem = { code: 'unknown-tag', message: `tag ${node.tag} is not allowed`, hint: 'Kubernetes manifests are plain YAML: remove the tag', offset: node.range?.[0] };
        return YAML.visit.BREAK;
      }
      return undefined;
    },
  });
  return problem;
}

/** Offset of the node at `path` below `root`, or of the closest existing parent. */
function offsetOf(root: YAML.Node, path: FieldPath): number | undefined {
  let node: unknown = root;
  let offset = root.range?.[0];
  for (const segment of path) {
    if (YAML.isMap(node)) {
      const pair = node.items.find((p) => YAML.isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const v = pair.value as YAML.Node | null;
      offset = v?.range?.[0] ?? (pair.key as YAML.Node).range?.[0];
      node = v;
    } else if (YAML.isSeq(node)) {
      const item = node.items[Number(segment)] as YAML.Node | undefined;
      if (!item) break;
      offset = item.range?.[0];
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
