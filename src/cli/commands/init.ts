import * as path from 'path';
import { createInterface } from 'readline';
import { didYouMean } from '../../common/suggest';
import { ENUM_VALUES, Database, Exposure, Runtime, Size, Strategy } from '../../contract/enums';
import { parseContract } from '../../contract/parse';
import { resolveGitOpsDir } from '../../gitops/embedded';
import { isRemoteUrl } from '../../gitops/lifecycle/synth-adapter';
import { isRemoteGitOps } from '../../projects/onboarding/gitops-adapter';
import type * as Onboarding from '../../projects/onboarding/onboard-service';
import { ciRemote, missingRemoteMessage } from '../../projects/onboarding/remote';
import { ONBOARDING_STEPS } from '../../projects/onboarding/steps';
import { renderContract } from '../../projects/service/contract-source';
import { ZaveServiceProjectOptions } from '../../projects/service/zave-service-project-options';
import { Command, formatFlag, ParsedArgs, stringFlag } from '../command';
import { CliIo, ExitCode, UsageError, UserError } from '../io';

/** The schedule a scheduled-job gets when none is given: 03:00 UTC every day. */
const DEFAULT_SCHEDULE = '0 3 * * *';

type Field = 'strategy' | 'runtime' | 'exposure' | 'database' | 'size';
const DEFAULTS: Record<Field, string> = { strategy: 'http-service', runtime: 'node', exposure: 'internal-http', database: 'none', size: 'small' };

function checkEnum(field: Field, value: string, flag: string): string {
  const allowed = ENUM_VALUES[field] as readonly string[];
  if (allowed.includes(value)) return value;
  const hint = didYouMean(value, allowed);
  throw new UsageError(`${flag} must be one of: ${allowed.join(', ')} (got "${value}")${hint ? `; ${hint}` : ''}`);
}

/** Asks questions on the terminal, one line per answer (lines typed ahead are kept, not lost). */
class Prompter {
  private readonly rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  private readonly lines = this.rl[Symbol.asyncIterator]();

  constructor(private readonly io: CliIo) {}

  public async ask(question: string, fallback?: string): Promise<string> {
    this.io.err(`${question}${fallback ? ` [${fallback}]` : ''}: `);
    const next = await this.lines.next();
    const answer = next.done ? '' : String(next.value).trim();
    return answer || fallback || '';
  }

  public close(): void {
    this.rl.close();
  }
}

/** Collects the answers: flags first, prompts for what is missing (terminal only), defaults otherwise. */
async function collect(args: ParsedArgs, io: CliIo): Promise<{ options: ZaveServiceProjectOptions; strategy: string }> {
  if (args.positionals.length > 1) throw new UsageError(`expected one strategy, got: ${args.positionals.join(' ')}`);
  const prompter = io.isInteractive && !io.env.CI ? new Prompter(io) : undefined;
  try {
    return await collectWith(args, prompter);
  } finally {
    prompter?.close();
  }
}

