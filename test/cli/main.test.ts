import { allCommands, VERBS } from '../../src/cli/commands';

const COMMANDS = allCommands();
import { run } from '../../src/cli/main';
import { bufferIo } from '../common/buffer-io';

describe('zave (main)', () => {
  test('--help lists every verb, exit 0', async () => {
    const io = bufferIo();
    expect(await run(['--help'], io)).toBe(0);
    for (const c of COMMANDS) expect(io.stdout()).toContain(`  ${c.name}`);
  });

  test('each verb entry loads the command of its own name, in the order help lists them', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(VERBS.map((v) => v.name));
    expect(VERBS.map((v) => v.name)).toEqual(['init', 'validate', 'explain', 'schema', 'synth', 'register', 'propose', 'promote', 'rollback', 'deregister', 'status', 'upgrade', 'adopt']);
  });

  test('no verb prints help to stderr, exit 2', async () => {
    const io = bufferIo();
    expect(await run([], io)).toBe(2);
    expect(io.stderr()).toContain('Usage: zave <verb>');
  });

  test.each(COMMANDS.map((c) => c.name))('zave %s --help exits 0 with usage, options and exit codes', async (verb) => {
    const io = bufferIo();
    expect(await run([verb, '--help'], io)).toBe(0);
    expect(io.stdout()).toMatch(new RegExp(`^Usage: zave ${verb}`));
    expect(io.stdout()).toContain('Exit codes: 0 ok, 1 invalid input or failed check, 2 usage error');
    const viaHelp = bufferIo();
    expect(await run(['help', verb], viaHelp)).toBe(0);
    expect(viaHelp.stdout()).toBe(io.stdout());
  });

  test.each([
    ['valdate', 'did you mean validate?'],
    ['explian', 'did you mean explain?'],
    ['shema', 'did you mean schema?'],
  ])('unknown verb %s exits 2 with %s', async (verb, hint) => {
    const io = bufferIo();
    expect(await run([verb], io)).toBe(2);
    expect(io.stderr()).toContain(`unknown verb "${verb}"; ${hint}`);
  });

  test('an unknown verb with no close match still points to --help', async () => {
    const io = bufferIo();
    expect(await run(['frobnicate'], io)).toBe(2);
    expect(io.stderr()).toBe('zave: unknown verb "frobnicate"\nRun "zave --help" for the list of verbs.\n');
  });

  test('--version prints the package version', async () => {
    const io = bufferIo();
    expect(await run(['--version'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
