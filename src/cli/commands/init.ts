import { Command } from '../command';
import { ExitCode } from '../io';

/** `zave init` (placeholder until its issue lands). */
export const initCommand: Command = {
  name: 'init',
  summary: '(not yet available)',
  usage: 'init',
  options: {},
  async run(_args, io) {
    io.err('zave init is not available in this build\n');
    return ExitCode.USAGE;
  },
};
