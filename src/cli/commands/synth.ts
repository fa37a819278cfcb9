import * as fs from 'fs';
import { ensureEmbeddedGitOps, resolveGitOpsDir } from '../../gitops/embedded';
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
  usage: 'synth [--repo DIR] [--check] [--force] [--format text|json]',
  description: [
    'Renders deploy/<env>/<service>/ (one object per file), the kustomization.yaml files and the Argo CD objects',
    '(deploy/bootstrap/<env>.yaml, deploy/applications/<env>/) from platform.yaml, workloads/ and environments/.',
    'Byte-deterministic and atomic: everything is staged in .zave-tmp/ and swapped in; on any error the previous',
    'deploy/ stays as it was. Incremental: only workloads whose inputs changed are re-rendered.',
    'The repository is --repo (or --gitops), else $ZAVE_GITOPS, else the current directory when it holds platform.yaml, else ./gitops;',
    '$ZAVE_GITOPS and ./gitops are created (git init, defaults, first commit) when absent.',
    '--check writes nothing, renders everything and compares byte for byte: exit 1 lists the files that differ.',
  ].join('\n'),
  options: {
    repo: { type: 'string', value: 'DIR', description: 'GitOps repository (default: $ZAVE_GITOPS, else . when it has platform.yaml, else ./gitops)' },
    gitops: { type: 'string', value: 'DIR', description: 'same as --repo' },
    check: { type: 'boolean', description: 'compare instead of writing; exit 1 when deploy/ is stale' },
    force: { type: 'boolean', description: 'ignore the incremental cache and render every workload' },
    format: { type: 'string', value: 'FORMAT', description: 'text for people, json for machines', default: 'text' },
  },
  examples: ['zave synth', 'zave synth --repo ../platform-gitops', 'zave synth --check', 'ZAVE_GITOPS=/srv/gitops zave synth --format json'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"; use --repo DIR`);
    const repoFlag = stringFlag(args, 'repo');
    const gitopsFlag = stringFlag(args, 'gitops');
    if (repoFlag && gitopsFlag && repoFlag !== gitopsFlag) throw new UsageError('give --repo or --gitops, not both');
    const { dir, source } = resolveGitOpsDir(repoFlag ?? gitopsFlag, io.env, io.cwd);
    const check = args.values.check === true;
    if (!fs.existsSync(dir)) {
      // An explicit --repo must exist (a typo must not create a repository); ZAVE_GITOPS and ./gitops are created.
      if (source === 'flag' || check) {
        throw new UserError(`no GitOps repository at ${dir} (from ${source === 'flag' ? '--repo' : source === 'env' ? 'ZAVE_GITOPS' : 'the default ./gitops'})`);
      }
      await ensureEmbeddedGitOps(dir, io.env);
      io.err(`created a local GitOps repository at ${dir} (git, branch main, default platform.yaml)\n`);
    }
    const result = await synthesize({ repoDir: dir, check, force: args.values.force === true, onProgress: format === 'text' ? progressPrinter(io) : undefined });
    if (format === 'json') {
      io.out(JSON.stringify(result, null, 2) + '\n');
      return result.ok ? ExitCode.OK : ExitCode.INVALID;
    }
    if (result.issues.length > 0) {
      reportIssues(io, result.issues, 'text');
      io.err(`${result.mode === 'check' ? 'nothing was checked' : 'deploy/ was not changed'}\n`);
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
