import { SIZE_RESOURCES } from '../contract/resolve';

/** A size class chosen for a container's requests and limits. */
export interface SizeChoice {
  readonly size: string;
  /** Whether every given value equals the class's (and all four are given). */
  readonly exact: boolean;
  /** The four values found (`cpuRequest` …), canonical text, for messages. */
  readonly found: Record<string, string>;
}

const FIELDS: ReadonlyArray<[string, 'requests' | 'limits', 'cpu' | 'memory']> = [
  ['cpuRequest', 'requests', 'cpu'],
  ['memoryRequest', 'requests', 'memory'],
  ['cpuLimit', 'limits', 'cpu'],
  ['memoryLimit', 'limits', 'memory'],
];

const UNITS: Record<string, number> = {
  '': 1,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 1024,
  'Mi': 1024 ** 2,
  'Gi': 1024 ** 3,
  'Ti': 1024 ** 4,
  'Pi': 1024 ** 5,
  'Ei': 1024 ** 6,
};

/** A Kubernetes quantity as a number (cores or bytes), or undefined when it is not one. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number' && Number.isFinite(q) && q >= 0) return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2] ?? ''];
}

/**
 * The nearest size class to a container's `resources`: the class with the smallest sum of
 * |log2(found / class)| over the values given (a factor of two counts the same up or down).
 * No values: small (the platform default). Ties go to the larger class (never starve a workload).
 */
export function nearestSize(resources: unknown): SizeChoice {
  const found: Record<string, string> = {};
  const values: Record<string, number> = {};
  for (const [field, group, res] of FIELDS) {
    const raw = (resources as any)?.[group]?.[res];
    const v = quantityValue(raw);
    if (v !== undefined && v > 0) {
      values[field] = v;
      found[field] = String(raw);
    }
  }
  const sizes = Object.keys(SIZE_RESOURCES) as Array<keyof typeof SIZE_RESOURCES>;
  if (Object.keys(values).length === 0) return { size: 'small', exact: false, found };
  let best = sizes[0];
  let bestDistance = Infinity;
  for (const size of sizes) {
    const profile = SIZE_RESOURCES[size] as unknown as Record<string, string>;
    let d = 0;
    for (const [field, v] of Object.entries(values)) d += Math.abs(Math.log2(v / quantityValue(profile[field])!));
    if (d <= bestDistance + 1e-9) {
      best = size;
      bestDistance = d;
    }
  }
  const profile = SIZE_RESOURCES[best] as unknown as Record<string, string>;
  const exact = Object.keys(values).length === 4 && FIELDS.every(([f]) => Math.abs(values[f] - quantityValue(profile[f])!) < 1e-9);
  return { size: best, exact, found };
}
