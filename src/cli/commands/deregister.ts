import { Command } from '../command';
import { ExitCode } from '../io';

/** `zave deregister` (placeholder until its issue lands). */
export const deregisterCommand: Command = {
  name: 'deregister',
  summary: '(not yet available)',
  usage: 'deregister',
  options: {},
  async run(_args, io) {
    io.err('zave deregister is not available in this build\n');
    return ExitCode.USAGE;
  },
};
