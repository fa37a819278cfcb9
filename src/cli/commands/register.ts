import { Command } from '../command';
import { ExitCode } from '../io';

/** `zave register` (placeholder until its issue lands). */
export const registerCommand: Command = {
  name: 'register',
  summary: '(not yet available)',
  usage: 'register',
  options: {},
  async run(_args, io) {
    io.err('zave register is not available in this build\n');
    return ExitCode.USAGE;
  },
};
