import { Command } from '../command';
import { ExitCode } from '../io';

/** `zave status` (placeholder until its issue lands). */
export const statusCommand: Command = {
  name: 'status',
  summary: '(not yet available)',
  usage: 'status',
  options: {},
  async run(_args, io) {
    io.err('zave status is not available in this build\n');
    return ExitCode.USAGE;
  },
};
