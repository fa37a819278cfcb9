import { parseArgs } from 'util';
import { CliIo, UsageError } from './io';

/** An option of a verb, as shown in `--help`. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Value placeholder in help, e.g. DIR. */
  readonly value?: string;
  readonly description: string;
  readonly default?: string | boolean;
}

/** Parsed arguments of a verb. */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | string[] | undefined>;
}

/** One `zave` verb. */
export interface Command {
  readonly name: string;
  /** One line for the verb list. */
  readonly summary: string;
  /** Usage line after `zave `, e.g. `validate [files...]`. */
  readonly usage: string;
  /** Longer description for `--help`. */
  readonly description?: string;
  readonly options: Record<string, OptionSpec>;
  /** Examples shown in `--help`. */
  readonly examples?: string[];
  /** Runs the verb and returns its exit code. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Parses argv for a command; unknown flags are usage errors. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const values: Record<string, string | boolean | string[] | undefined> = {};
    for (const [k, v] of Object.entries(parsed.values)) values[k] = v as string | boolean | string[];
    return { positionals: parsed.positionals, values };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/, ''));
  }
}

/** `--help` text of a command. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: zave ${command.usage}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  const opts = Object.entries(command.options);
  if (opts.length > 0) {
    lines.push('', 'Options:');
    const rows = opts.map(([name, spec]) => {
      const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
      const def = spec.default !== undefined ? ` (default: ${spec.default})` : '';
      return [flag, `${spec.description}${def}`];
    });
    const width = Math.max(...rows.map((r) => r[0].length)) + 2;
    for (const [flag, text] of rows) lines.push(`  ${flag.padEnd(width)}${text}`);
  }
  if (command.examples && command.examples.length > 0) {
    lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  }
  lines.push('', 'Exit codes: 0 ok, 1 invalid input or failed check, 2 usage error, 3 internal error.');
  return lines.join('\n') + '\n';
}

/** Reads a string flag, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a string flag that must be present. */
export function requiredFlag(args: ParsedArgs, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined || v === '') throw new UsageError(`missing --${name}`);
  return v;
}

/** The --format flag, checked against the allowed values. */
export function formatFlag<T extends string>(args: ParsedArgs, allowed: readonly T[], fallback: T): T {
  const v = stringFlag(args, 'format') ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--format must be one of: ${allowed.join(', ')} (got "${v}")`);
  return v as T;
}
