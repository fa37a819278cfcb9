import { Command } from '../command';
import { ExitCode } from '../io';

/** `zave propose` (placeholder until its issue lands). */
export const proposeCommand: Command = {
  name: 'propose',
  summary: '(not yet available)',
  usage: 'propose',
  options: {},
  async run(_args, io) {
    io.err('zave propose is not available in this build\n');
    return ExitCode.USAGE;
  },
};
