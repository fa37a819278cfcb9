import { Command } from '../command';

/**
 * A verb by name, its module loaded on first use: a `zave propose` loads the lifecycle code alone, not
 * adopt's analyzers or the status page (about 0.2 s of module loading per process).
 */
export interface VerbEntry {
  readonly name: string;
  /** The verb's command (its module is required on the first call). */
  load(): Command;
}

/** Every verb, in the order `zave --help` lists them (the lifecycle order): module `./<name>` exports `<name>Command`. */
const VERB_NAMES = ['init', 'validate', 'explain', 'schema', 'synth', 'register', 'propose', 'promote', 'rollback', 'deregister', 'status', 'upgrade', 'adopt'];

/** Every verb, in the order `zave --help` lists them, each loaded on first use. */
export const VERBS: readonly VerbEntry[] = VERB_NAMES.map((name) => ({
  name,
  load: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const command = (require(`./${name}`) as Record<string, Command | undefined>)[`${name}Command`];
    if (!command) throw new Error(`src/cli/commands/${name} exports no ${name}Command`);
    return command;
  },
}));

/** Every verb's command, all modules loaded (for `zave --help` and tests). */
export function allCommands(): Command[] {
  return VERBS.map((v) => v.load());
}
