import { Command, commandHelp, parseCommandArgs } from './command';
import { allCommands, VERBS } from './commands';
import { CliIo, ExitCode, processIo, UsageError, UserError } from './io';
import { didYouMean } from '../common/suggest';

/** The package version (for `--version` and generated-file headers). */
export function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

function mainHelp(): string {
  const commands = allCommands();
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'zave: one zave.yaml in, a deployable, GitOps-registered workload out.',
    '',
    'Usage: zave <verb> [options]      zave <verb> --help',
    '',
    'Verbs:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Authority flows one way: contract -> CI proposal -> GitOps state -> cluster.',
    'Exit codes: 0 ok, 1 invalid input or failed check, 2 usage error, 3 internal error.',
    '',
  ].join('\n');
}

/** Runs `zave` with the given arguments and returns the exit code. Never throws. */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    const target = verb === 'help' && rest[0] ? VERBS.find((v) => v.name === rest[0])?.load() : undefined;
    (verb === undefined ? io.err : io.out)(target ? commandHelp(target) : mainHelp());
    return verb === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (verb === '--version' || verb === '-v') {
    io.out(`${packageVersion()}\n`);
    return ExitCode.OK;
  }
  const command: Command | undefined = VERBS.find((v) => v.name === verb)?.load();
  if (!command) {
    const hint = didYouMean(verb, VERBS.map((v) => v.name));
    io.err(`zave: unknown verb "${verb}"${hint ? `; ${hint}` : ''}\nRun "zave --help" for the list of verbs.\n`);
    return ExitCode.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return ExitCode.OK;
  }
  try {
    const args = parseCommandArgs(command, rest);
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`zave ${command.name}: ${e.message}\nRun "zave ${command.name} --help" for usage.\n`);
      return ExitCode.USAGE;
    }
    if (e instanceof UserError) {
      io.err(`zave ${command.name}: ${e.message}\n`);
      return ExitCode.INVALID;
    }
    const err = e as Error;
    io.err(`zave ${command.name}: internal error: ${err.message}\n`);
    if (io.env.ZAVE_DEBUG) io.err(`${err.stack}\n`);
    else io.err('This is a bug in zave; rerun with ZAVE_DEBUG=1 for details and report it.\n');
    return ExitCode.INTERNAL;
  }
}

/** Process entry point used by `bin/zave`. */
export function main(): void {
  // A reader that stops early (`zave explain | head`) closes the pipe: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.OK);
      throw e;
    });
  }
  run(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    () => { process.exitCode = ExitCode.INTERNAL; },
  );
}
