import { execFile } from 'child_process';
import { FileDifference } from './diff';
import { describeHeld, HeldVersion, upgradeCommand } from './platform-pins';
import { ContractIssue } from '../../contract/issue';
import { GitOpsIssueCode } from '../issue-codes';
import { PLATFORM_VERSION } from '../state/environment-state';

/** How the GitOps CI runs another zave version by default (`{version}` is replaced). */
export const DEFAULT_PLATFORM_RUNNER = 'npx --yes --package @zave/platform@{version} zave';

/** The environment variable that overrides the runner (a command template containing `{version}`). */
export const PLATFORM_RUNNER_ENV = 'ZAVE_PLATFORM_RUNNER';

/** What a pinned version's own check reported. */
export interface PinnedCheck {
  readonly differences: FileDifference[];
  readonly issues: ContractIssue[];
  /** Files it checked. */
  readonly checked: number;
}

/**
 * The argv of the runner of `version`: the template split on whitespace, `{version}` replaced in
 * every word (no shell: nothing in the template or the version is interpreted).
 */
export function runnerArgv(template: string, version: string): string[] {
  // A release's version can be written by hand in environments/<env>.yaml: only a plain version reaches a command line.
  if (!PLATFORM_VERSION.test(version)) throw new Error(`refusing to run zave "${version}": not a version`);
  const words = template.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new Error(`${PLATFORM_RUNNER_ENV} is empty`);
  return words.map((w) => w.split('{version}').join(version));
}

function unavailable(h: HeldVersion, why: string, template: string): ContractIssue {
  return {
    code: GitOpsIssueCode.PLATFORM_UNAVAILABLE,
    file: `environments/${h.environments[0].environment}.yaml`,
    line: 1,
    column: 1,
    path: '',
    message: `cannot run zave ${h.version} to check what is pinned to it (${describeHeld(h)}): ${why}`,
    hint: `make zave ${h.version} installable where this check runs (it is run as: ${runnerArgv(template, h.version).join(' ')}; set ${PLATFORM_RUNNER_ENV} to a command template with {version} for an air-gapped CI), `
      + `or upgrade those environments to this zave, one at a time: ${upgradeCommand(h)}`,
  };
}

/** The text a check reported, cut to a readable length. */
function tail(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.slice(-5).join(' | ').slice(0, 800);
}

/**
 * Runs `<runner of version> synth --check --only-platform <version> --repo <root> --format json`:
 * the pinned zave checks the files of the pairs pinned to it. Exit 0 or 1 with its JSON result are
 * its findings; anything else (cannot install or start, no JSON, a usage error from a version that
 * predates pinned checks) is reported as an unavailable version.
 */
export async function checkPinnedVersion(root: string, h: HeldVersion, template = process.env[PLATFORM_RUNNER_ENV] || DEFAULT_PLATFORM_RUNNER): Promise<PinnedCheck> {
  let argv: string[];
  try {
    argv = runnerArgv(template, h.version);
  } catch (e) {
    return { differences: [], issues: [unavailable(h, (e as Error).message, DEFAULT_PLATFORM_RUNNER)], checked: 0 };
  }
  const [cmd, ...args] = argv;
  const outcome = await new Promise<{ code: number | string | null; stdout: string; stderr: string; error?: Error }>((resolve) => {
    execFile(cmd, [...args, 'synth', '--check', '--only-platform', h.version, '--repo', root, '--format', 'json'],
      { maxBuffer: 256 * 1024 * 1024, timeout: 15 * 60_000, windowsHide: true },
      (error, stdout, stderr) => {
        const code = error ? ((error as NodeJS.ErrnoException & { code?: number | string }).code ?? null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), ...(error ? { error } : {}) });
      });
  });
  if (outcome.code !== 0 && outcome.code !== 1) {
    const why = typeof outcome.code === 'string' ? `${outcome.code}: ${outcome.error?.message ?? ''}` : `it exited with ${outcome.code ?? 'a signal'}${tail(outcome.stderr) ? `: ${tail(outcome.stderr)}` : ''}`;
    return { differences: [], issues: [unavailable(h, why, template)], checked: 0 };
  }
  let result: { differences?: FileDifference[]; issues?: ContractIssue[]; unchanged?: number; mode?: string };
  try {
    result = JSON.parse(outcome.stdout) as typeof result;
    if (result.mode !== 'check' || !Array.isArray(result.differences) || !Array.isArray(result.issues)) throw new Error('not the result of a check');
  } catch (e) {
    return { differences: [], issues: [unavailable(h, `its output is not a check result (${(e as Error).message})${tail(outcome.stderr) ? `: ${tail(outcome.stderr)}` : ''}`, template)], checked: 0 };
  }
  const issues = result.issues.map((i) => ({ ...i, message: `zave ${h.version}: ${i.message}` }));
  return { differences: result.differences, issues, checked: (result.unchanged ?? 0) + result.differences.length };
}
