import { StatusReport } from './model';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/**
 * The report as JSON for dashboards: `apiVersion` / `kind` envelope, keys sorted at every level,
 * lists in their documented order, two-space indentation, trailing newline.
 */
export function renderStatusJson(report: StatusReport): string {
  return `${JSON.stringify(sortKeys({ apiVersion: 'zave.dev/v1', kind: 'FleetStatus', ...report }), null, 2)}\n`;
}
