import { z } from 'zod';
import { didYouMean } from './suggest';
import { locate, YamlInput } from './yaml-input';
import { ContractIssue, IssueCode } from '../contract/issue';

const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `the ${typeof value} ${String(value)}`;
}

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
    const mk = (code: string, message: string, hint: string | undefined, p = path, key = false): ContractIssue => {
      const pos = locate(input, p, key);
      return { code, file: input.file, line: pos.line, column: pos.column, path: p.join('.'), message, ...(hint ? { hint } : {}) };
    };
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeys(path);
        for (const key of issue.keys) {
          out.push(mk(IssueCode.UNKNOWN_FIELD, `unknown field "${key}"; allowed fields: ${known.join(', ')}`,
            didYouMean(key, known) ?? 'remove it: the platform decides everything else', [...path, key], true));
        }
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map(String);
        const source = typeof received === 'string' ? received : undefined;
        if (source !== undefined && YAML11_BOOLEANS.test(source) || typeof received === 'boolean') {
          const word = source ?? String(received);
          out.push(mk(IssueCode.YAML11_BOOLEAN, `${JSON.stringify(word)} is a boolean in YAML 1.1 (kubectl, Argo CD and many editors read it so), not one of: ${allowed.join(', ')}`,
            allowed.includes('none') ? 'write none' : `write one of ${allowed.join(', ')}`));
        } else if (dotted === 'apiVersion') {
          out.push(mk(IssueCode.UNSUPPORTED_API_VERSION, `unsupported apiVersion ${JSON.stringify(received)}; this release reads: ${allowed.join(', ')}`,
            `write apiVersion: ${allowed[0]}, or remove it`));
        } else {
          out.push(mk(IssueCode.INVALID_ENUM, `${describe(received)} is not allowed; expected one of: ${allowed.join(', ')}`,
            typeof received === 'string' ? didYouMean(received, allowed) : undefined));
        }
        break;
      }
      case 'invalid_type': {
        if (received === undefined) {
          out.push(mk(IssueCode.MISSING_FIELD, `required field "${dotted}" is missing`, dotted === 'service' ? 'add "service: <name>", e.g. service: payments-api' : undefined, path.slice(0, -1)));
        } else if (typeof received === 'boolean' && path.length > 0) {
          const source = String(received);
          out.push(mk(IssueCode.YAML11_BOOLEAN, `${source} was read as a boolean; expected ${issue.expected}`, `quote it: "${source}"`));
        } else {
          out.push(mk(IssueCode.WRONG_TYPE, `expected ${issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}, got ${describe(received)}`,
            typeof received === 'number' ? `quote it: "${String(received)}"` : undefined));
        }
        break;
      }
      case 'custom': {
        const params = (issue.params ?? {}) as { zave?: string; hint?: string };
        out.push(mk(params.zave ?? IssueCode.INVALID_VALUE, issue.message, params.hint));
        break;
      }
      default:
        out.push(mk(IssueCode.INVALID_VALUE, `${describe(received)}: ${issue.message}`, undefined));
    }
  }
  return out;
}
