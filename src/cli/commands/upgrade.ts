import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveGitOpsDir } from '../../gitops/embedded';
import { Git, GitError } from '../../gitops/git';
import { isRemoteGitOps } from '../../projects/onboarding/gitops-adapter';
import type * as Upgrade from '../../upgrade';
import { Command, formatFlag, stringFlag } from '../command';
import { CliIo, ExitCode, UserError } from '../io';

/** The version this zave is (what every tenant repository is brought to). */
function runningVersion(): string {
  // src/cli/commands and lib/cli/commands are both three levels below the package root.
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

const LABEL: Record<Upgrade.TenantUpgradeStatus, string> = { 'upgraded': 'upgraded', 'would-upgrade': 'would upgrade', 'current': 'current', 'failed': 'FAILED' };

function detail(r: Upgrade.TenantUpgradeResult, version: string): string {
  if (r.status === 'failed') return r.reason ?? 'failed';
  if (r.status === 'current') return `already at ${r.fromVersion}`;
  const restored = r.restoredFiles.length > 0 ? `, restored ${r.restoredFiles.join(', ')}` : '';
  return `${r.fromVersion ?? '?'} -> ${version}, ${r.changedFiles.length} files changed${restored}${r.branch ? `, branch ${r.branch}` : ''}`;
}

/** Aligned columns, last one unpadded. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

function progressLine(io: CliIo, version: string, index: number, total: number, service: string, result?: Upgrade.TenantUpgradeResult): void {
  if (io.isTty) {
    const done = index + (result ? 1 : 0);
    const width = 20;
    const filled = total === 0 ? width : Math.round((done * width) / total);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
    io.err(result ? `\r\x1b[K${bar} ${service}: ${LABEL[result.status]}\n` : `\r\x1b[K${bar} ${service}...`);
    return;
  }
  if (result) io.err(`[${index + 1}/${total}] ${service}: ${LABEL[result.status]} (${detail(result, version)})\n`);
}

/** The GitOps checkout to read registrations from: a directory, or a URL cloned to a temporary folder. */
function gitopsCheckout(spec: string | undefined, io: CliIo): { dir: string; cleanup: () => void } {
  const flag = spec ?? io.env.ZAVE_GITOPS;
  if (flag && (isRemoteGitOps(flag) || fs.existsSync(path.join(path.resolve(io.cwd, flag), 'HEAD')))) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-upgrade-gitops-'));
    try {
      Git.withEnvironment(io.cwd, io.env).runSync(['clone', '--quiet', '--depth', '1', '--', isRemoteGitOps(flag) ? flag : path.resolve(io.cwd, flag), tmp]);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new UserError(`cannot clone the GitOps repository ${flag}: ${(e instanceof GitError && e.stderr) || (e as Error).message}`);
    }
    return { dir: tmp, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
  }
  const { dir } = resolveGitOpsDir(spec, io.env, io.cwd);
  if (!fs.existsSync(path.join(dir, 'platform.yaml'))) throw new UserError(`${dir} is not a GitOps repository (no platform.yaml); pass --gitops DIR|URL`);
  return { dir, cleanup: () => undefined };
}

/** `zave upgrade`: every registered tenant repository to this zave's version, as pull requests. */
export const upgradeCommand: Command = {
  name: 'upgrade',
  summary: 'Bring every registered tenant repository to this zave\'s version (a branch and pull request each).',
  usage: 'upgrade [--gitops DIR|URL] [--dry-run] [--format text|json]',
  description: [
    'For every workload registered in the GitOps repository, clones the tenant repository from the remote URL in',
    'workloads/<service>/registration.yaml, regenerates it with this version of the project type (the platform pins',
    'and every generated file; a generated file edited by hand is restored and named in the pull request), and',
    'pushes branch zave/upgrade-<version>, opening a pull request on GitHub when GITHUB_TOKEN is set (instructions',
    'otherwise). Repositories already current get nothing. A repository that fails (unreachable remote, push',
    'refused) is reported and the others go on; the exit code is then 1. --dry-run clones and regenerates in a',
    'temporary folder and reports, but commits and pushes nothing.',
  ].join('\n'),
  options: {
    'gitops': { type: 'string', value: 'DIR|URL', description: 'GitOps repository holding the registrations', default: '$ZAVE_GITOPS, the current directory, or ./gitops' },
    'dry-run': { type: 'boolean', description: 'report what would change; write nothing' },
    'format': { type: 'string', value: 'FORMAT', description: 'text for people, json for machines', default: 'text' },
  },
  examples: ['zave upgrade --gitops https://github.com/acme/gitops.git', 'zave upgrade --dry-run --format json'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const dryRun = args.values['dry-run'] === true;
    const version = runningVersion();
    const gitops = gitopsCheckout(stringFlag(args, 'gitops'), io);
    // Loaded on demand: the project types pull in projen.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { upgradeFleet } = require('../../upgrade') as typeof Upgrade;
    let result: Upgrade.FleetUpgradeResult;
    try {
      io.err(`zave upgrade: tenant repositories registered in ${stringFlag(args, 'gitops') ?? gitops.dir} -> ${version}${dryRun ? ' (dry run: nothing is pushed)' : ''}\n`);
      result = await upgradeFleet({ gitopsDir: gitops.dir, version, dryRun, env: io.env }, (i, n, s, r) => progressLine(io, version, i, n, s, r));
    } finally {
      gitops.cleanup();
    }
    if (format === 'json') {
      io.out(JSON.stringify(result, null, 2) + '\n');
    } else {
      const rows = [['SERVICE', 'RESULT', 'FROM', 'FILES', 'RESTORED', 'PULL REQUEST / REASON']];
      for (const r of result.results) {
        rows.push([r.service, LABEL[r.status], r.fromVersion ?? '-', `${r.changedFiles.length}`, r.restoredFiles.join(',') || '-',
          r.status === 'failed' ? r.reason ?? '' : r.pullRequest ?? (r.branch ? `(dry run) ${r.branch}` : '-')]);
      }
      const count = (s: Upgrade.TenantUpgradeStatus) => result.results.filter((r) => r.status === s).length;
      io.out([...table(rows), '',
        `${result.results.length} repositories: ${count(dryRun ? 'would-upgrade' : 'upgraded')} ${dryRun ? 'would be upgraded' : 'upgraded'}, ${count('current')} current, ${count('failed')} failed (zave ${version})`, ''].join('\n'));
    }
    return result.ok ? ExitCode.OK : ExitCode.INVALID;
  },
};
