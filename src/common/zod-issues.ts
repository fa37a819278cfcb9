import { z } from 'zod';
import { ContractIssue, IssueCode } from './issue';
import { didYouMean } from './suggest';
import { locate, scalarSource, YamlInput } from './yaml-input';

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML11_TRUE = /^(y|yes|true|on)$/i;

/** Describes a received value for a message; `source` is the text as written, when it differs. */
function describe(value: unknown, source?: string): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  const written = source !== undefined && source !== String(value) ? `${source} (read as the ${typeof value} ${String(value)})` : `the ${typeof value} ${String(value)}`;
  return written;
}

/** A valid value per field, for hints. */
const EXAMPLES: Record<string, string> = {
  service: 'payments-api',
  runtime: 'node',
  exposure: 'public-http',
  database: 'postgres',
  strategy: 'http-service',
  schedule: '"0 3 * * *"',
  size: 'small',
  apiVersion: 'zave.dev/v1',
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: any = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[p as any];
  }
  return cur;
}

/**
 * Turns zod issues into located, actionable issues: unknown keys and wrong enum values get a
 * "did you mean", YAML 1.1 booleans (`database: no`) get their own code and hint.
 */
export function zodToIssues(error: z.ZodError, input: YamlInput, knownKeys: (path: readonly PropertyKey[]) => readonly string[]): ContractIssue[] {
  const out: ContractIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const dotted = path.join('.');
    const received = valueAt(input.value, path);
    const source = scalarSource(input, path);
    const mk = (code: string, message: string, hint: string | undefined, p = path, key = false, where = p): ContractIssue => {
      const pos = locate(input, where, key);
      return { code, file: input.file, line: pos.line, column: pos.column, path: p.join('.'), message, ...(hint ? { hint } : {}) };
    };
    if (received === null && path.length > 0) {
      const expected = issue.code === 'invalid_value' ? `one of: ${issue.values.map(String).join(', ')}` : 'a value';
      out.push(mk(IssueCode.WRONG_TYPE, `no value given; expected ${expected}`,
        dotted === 'service' ? 'write the name after the colon, e.g. "service: payments-api"' : 'write a value after the colon, or delete the line to get the platform default'));
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeys(path);
        for (const key of issue.keys) {
          out.push(mk(IssueCode.UNKNOWN_FIELD, `unknown field "${key}"; allowed fields: ${known.join(', ')}`,
            didYouMean(key, known) ?? 'remove it: the platform decides everything else (run zave explain to see its decisions)', [...path, key], true));
        }
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map(String);
        const word = source ?? String(received);
        if (received !== null && typeof received === 'object') {
          out.push(mk(IssueCode.WRONG_TYPE, `expected one of: ${allowed.join(', ')}, got ${describe(received, source)}`,
            `write a single value on the same line, e.g. "${dotted}: ${allowed[0]}"`));
        } else if (dotted === 'apiVersion') {
          out.push(mk(IssueCode.UNSUPPORTED_API_VERSION, `unsupported apiVersion ${typeof received === 'string' ? JSON.stringify(received) : (source ?? String(received))}; this release reads only: ${allowed.join(', ')}`,
            `write "apiVersion: ${allowed[0]}" or delete the line (it is the default); a newer contract needs a newer zave`));
        } else if ((typeof received === 'string' || typeof received === 'boolean') && YAML11_BOOLEANS.test(word)) {
          const meant = YAML11_TRUE.test(word) ? allowed.filter((v) => v !== 'none') : allowed.filter((v) => v === 'none');
          out.push(mk(IssueCode.YAML11_BOOLEAN, `${word} is not one of: ${allowed.join(', ')}; it is also a boolean in YAML 1.1, which kubectl, Argo CD and many editors use`,
            `write ${(meant.length > 0 ? meant : allowed).join(' or ')}`));
        } else if (typeof received === 'number') {
          out.push(mk(IssueCode.WRONG_TYPE, `expected one of: ${allowed.join(', ')}, got ${describe(received, source)}`, `write one of: ${allowed.join(', ')}`));
        } else {
          const guess = typeof received === 'string' ? didYouMean(received, allowed) : undefined;
          out.push(mk(IssueCode.INVALID_ENUM, `${describe(received, source)} is not allowed; expected one of: ${allowed.join(', ')}`,
            guess ?? `write one of: ${allowed.join(', ')}`));
        }
        break;
      }
      case 'invalid_type': {
        if (received === undefined) {
          out.push(mk(IssueCode.MISSING_FIELD, `required field "${dotted}" is missing`, dotted === 'service' ? 'add "service: <name>", e.g. service: payments-api' : undefined, path, false, path.slice(0, -1)));
        } else if (typeof received === 'boolean' && path.length > 0) {
          const word = source ?? String(received);
          out.push(mk(IssueCode.YAML11_BOOLEAN, `${word} is read as a boolean, not a ${issue.expected}`, `quote it: "${word}"`));
        } else {
          const expected = issue.expected === 'object' ? 'a mapping of fields' : `a ${issue.expected}`;
          const quotable = typeof received === 'number' ? `quote it: "${source ?? String(received)}"` : undefined;
          out.push(mk(IssueCode.WRONG_TYPE, `expected ${expected}, got ${describe(received, source)}`,
            quotable ?? (Array.isArray(received) || typeof received === 'object' ? `write a single value on the same line, e.g. "${dotted}: ${EXAMPLES[dotted] ?? '...'}"` : undefined)));
        }
        break;
      }
      case 'custom': {
        const params = (issue.params ?? {}) as { zave?: string; hint?: string };
        out.push(mk(params.zave ?? IssueCode.INVALID_VALUE, issue.message, params.hint));
        break;
      }
      default:
        out.push(mk(IssueCode.INVALID_VALUE, `${describe(received, source)}: ${issue.message}`, undefined));
    }
  }
  return out;
}
