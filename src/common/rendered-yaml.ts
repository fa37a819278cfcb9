import * as YAML from 'yaml';

/**
 * Reads the YAML zave itself writes under deploy/ (block style, two-space indentation, sequences
 * indented, one-line scalars, empty `{}` and `[]`), about twenty times faster than a general parser, which the page
 * needs at 1000 workloads x 3 environments. Anything outside that subset (flow collections, block
 * scalars, anchors, tags) falls back to the `yaml` package, so the result is always a correct parse.
 */
export function readRenderedDocuments(text: string): any[] {
  return readGeneratedDocuments(text) ?? YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

/** The fast reader alone: the documents, or undefined when the text is outside the subset it reads. */
export function readGeneratedDocuments(text: string): any[] | undefined {
  try {
    return fastDocuments(text);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Unsupported extends Error {}

interface Line { readonly indent: number; readonly text: string }

function fastDocuments(text: string): any[] {
  // Tabs and carriage returns are outside the subset (the serializer writes neither).
  if (text.includes('\t') || text.includes('\r')) throw new Unsupported();
  const docs: Line[][] = [];
  let doc: Line[] = [];
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let first = start;
    while (first < end && text.charCodeAt(first) === 32) first++;
    let last = end;
    while (last > first && text.charCodeAt(last - 1) === 32) last--;
    const c = text.charCodeAt(first);
    if (first === start && last - first === 3 && text.startsWith('---', start)) {
      if (doc.length > 0) docs.push(doc);
      doc = [];
    } else if (first < last && c !== 35 /* # */) {
      const line = text.slice(first, last);
      if (c === 37 /* % */ || line === '...') throw new Unsupported();
      doc.push({ indent: first - start, text: line });
    }
    start = end + 1;
  }
  if (doc.length > 0) docs.push(doc);
  return docs.map((lines) => {
    const [value, next] = block(lines, 0, lines[0].indent);
    if (next !== lines.length) throw new Unsupported();
    return value;
  });
}

/** Parses the block starting at `i` whose lines have exactly `indent`; returns [value, next line]. */
function block(lines: Line[], i: number, indent: number): [any, number] {
  if (lines[i].text.startsWith('- ') || lines[i].text === '-') return sequence(lines, i, indent);
  return mapping(lines, i, indent);
}

function mapping(lines: Line[], i: number, indent: number): [any, number] {
  const out: Record<string, unknown> = {};
  while (i < lines.length && lines[i].indent === indent && !lines[i].text.startsWith('- ')) {
    const { key, rest } = splitKey(lines[i].text);
    i++;
    if (rest !== '') {
      out[key] = scalar(rest);
    } else if (i < lines.length && (lines[i].indent > indent || (lines[i].indent === indent && lines[i].text.startsWith('- ')))) {
      const [v, n] = block(lines, i, lines[i].indent);
      out[key] = v;
      i = n;
    } else {
      out[key] = null;
    }
  }
  if (i < lines.length && lines[i].indent > indent) throw new Unsupported();
  return [out, i];
}

function sequence(lines: Line[], i: number, indent: number): [any, number] {
  const out: unknown[] = [];
  while (i < lines.length && lines[i].indent === indent && (lines[i].text.startsWith('- ') || lines[i].text === '-')) {
    const content = lines[i].text === '-' ? '' : lines[i].text.slice(2).trimStart();
    if (content === '') throw new Unsupported();
    const inner = indent + (lines[i].text.length - content.length);
    if (isKeyLine(content)) {
      // `- key: value` opens a mapping whose further keys sit at the column of `key`.
      lines[i] = { indent: inner, text: content };
      const [v, n] = mapping(lines, i, inner);
      out.push(v);
      i = n;
    } else {
      out.push(scalar(content));
      i++;
    }
  }
  return [out, i];
}

const KEY = /^([A-Za-z0-9_./-]+|"(?:[^"\\]|\\.)*"):(?: |$)/;

function isKeyLine(text: string): boolean {
  return KEY.test(text);
}

function splitKey(text: string): { key: string; rest: string } {
  const m = KEY.exec(text);
  if (!m) throw new Unsupported();
  const key = m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
  return { key, rest: text.slice(m[0].length).trim() };
}

function scalar(text: string): unknown {
  const c = text[0];
  if (c === '"') {
    if (!text.endsWith('"') || text.length < 2) throw new Unsupported();
    return JSON.parse(text) as string;
  }
  if (c === "'") {
    if (!text.endsWith("'") || text.length < 2) throw new Unsupported();
    return text.slice(1, -1).replace(/''/g, "'");
  }
  // Empty flow collections are the one flow form the serializer writes (`podSelector: {}`).
  if (text === '{}') return {};
  if (text === '[]') return [];
  if ('{[|>&*!%@`'.includes(c) || text.includes(' #') || text.includes(': ')) throw new Unsupported();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null' || text === '~') return null;
  if (/^-?(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  if (/^-?(0|[1-9][0-9]*)\.[0-9]+$/.test(text)) return Number(text);
  // Anything else a schema could read as a boolean, null or number is left to the full parser;
  // a word that only starts like a number (an image tag `0660b0a59514`) is a string.
  if (/^(y|yes|n|no|on|off|true|false|null)$/i.test(text) || /^[-+]?(\.inf|\.nan|0x[0-9a-f_]*|0o[0-7_]*|[0-9.][0-9._:]*([eE][-+]?[0-9]+)?)$/i.test(text)) throw new Unsupported();
  return text;
}
