const BINARY: Array<[string, bigint]> = [['Ei', 1024n ** 6n], ['Pi', 1024n ** 5n], ['Ti', 1024n ** 4n], ['Gi', 1024n ** 3n], ['Mi', 1024n ** 2n], ['Ki', 1024n]];
const DECIMAL: Array<[string, bigint]> = [['E', 10n ** 18n], ['P', 10n ** 15n], ['T', 10n ** 12n], ['G', 10n ** 9n], ['M', 10n ** 6n], ['k', 10n ** 3n]];

/**
 * The form the Kubernetes API server stores a quantity in, or undefined when `value` is not a
 * quantity this checker understands. `1000m` → `1`, `0.5` → `500m`, `1024Mi` → `1Gi`.
 */
export function canonicalQuantity(value: string): string | undefined {
  const m = /^([0-9]+)(?:\.([0-9]+))?(m|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(value);
  if (!m) return undefined;
  const [, whole, frac = '', suffix = ''] = m;
  const binary = BINARY.find(([s]) => s === suffix);
  if (binary) {
    if (frac !== '') return undefined;
    const bytes = BigInt(whole) * binary[1];
    return formatWith(bytes, BINARY);
  }
  // Decimal: work in milli-units.
  const factor = suffix === 'm' ? 1n : (DECIMAL.find(([s]) => s === suffix)?.[1] ?? 1n) * 1000n;
  const scaledFrac = frac === '' ? 0n : (BigInt(frac) * factor) / 10n ** BigInt(frac.length);
  const millis = BigInt(whole) * factor + scaledFrac;
  if (millis % 1000n !== 0n) return `${millis}m`;
  return formatWith(millis / 1000n, DECIMAL);
}

function formatWith(n: bigint, units: Array<[string, bigint]>): string {
  if (n === 0n) return '0';
  for (const [suffix, size] of units) {
    if (n % size === 0n) return `${n / size}${suffix}`;
  }
  return `${n}`;
}
