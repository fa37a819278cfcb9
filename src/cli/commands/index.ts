import { adoptCommand } from './adopt';
import { deregisterCommand } from './deregister';
import { explainCommand } from './explain';
import { initCommand } from './init';
import { promoteCommand } from './promote';
import { proposeCommand } from './propose';
import { registerCommand } from './register';
import { rollbackCommand } from './rollback';
import { schemaCommand } from './schema';
import { statusCommand } from './status';
import { synthCommand } from './synth';
import { upgradeCommand } from './upgrade';
import { validateCommand } from './validate';
import { Command } from '../command';

/** Every verb, in the order `zave --help` lists them (the lifecycle order). */
export const COMMANDS: readonly Command[] = [
  initCommand,
  validateCommand,
  explainCommand,
  schemaCommand,
  synthCommand,
  registerCommand,
  proposeCommand,
  promoteCommand,
  rollbackCommand,
  deregisterCommand,
  statusCommand,
  upgradeCommand,
  adoptCommand,
];
