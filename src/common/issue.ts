/**
 * One problem found in an input file. Issues are values: every problem of a run is collected and
 * reported together, never thrown one at a time.
 */
export interface ContractIssue {
  /** Stable machine-readable code, e.g. `unknown-field` (see the README for the list). */
  readonly code: string;
  /** The file the problem is in, as given by the caller. */
  readonly file: string;
  /** 1-based line of the offending node (the nearest enclosing one when the node is missing). */
  readonly line: number;
  /** 1-based column of the offending node. */
  readonly column: number;
  /** Dotted path of the field, e.g. `exposure`; empty for the whole document. */
  readonly path: string;
  /** What went wrong, with the value received and what was expected. */
  readonly message: string;
  /**
   * How to fix it, e.g. "did you mean public-http?".
   * @default - no hint
   */
  readonly hint?: string;
}

/** Stable issue codes. Tests and scripts rely on these; never rename one. @internal */
export const IssueCode = {
  FILE_NOT_FOUND: 'file-not-found',
  FILE_TOO_LARGE: 'file-too-large',
  NOT_UTF8: 'not-utf8',
  EMPTY: 'empty-document',
  MULTIPLE_DOCUMENTS: 'multiple-documents',
  YAML_SYNTAX: 'yaml-syntax',
  DUPLICATE_KEY: 'duplicate-key',
  TOO_MANY_ISSUES: 'too-many-issues',
  ALIAS: 'alias-not-allowed',
  UNKNOWN_TAG: 'unknown-tag',
  NOT_A_MAPPING: 'not-a-mapping',
  UNKNOWN_FIELD: 'unknown-field',
  MISSING_FIELD: 'missing-field',
  WRONG_TYPE: 'wrong-type',
  INVALID_ENUM: 'invalid-enum',
  YAML11_BOOLEAN: 'yaml11-boolean',
  INVALID_NAME: 'invalid-name',
  NAME_TOO_LONG: 'name-too-long',
  RESERVED_NAME: 'reserved-name',
  RESERVED_NAMESPACE: 'reserved-namespace',
  PATH_IN_NAME: 'path-in-name',
  UNSUPPORTED_API_VERSION: 'unsupported-api-version',
  INVALID_SCHEDULE: 'invalid-schedule',
  CONFLICT: 'conflicting-fields',
  INVALID_VALUE: 'invalid-value',
} as const;

/** Renders an issue for people: `zave.yaml:3:12 exposure: message (hint)`. @internal */
export function formatIssue(issue: ContractIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const field = issue.path ? ` ${issue.path}:` : '';
  const hint = issue.hint ? `\n    hint: ${issue.hint}` : '';
  return `${where}${field} ${issue.message} [${issue.code}]${hint}`;
}
