import { OptionSpec, ParsedArgs, stringFlag } from './command';
import { CliIo, ExitCode } from './io';
import { reportIssues } from './report';
import { formatLifecycleResult, LifecycleError, LifecycleResult } from '../gitops/lifecycle';
import { resolveGitOpsLocation } from '../gitops/lifecycle/synth-adapter';

/** Options shared by the lifecycle verbs (register, propose, promote, deregister). */
export const LIFECYCLE_OPTIONS: Record<string, OptionSpec> = {
  'gitops': { type: 'string', value: 'DIR|URL', description: 'GitOps repository: a URL or bare repository (the branch is pushed), or a checkout (the branch is created there); else $ZAVE_GITOPS, else ./gitops' },
  'base': { type: 'string', value: 'BRANCH', description: 'branch to propose into (default: the remote\'s default branch, or the checkout\'s current branch)' },
  'format': { type: 'string', value: 'FORMAT', description: 'text for people, json for machines', default: 'text' },
  'dry-run': { type: 'boolean', description: 'print the change (files and pull-request text) and write nothing: no commit, branch, push or pull request' },
};

/** True when --dry-run was given. */
export function dryRunFlag(args: ParsedArgs): boolean {
  return args.values['dry-run'] === true;
}

/** GitOps location from --gitops, ZAVE_GITOPS or ./gitops. */
export function gitopsLocation(args: ParsedArgs, io: CliIo): string {
  return resolveGitOpsLocation(stringFlag(args, 'gitops'), io.env, io.cwd);
}

/** Runs a lifecycle verb: progress on stderr, the result on stdout (text or JSON), errors as exit 1. */
export async function runLifecycle(io: CliIo, format: 'text' | 'json', verb: (onProgress: (m: string) => void) => Promise<LifecycleResult>): Promise<number> {
  try {
    const result = await verb((m) => io.err(`${m}\n`));
    if (format === 'json') io.out(JSON.stringify(result, null, 2) + '\n');
    else io.out(formatLifecycleResult(result));
    return ExitCode.OK;
  } catch (e) {
    if (!(e instanceof LifecycleError)) throw e;
    if (e.issues.length > 0) reportIssues(io, e.issues, format);
    if (format === 'json' && e.issues.length === 0) io.out(JSON.stringify({ ok: false, code: e.code, message: e.message }, null, 2) + '\n');
    io.err(`error [${e.code}] ${e.message}\n`);
    return ExitCode.INVALID;
  }
}
