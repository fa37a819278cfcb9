/** Options of `npm run bench`. */
export interface BenchOptions {
  /** Fleet sizes, ascending. */
  readonly sizes: number[];
  /** Extra fleet sizes at which only the lifecycle verbs are measured (default 5000; none with --quick). */
  readonly lifecycleSizes: number[];
  /** Runs per engine scenario; undefined = 5 for N <= 300, else 3. */
  readonly runs?: number;
  /** Largest N at which kustomize is measured (above: extrapolated linearly). */
  readonly kustomizeMaxN: number;
  /** Profile one full synth at the largest N with `--cpu-prof`. */
  readonly profile: boolean;
  /** Where the JSON results go. */
  readonly out: string;
  /** Keep the temporary directory. */
  readonly keep: boolean;
  /**
   * Only this scenario group (`status-page`: status json vs html, page size, headless open; `verbs`:
   * the lifecycle verbs at every size of --n and --verbs-n); undefined = all.
   */
  readonly only?: 'status-page' | 'verbs';
  readonly help: boolean;
}

/** Usage text of the benchmark. */
export const BENCH_USAGE = `usage: npm run bench -- [--quick] [--n 100,1000] [--runs K] [--kustomize-max-n N] [--profile] [--out FILE] [--keep]

  --quick             N = 100 only
  --n LIST            fleet sizes, comma-separated (default 100,1000)
  --verbs-n LIST      extra sizes for the lifecycle verbs only (default 5000; --quick, '' or none: none)
  --runs K            runs per scenario (default 5 for N <= 300, 3 above; naive cdk8s and 1-thread full 1 above 300)
  --kustomize-max-n N measure kubectl kustomize up to this N, extrapolate above (default 100)
  --profile           also profile one full synth at the largest N (node --cpu-prof) and summarize it
  --out FILE          JSON results (default bench/results.json)
  --keep              keep the temporary directory
  --only status-page  only the fleet-page scenarios (status json vs html, page size, headless Chromium open)
  --only verbs        only the lifecycle verbs, at every size of --n and --verbs-n
`;

function positiveInt(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (!v || !Number.isInteger(n) || n < 1) throw new Error(`${flag} expects a positive integer, got ${JSON.stringify(v ?? '')}`);
  return n;
}

/** Parses the benchmark's flags; throws an Error with the usage problem. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let sizes = [100, 1000];
  let lifecycleSizes: number[] | undefined;
  let quick = false;
  let runs: number | undefined;
  let kustomizeMaxN = 100;
  let profile = false;
  let out = 'bench/results.json';
  let keep = false;
  let only: 'status-page' | 'verbs' | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick': sizes = [100]; quick = true; break;
      case '--verbs-n': {
        const v = value();
        // `--verbs-n ''` (or `none`): no sizes for the verbs alone.
        lifecycleSizes = v === '' || v === 'none' ? [] : (v ?? '').split(',').map((s) => positiveInt('--verbs-n', s.trim()));
        break;
      }
      case '--n': {
        const v = value();
        sizes = (v ?? '').split(',').map((s) => positiveInt('--n', s.trim()));
        break;
      }
      case '--runs': runs = positiveInt('--runs', value()); break;
      case '--kustomize-max-n': kustomizeMaxN = positiveInt('--kustomize-max-n', value()); break;
      case '--profile': profile = true; break;
      case '--out': out = value() ?? ''; if (!out) throw new Error('--out expects a file'); break;
      case '--keep': keep = true; break;
      case '--only': {
        const v = value();
        if (v !== 'status-page' && v !== 'verbs') throw new Error(`--only expects status-page or verbs, got ${JSON.stringify(v ?? '')}`);
        only = v;
        break;
      }
      case '--help': case '-h': help = true; break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  const verbSizes = (lifecycleSizes ?? (quick || only === 'status-page' ? [] : [5000])).filter((n) => !sizes.includes(n));
  const ascending = (list: number[]) => [...new Set(list)].sort((a, b) => a - b);
  return { sizes: ascending(sizes), lifecycleSizes: ascending(verbSizes), runs, kustomizeMaxN, profile, out, keep, help, ...(only ? { only } : {}) };
}
