import * as fs from 'fs';
import * as path from 'path';
import { ContractIssue } from '../../contract/issue';
import { parseContractFile } from '../../contract/parse';
import { Command, formatFlag } from '../command';
import { ExitCode } from '../io';
import { reportIssues } from '../report';

/** `zave validate [files...]`: checks contracts; exit 0 valid, 1 invalid, 2 usage. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check zave.yaml contracts and report every problem with file:line:column.',
  usage: 'validate [files...] [--format text|json]',
  description: 'With no file, validates ./zave.yaml. All files are checked and all problems reported in one run.',
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'text for people, json for machines', default: 'text' },
    quiet: { type: 'boolean', short: 'q', description: 'print nothing when everything is valid' },
  },
  examples: ['zave validate', 'zave validate examples/contracts/*.yaml', 'zave validate zave.yaml --format json'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    const files = args.positionals.length > 0 ? args.positionals : ['zave.yaml'];
    const issues: ContractIssue[] = [];
    for (const file of files) {
      issues.push(...parseContractFile(path.resolve(io.cwd, file), file).issues);
    }
    reportIssues(io, issues, format);
    if (issues.length === 0 && format === 'text' && !args.values.quiet) {
      io.out(`${files.length === 1 ? files[0] : `${files.length} contracts`}: valid\n`);
    }
    return issues.length === 0 ? ExitCode.OK : ExitCode.INVALID;
  },
};

/** True when `p` exists as a file (for verbs that default to ./zave.yaml). */
export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
