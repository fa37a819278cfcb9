import * as path from 'path';
import { didYouMean } from '../../common/suggest';
import { parseContractFile } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { ResolvedDecision } from '../../contract/resolved';
import { defaultPlatformYaml, parsePlatform, parsePlatformFile, PlatformParseResult, resolveGitOpsDir, toEnvironmentSpec } from '../../gitops/internal';
import { apiServerCidrIssues } from '../../gitops/platform/isolation';
import { environmentDecisions } from '../../strategies/environment-decisions';
import { Command, formatFlag, stringFlag } from '../command';
import { CliIo, ExitCode, UsageError } from '../io';
import { reportIssues } from '../report';
import { isFile } from './validate';

/** `zave explain [file]`: prints the resolved workload with the reason for each decision. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'Show every platform decision made for a contract, and why.',
  usage: 'explain [file] [--env ENV [--platform FILE]] [--format text|json]',
  description: 'Resolves the contract (./zave.yaml by default) with the platform defaults and prints each decision with the rule that made it. Nothing is hidden.\n'
    + 'With --env, also the decisions that environment adds (replicas, host, TLS, database instances, network policies), read back from what the strategy renders. '
    + 'platform.yaml comes from --platform, else the GitOps repository ($ZAVE_GITOPS, ./platform.yaml, ./gitops), else the platform defaults.',
  options: {
    env: { type: 'string', value: 'ENV', description: 'also explain what this environment decides (e.g. prod)' },
    platform: { type: 'string', value: 'FILE', description: 'platform.yaml to read environments from (with --env)' },
    format: { type: 'string', value: 'FORMAT', description: 'text for people, json for machines', default: 'text' },
  },
  examples: ['zave explain', 'zave explain examples/contracts/payments-api.yaml --format json', 'zave explain --env prod --platform ../gitops/platform.yaml'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    if (args.positionals.length > 1) throw new UsageError(`explain takes one file, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
    const file = args.positionals[0] ?? 'zave.yaml';
    const parsed = parseContractFile(path.resolve(io.cwd, file), file);
    if (!parsed.contract) {
      reportIssues(io, parsed.issues, format);
      return ExitCode.INVALID;
    }
    const workload = resolveContract(parsed.contract);
    const envName = stringFlag(args, 'env');
    let environment: { name: string; source: string; decisions: ResolvedDecision[] } | undefined;
    if (envName !== undefined) {
      const platform = loadPlatform(io, stringFlag(args, 'platform'));
      if (!platform.result.platform) {
        reportIssues(io, platform.result.issues, format);
        return ExitCode.INVALID;
      }
      const names = platform.result.platform.environments.map((e) => e.name);
      const spec = platform.result.platform.environments.find((e) => e.name === envName);
      if (!spec) {
        const hint = didYouMean(envName, names);
        throw new UsageError(`--env must be one of the environments in ${platform.source}: ${names.join(', ')} (got "${envName}")${hint ? `; ${hint}` : ''}`);
      }
      const index = platform.result.platform.environments.indexOf(spec);
      const cidrIssues = apiServerCidrIssues(platform.result.platform, [{ service: workload.service, database: workload.capabilities.postgres }])
        .filter((i) => i.path === `environments.${index}.cluster.apiServerCidr`)
        .map((i) => ({ ...i, file: platform.source }));
      if (cidrIssues.length > 0) {
        reportIssues(io, cidrIssues, format);
        return ExitCode.INVALID;
      }
      environment = { name: envName, source: platform.source, decisions: environmentDecisions(workload, toEnvironmentSpec(spec)) };
    }
    if (format === 'json') {
      io.out(JSON.stringify(environment ? { ...workload, environment } : workload, null, 2) + '\n');
      return ExitCode.OK;
    }
    io.out(`${workload.service} (${file}): ${workload.strategy}\n\n`);
    const all = [...workload.decisions, ...(environment?.decisions ?? [])];
    const width = Math.max(...all.map((d) => d.field.length)) + 2;
    const print = (d: ResolvedDecision) => {
      const why = d.rule === 'contract' ? `written in ${path.basename(file)}` : d.rule;
      io.out(`  ${d.field.padEnd(width)}${d.value}\n  ${' '.repeat(width)}└ ${why}\n`);
    };
    workload.decisions.forEach(print);
    if (environment) {
      io.out(`\nin ${environment.name}, as platform.yaml decides (read from ${environment.source}):\n\n`);
      environment.decisions.forEach(print);
    }
    return ExitCode.OK;
  },
};

/** platform.yaml for --env: the flag, else the GitOps repository, else the platform defaults. */
function loadPlatform(io: CliIo, flag: string | undefined): { result: PlatformParseResult; source: string } {
  if (flag !== undefined) return { result: parsePlatformFile(path.resolve(io.cwd, flag), flag), source: flag };
  const file = path.join(resolveGitOpsDir(undefined, io.env, io.cwd).dir, 'platform.yaml');
  if (isFile(file)) return { result: parsePlatformFile(file, path.relative(io.cwd, file) || 'platform.yaml'), source: path.relative(io.cwd, file) };
  return { result: parsePlatform(defaultPlatformYaml(), 'platform.yaml (defaults)'), source: 'the platform defaults, no platform.yaml found' };
}