async function collectWith(args: ParsedArgs, prompter: Prompter | undefined): Promise<{ options: ZaveServiceProjectOptions; strategy: string }> {
  const prompt = prompter !== undefined;
  const ask = (question: string, fallback?: string) => prompter!.ask(question, fallback);
  let name = stringFlag(args, 'name');
  if (!name) {
    if (!prompt) throw new UsageError('missing --name (the service name, a DNS label such as payments-api)');
    name = await ask('Service name (a DNS label, e.g. payments-api)');
    if (!name) throw new UsageError('a service name is required');
  }
  const pick = async (field: Field, flag: string, given: string | undefined, question: string, fallback = DEFAULTS[field]) => {
    if (given !== undefined) return checkEnum(field, given, flag);
    if (!prompt) return fallback;
    return checkEnum(field, await ask(`${question} (${(ENUM_VALUES[field] as readonly string[]).join(' | ')})`, fallback), flag);
  };
  const strategy = await pick('strategy', '<strategy>', args.positionals[0], 'Delivery strategy');
  const runtime = await pick('runtime', '--runtime', stringFlag(args, 'runtime'), 'Runtime');
  const exposureGiven = stringFlag(args, 'exposure');
  // A worker or scheduled-job receives no traffic: its exposure is only written when given (and then checked).
  const exposure = strategy === Strategy.HTTP_SERVICE
    ? await pick('exposure', '--exposure', exposureGiven, 'Exposure')
    : exposureGiven === undefined ? undefined : checkEnum('exposure', exposureGiven, '--exposure');
  const database = await pick('database', '--database', stringFlag(args, 'database'), 'Database');
  const size = await pick('size', '--size', stringFlag(args, 'size'), 'Size');
  let schedule = stringFlag(args, 'schedule');
  if (strategy === Strategy.SCHEDULED_JOB && schedule === undefined) {
    schedule = prompt ? await ask('Schedule (five cron fields, UTC)', DEFAULT_SCHEDULE) : DEFAULT_SCHEDULE;
  }
  const options: ZaveServiceProjectOptions = {
    service: name,
    strategy: strategy as Strategy,
    runtime: runtime as Runtime,
    ...(exposure !== undefined ? { exposure: exposure as Exposure } : {}),
    ...(database !== 'none' || stringFlag(args, 'database') ? { database: database as Database } : {}),
    ...(size !== 'small' || stringFlag(args, 'size') ? { size: size as Size } : {}),
    ...(schedule !== undefined ? { schedule } : {}),
  };
  // Flag values that make an invalid contract (bad name, schedule, combination) are usage errors naming the flag.
  const { service, runtime: r, strategy: st, exposure: ex, database: db, schedule: sc, size: sz } = options;
  const text = renderContract({ service, runtime: r, strategy: st, exposure: ex, database: db, schedule: sc, size: sz });
  const { issues } = parseContract(text, 'zave.yaml');
  if (issues.length > 0) {
    const flagOf: Record<string, string> = { service: '--name', strategy: '<strategy>', schedule: '--schedule' };
    throw new UsageError(issues.map((i) => `${flagOf[i.path] ?? `--${i.path}`}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`).join('\n  '));
  }
  return { options, strategy };
}

function tree(result: Onboarding.OnboardingResult): string {
  const all = [...result.generatedFiles, ...result.scaffoldFiles].sort();
  return all.map((f) => `  ${f}${result.scaffoldFiles.includes(f) ? '   (yours)' : ''}`).join('\n');
}

