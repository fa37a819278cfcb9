import { Command } from '../command';
import { ExitCode } from '../io';

/** `zave synth` (placeholder until its issue lands). */
export const synthCommand: Command = {
  name: 'synth',
  summary: '(not yet available)',
  usage: 'synth',
  options: {},
  async run(_args, io) {
    io.err('zave synth is not available in this build\n');
    return ExitCode.USAGE;
  },
};
