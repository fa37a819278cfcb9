import { Command } from '../command';
import { ExitCode } from '../io';

/** `zave promote` (placeholder until its issue lands). */
export const promoteCommand: Command = {
  name: 'promote',
  summary: '(not yet available)',
  usage: 'promote',
  options: {},
  async run(_args, io) {
    io.err('zave promote is not available in this build\n');
    return ExitCode.USAGE;
  },
};