/** `zave init <strategy> --name <service>`: scaffold a tenant repository and register it, in one command. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Create a tenant repository from a new contract and register it in the GitOps repository.',
  usage: 'init [http-service|worker|scheduled-job] --name <service> [options]',
  description: [
    'Writes zave.yaml, generates the repository (runtime skeleton with a unit test, pinned Dockerfile, CI calling',
    'the shared platform workflows, cdk8s preview, README, .zave/repository.json), makes the first commit on main,',
    'and registers the workload in the GitOps repository on branch zave/register-<service>. Nothing is installed.',
    'Missing flags are asked for only on a terminal outside CI; otherwise defaults apply (only --name is required).',
    'All or nothing: if a step fails, the new directory is removed and the GitOps repository is left as it was.',
  ].join('\n'),
  options: {
    name: { type: 'string', value: 'SERVICE', description: 'service name, a DNS label of at most 40 characters (required)' },
    runtime: { type: 'string', value: 'RUNTIME', description: `runtime: ${ENUM_VALUES.runtime.join(' | ')}`, default: DEFAULTS.runtime },
    exposure: { type: 'string', value: 'EXPOSURE', description: `exposure of an http-service: ${ENUM_VALUES.exposure.join(' | ')}`, default: DEFAULTS.exposure },
    database: { type: 'string', value: 'DATABASE', description: `database: ${ENUM_VALUES.database.join(' | ')}`, default: DEFAULTS.database },
    size: { type: 'string', value: 'SIZE', description: `size: ${ENUM_VALUES.size.join(' | ')}`, default: DEFAULTS.size },
    schedule: { type: 'string', value: 'CRON', description: 'five-field cron schedule in UTC (scheduled-job)', default: DEFAULT_SCHEDULE },
    gitops: { type: 'string', value: 'DIR', description: 'GitOps repository checkout (created when absent)', default: '$ZAVE_GITOPS or ./gitops' },
    remote: { type: 'string', value: 'URL', description: 'empty remote repository: main is pushed there and the URL is registered as the owner', default: 'in CI $GITHUB_SERVER_URL/$GITHUB_REPOSITORY; required with a remote GitOps repository' },
    dir: { type: 'string', value: 'PATH', description: 'directory of the new repository (absent or empty)', default: './<service>' },
    format: { type: 'string', value: 'FORMAT', description: 'text for people, json for machines', default: 'text' },
  },
  examples: [
    'zave init http-service --name payments-api --runtime node --exposure public-http --database postgres',
    'zave init worker --name email-worker --runtime python --remote https://github.com/acme/email-worker.git',
    'zave init scheduled-job --name nightly-report --runtime java --schedule "0 3 * * *" --size large',
  ],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const { options } = await collect(args, io);
    const started = process.hrtime.bigint();
    const dir = path.resolve(io.cwd, stringFlag(args, 'dir') ?? options.service!);
    const gitopsFlag = stringFlag(args, 'gitops') ?? io.env.ZAVE_GITOPS;
    const gitops = gitopsFlag && isRemoteGitOps(gitopsFlag) ? gitopsFlag : resolveGitOpsDir(stringFlag(args, 'gitops'), io.env, io.cwd).dir;
    const given = stringFlag(args, 'remote');
    // A local remote (a bare repository path) is taken relative to where zave runs, as every path flag is.
    const remote = given && !isRemoteUrl(given) ? path.resolve(io.cwd, given) : given;
    if (!remote && !ciRemote(io.env) && isRemoteGitOps(gitops)) throw new UsageError(missingRemoteMessage());
    io.err(`zave init: onboarding ${options.service} into ${dir}\n`);
    let result: Onboarding.OnboardingResult;
    // Loaded on demand: projen and cdk8s cost every other verb a few hundred milliseconds of start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { onboardService } = require('../../projects/onboarding/onboard-service') as typeof Onboarding;
    try {
      result = await onboardService({ options, dir, gitops, env: io.env, ...(remote ? { remote } : {}) }, (step, detail) => {
        io.err(`  [${ONBOARDING_STEPS.indexOf(step) + 1}/${ONBOARDING_STEPS.length}] ${step}: ${detail}\n`);
      });
    } catch (e) {
      throw new UserError(`${(e as Error).message}\nNothing was created: ${dir} and the GitOps repository are as they were.`);
    }
    const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
    if (format === 'json') {
      io.out(JSON.stringify({
        ok: true,
        service: result.workload.service,
        strategy: result.workload.strategy,
        runtime: result.workload.runtime,
        directory: result.dir,
        commit: result.commit,
        generatedFiles: result.generatedFiles,
        scaffoldFiles: result.scaffoldFiles,
        gitops: {
          location: result.gitops.dir,
          created: result.gitops.created,
          branch: result.registration.branch,
          commit: result.registration.commit,
          pushed: result.registration.pushed,
        },
      }, null, 2) + '\n');
      return ExitCode.OK;
    }
    const rel = path.relative(io.cwd, result.dir) || '.';
    io.out([
      `Created ${rel}/ (${result.workload.strategy}, ${result.workload.runtime}) in ${ms} ms:`,
      tree(result),
      '',
      `Registered in ${result.gitops.dir} on branch ${result.registration.branch}${result.registration.pushed ? ' (pushed)' : ''}: merge it to deploy.`,
      'Next:',
      `  cd ${rel}${result.workload.runtime === Runtime.NODE ? ' && npm test' : ''}`,
      '  push to GitHub: CI validates the contract, builds the image and proposes it to dev.',
      '',
    ].join('\n'));
    return ExitCode.OK;
  },
};
