import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Git, GitError } from '../../gitops/git';
import { FleetStatus, StatusFormat } from '../../status/fleet-status';
import { FleetPage } from '../../status/html/fleet-page';
import { Command, formatFlag, stringFlag } from '../command';
import { ExitCode, UsageError, useColor, UserError } from '../io';

const URL_LIKE = /^(https?|ssh|git|file):\/\/|^[^/\s]+@[^/\s]+:/;

/** Clones a remote GitOps repository read-only into a temporary folder; returns it and a cleanup. */
function cloneGitops(url: string): { dir: string; cleanup: () => void } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-status-'));
  const dir = path.join(tmp, 'gitops');
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    Git.withEnvironment(tmp, process.env).runSync(['clone', '--quiet', '--single-branch', '--', url, dir]);
  } catch (e) {
    cleanup();
    const stderr = e instanceof GitError ? e.stderr : '';
    throw new UserError(`cannot clone the GitOps repository ${url}: ${stderr || (e as Error).message}`);
  }
  return { dir, cleanup };
}

function existingDir(cwd: string, p: string, what: string): string {
  const abs = path.resolve(cwd, p);
  let ok = false;
  try {
    ok = fs.statSync(abs).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new UserError(`${what} ${p} is not a folder (resolved to ${abs}); pass a checkout path${what.startsWith('--gitops') ? ' or a git URL' : ''}`);
  return abs;
}

/** The GitOps repository when none is named: the current folder when it is one, else ./gitops (as the other verbs). */
function defaultGitops(cwd: string): string {
  return fs.existsSync(path.join(cwd, 'platform.yaml')) ? '.' : 'gitops';
}

/** Writes `text` to `file` all or nothing: a temporary file beside it, then a rename. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.zave-tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new UserError(`cannot write --output ${file}: ${(e as Error).message}`);
  }
}

/** `zave status`: the Formation exit criteria of the fleet, measured from Git. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Measure the Formation exit criteria of the fleet from Git (exit 0 when all four pass).',
  usage: 'status [--gitops DIR|URL] [--repos DIR...] [--format table|json|markdown|html] [--output FILE]',
  description: [
    'Reads the GitOps repository (and tenant repository checkouts) without writing to them and reports, per',
    'criterion, the figure, the threshold, pass/fail and every offender with its reason:',
    '  1 contract-driven workloads (>= 80%): no hand-written manifests, overrides or patches',
    '  2 generated pipelines (100%): CI files generated and unmodified per .zave/repository.json',
    '  3 GitOps authority (0 violations): registered, deploy/ current, images set by propose/promote commits',
    '  4 no-expert onboarding (100%): onboarded by zave init, no manual commits to generated files',
    'Without --repos, criteria 2 and 4 are unmeasured and the exit code is 1.',
    '--repos takes a repository checkout or a folder of checkouts; repeat it or list several folders after it.',
    '--format html writes the fleet page: one self-contained HTML file (criteria, promotion matrix, topology,',
    'pending zave/* branches, a section per service), the same bytes for the same repository.',
    '--output FILE writes the report to FILE (all or nothing) instead of standard output; the exit code is unchanged.',
  ].join('\n'),
  options: {
    'gitops': { type: 'string', value: 'DIR|URL', description: 'GitOps repository checkout or git URL (default: $ZAVE_GITOPS, else the current folder when it holds platform.yaml, else ./gitops)' },
    'repos': { type: 'string', multiple: true, value: 'DIR', description: 'tenant repository checkout, or a folder of them' },
    'format': { type: 'string', value: 'FORMAT', description: 'table, json, markdown or html (the fleet page)', default: 'table' },
    'output': { type: 'string', value: 'FILE', description: 'write the report to FILE instead of standard output' },
    'min-contract-share': { type: 'string', value: 'PERCENT', description: 'threshold of criterion 1', default: '80' },
  },
  examples: [
    'zave status --gitops ../gitops --repos ../services',
    'zave status --gitops https://git.example.com/platform/gitops.git --repos ../services --format markdown',
    'zave status --format json > status.json',
    'zave status --format html --output fleet.html',
  ],
  async run(args, io) {
    const format = formatFlag(args, ['table', 'json', 'markdown', 'html'] as const, 'table');
    const output = stringFlag(args, 'output');
    if (output === '') throw new UsageError('--output needs a file name');
    const repoFlags = (args.values.repos as string[] | undefined) ?? [];
    if (args.positionals.length > 0 && repoFlags.length === 0) {
      throw new UsageError(`unexpected argument "${args.positionals[0]}"; tenant repositories go after --repos`);
    }
    const share = stringFlag(args, 'min-contract-share') ?? '80';
    if (!/^\d{1,3}$/.test(share) || Number(share) > 100) throw new UsageError(`--min-contract-share must be a whole percent from 0 to 100 (got "${share}")`);
    const repoDirs = repoFlags.length > 0 ? [...repoFlags, ...args.positionals].map((p) => existingDir(io.cwd, p, '--repos')) : undefined;
    const named = stringFlag(args, 'gitops') ?? io.env.ZAVE_GITOPS;
    const gitopsArg = named ?? defaultGitops(io.cwd);
    if (named === undefined && !fs.existsSync(path.resolve(io.cwd, gitopsArg))) {
      throw new UserError(`no GitOps repository found: ${io.cwd} has no platform.yaml and has no gitops/ folder; pass --gitops DIR|URL or set ZAVE_GITOPS`);
    }
    const remote = URL_LIKE.test(gitopsArg) ? cloneGitops(gitopsArg) : undefined;
    try {
      const gitopsDir = remote ? remote.dir : existingDir(io.cwd, gitopsArg, '--gitops');
      if (!fs.existsSync(path.join(gitopsDir, 'platform.yaml'))) {
        throw new UserError(`${remote ? gitopsArg : gitopsDir} is not a GitOps repository (no platform.yaml); pass --gitops DIR|URL or set ZAVE_GITOPS`);
      }
      const options = { gitopsDir, ...(repoDirs ? { repoDirs } : {}), thresholds: { contractDrivenPercent: Number(share) } };
      let report;
      let text: string;
      if (format === 'html') {
        ({ report, html: text } = await FleetPage.generate(options));
      } else {
        report = await FleetStatus.measure(options);
        const fmt = format === 'json' ? StatusFormat.JSON : format === 'markdown' ? StatusFormat.MARKDOWN : StatusFormat.TABLE;
        text = FleetStatus.render(report, fmt, output === undefined && useColor(io));
      }
      if (output === undefined) io.out(text);
      else writeAtomically(path.resolve(io.cwd, output), text);
      return report.pass ? ExitCode.OK : ExitCode.INVALID;
    } finally {
      remote?.cleanup();
    }
  },
};
