import * as path from 'path';
import { parseContractFile } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { Command, formatFlag } from '../command';
import { ExitCode, UsageError } from '../io';
import { reportIssues } from '../report';

/** `zave explain [file]`: prints the resolved workload with the reason for each decision. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'Show every platform decision made for a contract, and why.',
  usage: 'explain [file] [--format text|json]',
  description: 'Resolves the contract (./zave.yaml by default) with the platform defaults and prints each decision with the rule that made it. Nothing is hidden.',
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'text for people, json for machines', default: 'text' },
  },
  examples: ['zave explain', 'zave explain examples/contracts/payments-api.yaml --format json'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json'] as const, 'text');
    if (args.positionals.length > 1) throw new UsageError(`explain takes one file, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
    const file = args.positionals[0] ?? 'zave.yaml';
    const parsed = parseContractFile(path.resolve(io.cwd, file), file);
    if (!parsed.contract) {
      reportIssues(io, parsed.issues, format);
      return ExitCode.INVALID;
    }
    const workload = resolveContract(parsed.contract);
    if (format === 'json') {
      io.out(JSON.stringify(workload, null, 2) + '\n');
      return ExitCode.OK;
    }
    io.out(`${workload.service} (${file}): ${workload.strategy}\n\n`);
    const width = Math.max(...workload.decisions.map((d) => d.field.length)) + 2;
    for (const d of workload.decisions) {
      const why = d.rule === 'contract' ? `written in ${path.basename(file)}` : d.rule;
      io.out(`  ${d.field.padEnd(width)}${d.value}\n  ${' '.repeat(width)}└ ${why}\n`);
    }
    return ExitCode.OK;
  },
};
