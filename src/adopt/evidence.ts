import { AdoptionEvidence, AdoptionFinding } from './model';
import { FieldPath, ManifestObject, objectRef } from './parse-manifests';
import { fieldText } from './workload-shape';

/** The longest value quoted in a report. */
const MAX_VALUE = 120;

/** A value shortened to one line for reports. */
export function shortValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_VALUE ? `${line.slice(0, MAX_VALUE - 1)}…` : line;
}

/** Evidence pointing at `path` of `o` (with the value found there, when given). */
export function evidence(o: ManifestObject, path: FieldPath, value?: unknown): AdoptionEvidence {
  const v = shortValue(value);
  return {
    object: objectRef(o),
    file: o.file,
    ...(o.rendered ? {} : { line: o.line(path) }),
    field: fieldText(path),
    ...(v !== undefined ? { value: v } : {}),
  };
}

/** Builds a finding. */
export function finding(code: string, impact: AdoptionFinding['impact'], where: AdoptionEvidence, message: string, change: string): AdoptionFinding {
  return { code, impact, message, change, evidence: where };
}
