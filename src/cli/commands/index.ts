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

/* eslint-disable @typescript-eslint/no-require-imports */
/** Every verb, in the order `zave --help` lists them (the lifecycle order). */
export const VERBS: readonly VerbEntry[] = [
  { name: 'init', load: () => (require('./init') as typeof import('./init')).initCommand },
  { name: 'validate', load: () => (require('./validate') as typeof import('./validate')).validateCommand },
  { name: 'explain', load: () => (require('./explain') as typeof import('./explain')).explainCommand },
  { name: 'schema', load: () => (require('./schema') as typeof import('./schema')).schemaCommand },
  { name: 'synth', load: () => (require('./synth') as typeof import('./synth')).synthCommand },
  { name: 'register', load: () => (require('./register') as typeof import('./register')).registerCommand },
  { name: 'propose', load: () => (require('./propose') as typeof import('./propose')).proposeCommand },
  { name: 'promote', load: () => (require('./promote') as typeof import('./promote')).promoteCommand },
  { name: 'rollback', load: () => (require('./rollback') as typeof import('./rollback')).rollbackCommand },
  { name: 'deregister', load: () => (require('./deregister') as typeof import('./deregister')).deregisterCommand },
  { name: 'status', load: () => (require('./status') as typeof import('./status')).statusCommand },
  { name: 'upgrade', load: () => (require('./upgrade') as typeof import('./upgrade')).upgradeCommand },
  { name: 'adopt', load: () => (require('./adopt') as typeof import('./adopt')).adoptCommand },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every verb's command, all modules loaded (for `zave --help` and tests). */
export function allCommands(): Command[] {
  return VERBS.map((v) => v.load());
}
