import { CliIo, useColor } from './io';
import { ContractIssue, formatIssue } from '../contract/issue';

/** Prints issues for people (stderr) or as JSON (stdout). */
export function reportIssues(io: CliIo, issues: readonly ContractIssue[], format: 'text' | 'json'): void {
  if (format === 'json') {
    io.out(JSON.stringify({ ok: issues.length === 0, issues }, null, 2) + '\n');
    return;
  }
  const red = useColor(io) ? (s: string) => `\u001b[31m${s}\u001b[0m` : (s: string) => s;
  for (const issue of issues) io.err(`${red('error')} ${formatIssue(issue)}\n`);
  if (issues.length === 0) return;
  const files = new Set(issues.map((i) => i.file)).size;
  io.err(`${issues.length} problem${issues.length === 1 ? '' : 's'} found${files > 1 ? ` in ${files} files` : ''}\n`);
}
