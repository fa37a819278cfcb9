import * as fs from 'fs';
import { ensureEmbeddedGitOps, resolveGitOpsDir } from '../../gitops/embedded';
import { libraryVersion } from '../../gitops/synth/fingerprint';
import { synthesize, SynthProgress } from '../../gitops/synth/synthesize';
import { Command, formatFlag, stringFlag } from '../command';
import { CliIo, ExitCode, UsageError, UserError } from '../io';
import { reportIssues } from '../report';

function progressPrinter(io: CliIo): (p: SynthProgress) => void {
  let last = '';
  return (p) => {
    if (p.phase !== 'render' || p.total === 0) return;
    const line = `rendering ${p.done}/${p.total} workloads`;
    if (io.isTty) io.err(`\r${line}${p.done === p.total ? '\n' : ''}`);
    else if (p.done === p.total && line !== last) io.err(`${line}\n`);
    last = line;
  };
}

/** `zave synth [--repo DIR] [--check]`: renders deploy/ of the GitOps repository. */
export const synthCommand: Command = {
  name: 'synth',
  summary: 'Render deploy/ of the GitOps repository (or, with --check, fail when it is stale).',
  usage: 'synth [--repo DIR] [--check] [--only-platform VERSION] [--force] [--format text|json]',
  description: [
    'Renders deploy/<env>/<service>/ (one object per file), the kustomization.yaml files and the Argo CD objects',
    '(deploy/bootstrap/<env>.yaml, deploy/applications/<env>/) from platform.yaml, workloads/ and environments/.',
    'Byte-deterministic and atomic: everything is staged in .zave-tmp/ and swapped in; on any error the previous',
    'deploy/ stays as it was. Incremental: only workloads whose inputs changed are re-rendered.',
    'The repository is --repo (or --gitops), else $ZAVE_GITOPS, else the current directory when it holds platform.yaml, else ./gitops;',
    '$ZAVE_GITOPS and ./gitops are created (git init, defaults, first commit) when absent.',
    '--check writes nothing, renders everything and compares byte for byte: exit 1 lists the files that differ.',
    '',
    'Staged platform upgrades: every release in environments/<env>.yaml records the zave version that renders it',
    '(platform:). Releases pinned to another version than this one are held: synth keeps their files exactly as',
    'committed, and --check has that version check them, run as "npx --yes --package @zave/platform@VERSION zave"',
    '(override with $ZAVE_PLATFORM_RUNNER, a command template containing {version}, e.g. for an air-gapped CI:',
    'ZAVE_PLATFORM_RUNNER="node /opt/zave/{version}/bin/zave"). When that version cannot be run, --check fails.',
    'Upgrade one environment at a time with: zave propose --platform --env ENV.',
  ].join('\n'),
  options: {
    'repo': { type: 'string', value: 'DIR', description: 'GitOps repository (default: $ZAVE_GITOPS, else . when it has platform.yaml, else ./gitops)' },
    'gitops': { type: 'string', value: 'DIR', description: 'same as --repo' },
    'check': { type: 'boolean', description: 'compare instead of writing; exit 1 when deploy/ is stale' },
    'force': { type: 'boolean', description: 'ignore the incremental cache and render every workload' },
    'only-platform': { type: 'string', value: 'VERSION', description: 'render (or with --check: check) only the releases pinned to VERSION, which must be this zave\'s version; every other file is left alone' },
    'format': { type: 'string', value: 'FORMAT', description: 'text for people, json for machines', default: 'text' },
  },
  examples: ['zave synth', 'zave synth --repo ../platform-gitops', 'zave synth --check', 'ZAVE_GITOPS=/srv/gitops zave synth --format json',
    'ZAVE_PLATFORM_RUNNER="node /opt/zave/{version}/bin/zave" zave synth --check'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"; use --repo DIR`);
    const repoFlag = stringFlag(args, 'repo');
    const gitopsFlag = stringFlag(args, 'gitops');
    if (repoFlag && gitopsFlag && repoFlag !== gitopsFlag) throw new UsageError('give --repo or --gitops, not both');
    const { dir, source } = resolveGitOpsDir(repoFlag ?? gitopsFlag, io.env, io.cwd);
    const check = args.values.check === true;
    const onlyPlatform = stringFlag(args, 'only-platform');
    if (onlyPlatform !== undefined && onlyPlatform !== libraryVersion()) {
      throw new UsageError(`--only-platform ${onlyPlatform} names another version: this is zave ${libraryVersion()}, which checks only the releases pinned to it; run zave ${onlyPlatform} for those`);
    }
    if (!fs.existsSync(dir)) {
      // An explicit --repo must exist (a typo must not create a repository); ZAVE_GITOPS and ./gitops are created.
      if (source === 'flag' || check) {
        throw new UserError(`no GitOps repository at ${dir} (from ${source === 'flag' ? '--repo' : source === 'env' ? 'ZAVE_GITOPS' : 'the default ./gitops'})`);
      }
      await ensureEmbeddedGitOps(dir, io.env);
      io.err(`created a local GitOps repository at ${dir} (git, branch main, default platform.yaml)\n`);
    }
    const result = await synthesize({
      repoDir: dir,
      check,
      force: args.values.force === true,
      onProgress: format === 'text' ? progressPrinter(io) : undefined,
      ...(onlyPlatform !== undefined ? { onlyPlatform } : {}),
      ...(io.env.ZAVE_PLATFORM_RUNNER ? { platformRunner: io.env.ZAVE_PLATFORM_RUNNER } : {}),
    });
    if (format === 'json') {
      io.out(JSON.stringify(result, null, 2) + '\n');
      return result.ok ? ExitCode.OK : ExitCode.INVALID;
    }
    if (result.issues.length > 0) {
      reportIssues(io, result.issues, 'text');
      if (result.mode === 'check' && result.differences.length > 0) io.err(`${result.summary}\n`);
      io.err(`${result.mode !== 'check' ? 'deploy/ was not changed' : result.rendered > 0 || result.held ? 'deploy/ could not be checked completely' : 'nothing was checked'}\n`);
      return ExitCode.INVALID;
    }
    for (const note of result.notes) io.err(`note: ${note}\n`);
    if (!result.ok) {
      io.err(`${result.summary}\n`);
      return ExitCode.INVALID;
    }
    io.out(`${result.summary}\n`);
    return ExitCode.OK;
  },
};
