import { createHash } from 'crypto';

/** Environments of the synthetic fleet, in promotion order. */
export const BENCH_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/** One synthetic workload: the fields its `zave.yaml` sets. */
export interface FleetWorkload {
  readonly service: string;
  readonly strategy: 'http-service' | 'worker' | 'scheduled-job';
  readonly exposure: 'public-http' | 'internal-http' | 'none';
  readonly database: 'postgres' | 'none';
  readonly runtime: 'node' | 'python' | 'go' | 'java' | 'container';
  readonly size: 'small' | 'medium' | 'large';
  readonly schedule?: string;
}

/** Small deterministic PRNG (Park-Miller MINSTD): the same seed gives the same fleet on every machine. */
export function seededRandom(seed: number): () => number {
  const m = 2147483647;
  let a = (Math.abs(Math.trunc(seed)) % (m - 1)) + 1;
  return () => {
    a = (a * 48271) % m;
    return (a - 1) / (m - 1);
  };
}

/** A list of `n` labels with exact shares (largest remainder), shuffled deterministically. */
function spread<T>(n: number, shares: ReadonlyArray<readonly [T, number]>, rnd: () => number): T[] {
  const counts = shares.map(([, s]) => Math.floor(n * s));
  const order = shares.map(([, s], i) => ({ i, rem: n * s - Math.floor(n * s) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  let missing = n - counts.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (missing-- <= 0) break;
    counts[i]++;
  }
  const out: T[] = [];
  shares.forEach(([label], i) => { for (let k = 0; k < counts[i]; k++) out.push(label); });
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Service name of the i-th workload (1-based): `svc-0001`. */
export function serviceName(i: number): string {
  return `svc-${String(i).padStart(4, '0')}`;
}

/**
 * The synthetic fleet of `n` workloads: 50% http-service (half public-http, half internal-http),
 * 30% worker, 20% scheduled-job; 30% with postgres; sizes 60/30/10% small/medium/large; the five
 * runtimes evenly. Exact shares, deterministic order.
 */
export function syntheticFleet(n: number, seed = 20261125): FleetWorkload[] {
  const rnd = seededRandom(seed);
  const kinds = spread(n, [['public', 0.25], ['internal', 0.25], ['worker', 0.3], ['job', 0.2]] as const, rnd);
  const dbs = spread(n, [['postgres', 0.3], ['none', 0.7]] as const, rnd);
  const sizes = spread(n, [['small', 0.6], ['medium', 0.3], ['large', 0.1]] as const, rnd);
  const runtimes = spread(n, [['node', 0.2], ['python', 0.2], ['go', 0.2], ['java', 0.2], ['container', 0.2]] as const, rnd);
  const out: FleetWorkload[] = [];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i];
    const base = { service: serviceName(i + 1), database: dbs[i], size: sizes[i], runtime: runtimes[i] };
    if (kind === 'public' || kind === 'internal') {
      out.push({ ...base, strategy: 'http-service', exposure: kind === 'public' ? 'public-http' : 'internal-http' });
    } else if (kind === 'worker') {
      out.push({ ...base, strategy: 'worker', exposure: 'none' });
    } else {
      out.push({ ...base, strategy: 'scheduled-job', exposure: 'none', schedule: `${(i * 7) % 60} ${(i * 5) % 24} * * *` });
    }
  }
  return out;
}

/** The tenant's `zave.yaml` for a synthetic workload, as a tenant would write it. */
export function contractText(w: FleetWorkload): string {
  const lines = [`service: ${w.service}`, `runtime: ${w.runtime}`];
  if (w.strategy === 'http-service') lines.push(`exposure: ${w.exposure}`);
  if (w.strategy === 'worker') lines.push('exposure: none');
  if (w.schedule !== undefined) lines.push(`schedule: "${w.schedule}"`);
  if (w.database === 'postgres') lines.push('database: postgres');
  lines.push(`size: ${w.size}`);
  return lines.join('\n') + '\n';
}

/** Image of a workload in an environment: a tag in dev, digest-pinned in staging and prod. */
export function imageRef(service: string, environment: string): string {
  const repo = `registry.example.com/team/${service}`;
  const sha = createHash('sha256').update(`${service}@${environment}`).digest('hex');
  return environment === 'dev' ? `${repo}:dev-${sha.slice(0, 7)}` : `${repo}@sha256:${sha}`;
}
