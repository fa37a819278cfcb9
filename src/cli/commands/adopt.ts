import { Adoption } from '../../adopt/adoption';
import { analyzeSources } from '../../adopt/analyze';
import { readSources, MAX_MANIFEST_BYTES } from '../../adopt/read-sources';
import { renderMarkdown } from '../../adopt/render-markdown';
import { renderText } from '../../adopt/render-text';
import { Command, formatFlag, stringFlag } from '../command';
import { ExitCode, UsageError, UserError } from '../io';

/** `zave adopt PATH...`: infers contracts from existing Kubernetes manifests and reports what does not fit. */
export const adoptCommand: Command = {
  name: 'adopt',
  summary: 'Infer contracts from existing Kubernetes manifests and report what the contract cannot express.',
  usage: 'adopt PATH... [--out DIR] [--format text|json|markdown]',
  description: 'Reads YAML files, directories of them (a directory with a kustomization.yaml is rendered with `kubectl kustomize`) '
    + 'and - for standard input (e.g. `helm template ... | zave adopt -`). For each Deployment, StatefulSet, CronJob and Job, with the '
    + 'Services, Ingresses, HPAs, PDBs and NetworkPolicies that select it, prints the inferred contract with the evidence for every field, '
    + 'the findings (loses / changes-behaviour / blocks) and the share of adoptable workloads as exit criterion 1 counts it.\n'
    + `Files over ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB, binary files, anchors/aliases and unknown tags are reported and skipped; the other inputs are still read. The input is never modified.\n`
    + 'With --out, writes DIR/<service>/zave.yaml for every adoptable workload plus adoption-report.md and adoption-report.json, all-or-nothing; DIR must be new or empty.\n'
    + 'Exit 0 when every input was read, 1 when an input could not be read or no workload was found (the report is printed either way).',
  options: {
    out: { type: 'string', value: 'DIR', description: 'write the contracts and the report into this new directory' },
    format: { type: 'string', value: 'FORMAT', description: 'text for people, json for machines, markdown for a pull request', default: 'text' },
  },
  examples: ['zave adopt k8s/', 'zave adopt deploy/base deploy/cronjobs.yaml --format markdown', 'helm template shop ./chart | zave adopt - --out adopted'],
  async run(args, io) {
    const format = formatFlag(args, ['text', 'json', 'markdown'] as const, 'text');
    if (args.positionals.length === 0) throw new UsageError('give at least one file or directory of manifests, or - for standard input');
    if (args.positionals.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) can be given once');
    const out = stringFlag(args, 'out');
    if (out === '') throw new UsageError('--out needs a directory');
    let stdin: Uint8Array | undefined;
    if (args.positionals.includes('-')) {
      if (!io.readStdin) throw new UsageError('standard input is not available here');
      stdin = await io.readStdin(MAX_MANIFEST_BYTES);
    }
    const read = readSources(args.positionals, { cwd: io.cwd, ...(stdin ? { stdin } : {}) });
    const report = analyzeSources(args.positionals, read.sources, read.issues);
    if (out !== undefined) {
      let written: string[];
      try {
        written = Adoption.write(report, out, io.cwd);
      } catch (e) {
        throw new UserError(`cannot write --out ${out}: ${(e as Error).message}`);
      }
      const contracts = written.filter((f) => f.endsWith('/zave.yaml')).length;
      io.err(`wrote ${contracts} contract${contracts === 1 ? '' : 's'} and the report to ${out.replace(/\/+$/, '')}/\n`);
    }
    io.out(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'markdown' ? renderMarkdown(report) : renderText(report));
    if (report.workloads.length === 0 && report.absorbed.length === 0) io.err('zave adopt: no Deployment, StatefulSet, CronJob or Job found in the input\n');
    return report.issues.length > 0 || (report.workloads.length === 0 && report.absorbed.length === 0) ? ExitCode.INVALID : ExitCode.OK;
  },
};
