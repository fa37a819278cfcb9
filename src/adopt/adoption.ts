import * as path from 'path';
import { analyzeSources } from './analyze';
import { AdoptionReport } from './model';
import { readSources } from './read-sources';
import { renderMarkdown } from './render-markdown';
import { renderText } from './render-text';
import { outDirProblem, writeOutput } from './write-out';

/** Where {@link Adoption.analyze} reads from. */
export interface AdoptionOptions {
  /**
   * Directory relative paths resolve against.
   * @default - the process's working directory
   */
  readonly cwd?: string;
  /**
   * Text read for the path `-` (e.g. the output of `helm template`).
   * @default - no standard input
   */
  readonly stdin?: string;
}

/**
 * Entry point of the adopt plane: reads existing Kubernetes manifests, infers a contract per
 * workload with its evidence, names what the contract cannot express, and reports the share of
 * adoptable workloads.
 *
 * ```ts
 * const report = Adoption.analyze(['k8s/'], { cwd: '/repo' });
 * console.log(Adoption.renderMarkdown(report));
 * ```
 */
export class Adoption {
  /** Largest manifest file read, in bytes (4 MiB); larger files are reported and skipped. */
  public static readonly MAX_FILE_BYTES: number = 4 * 1024 * 1024;

  /**
   * Analyses files, directories (a directory with a kustomization is rendered with `kubectl kustomize`)
   * and `-` (standard input). Bad inputs come back as `issues`; never throws on bad input.
   */
  public static analyze(paths: string[], options?: AdoptionOptions): AdoptionReport {
    const read = readSources(paths, {
      cwd: options?.cwd ?? process.cwd(),
      ...(options?.stdin !== undefined ? { stdin: new TextEncoder().encode(options.stdin) } : {}),
    });
    return analyzeSources(paths, read.sources, read.issues);
  }

  /** Analyses manifest text (one or more YAML documents) as if read from `file`. */
  public static analyzeText(text: string, file?: string): AdoptionReport {
    const name = file ?? '<text>';
    return analyzeSources([name], [{ file: name, bytes: new TextEncoder().encode(text), rendered: false }], []);
  }

  /** The report for a terminal. */
  public static renderText(report: AdoptionReport): string {
    return renderText(report);
  }

  /** The report as markdown for a pull request. */
  public static renderMarkdown(report: AdoptionReport): string {
    return renderMarkdown(report);
  }

  /** The report as JSON. */
  public static renderJson(report: AdoptionReport): string {
    return JSON.stringify(report, null, 2) + '\n';
  }

  /**
   * Writes one `<service>/zave.yaml` per adoptable workload plus `adoption-report.md` and
   * `adoption-report.json` into `dir`, all-or-nothing. `dir` must not exist or be empty, and must not
   * lie inside an input. Throws with the reason when it cannot write. Returns the files written, relative to `dir`.
   */
  public static write(report: AdoptionReport, dir: string, cwd?: string): string[] {
    const base = cwd ?? process.cwd();
    const target = path.resolve(base, dir);
    const inputs = report.inputs.filter((i) => i !== '-' && i !== '<text>').map((i) => ({ abs: path.resolve(base, i), shown: i }));
    const problem = outDirProblem(target, inputs, dir);
    if (problem) throw new Error(problem);
    return writeOutput(report, target);
  }

  private constructor() {}
}
