import * as fs from 'fs';
import * as path from 'path';
import { AdoptionReport } from './model';
import { renderMarkdown } from './render-markdown';

/** Files written next to the contracts. */
export const REPORT_MARKDOWN = 'adoption-report.md';
/** The report as JSON. */
export const REPORT_JSON = 'adoption-report.json';

/** The files `--out` writes, relative to the directory, sorted: one `<service>/zave.yaml` per adoptable workload and the report twice. */
export function outputFiles(report: AdoptionReport): Array<{ path: string; text: string }> {
  const files = report.workloads.filter((w) => w.contractYaml !== undefined).map((w) => ({ path: `${w.service}/zave.yaml`, text: w.contractYaml! }));
  files.push({ path: REPORT_JSON, text: JSON.stringify(report, null, 2) + '\n' });
  files.push({ path: REPORT_MARKDOWN, text: renderMarkdown(report) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Why `dir` cannot take the output, or undefined when it can. Paths are absolute; messages use `shown` names. */
export function outDirProblem(dir: string, inputs: ReadonlyArray<{ abs: string; shown: string }>, shown: string = dir): string | undefined {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const target = path.join(real(path.dirname(dir)), path.basename(dir));
  for (const input of inputs) {
    const src = real(input.abs);
    if (target === src || target.startsWith(src + path.sep)) return `${shown} is inside the input ${input.shown}: zave adopt never writes into its input`;
  }
  if (!fs.existsSync(path.dirname(dir))) return `the parent directory of ${shown} does not exist`;
  if (fs.existsSync(dir)) {
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return `${shown} exists and is not a directory`;
    if (fs.readdirSync(dir).length > 0) return `${shown} exists and is not empty: give a new directory (zave adopt never overwrites)`;
  }
  return undefined;
}

/**
 * Writes the output all-or-nothing: every file goes into a staging directory beside `dir`, which is
 * then renamed to `dir` (an empty `dir` is replaced). On failure nothing is left behind.
 * Returns the files written, relative to `dir`.
 */
export function writeOutput(report: AdoptionReport, dir: string): string[] {
  const files = outputFiles(report);
  const stage = fs.mkdtempSync(path.join(path.dirname(dir), `.${path.basename(dir)}.zave-adopt-`));
  try {
    for (const f of files) {
      const target = path.join(stage, f.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.text, { flag: 'wx' });
    }
    if (fs.existsSync(dir)) fs.rmdirSync(dir);
    fs.renameSync(stage, dir);
  } catch (e) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  return files.map((f) => f.path);
}
