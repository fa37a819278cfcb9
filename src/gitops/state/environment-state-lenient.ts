import * as YAML from 'yaml';
import { readCanonicalEnvironmentState } from './environment-state';

/** A release as a lenient read finds it: the image, and the contract revision and zave version when recorded. */
export interface RecordedRelease {
  readonly image: string;
  readonly contract?: string;
  readonly platform?: string;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * The releases an `environments/<env>.yaml` text records, read leniently: for reports that must
 * still say something about an old commit's file or a broken one (`zave status`, the fleet page),
 * where the strict reader (`parseEnvironmentState`) refuses. A file in zave's canonical form is read
 * line by line; anything else by the general YAML parser, keeping every entry with an image:
 * `images: {svc: ref}` (before 0.1), then `releases: {svc: {image, contract, platform}}` (or a plain
 * string per service), `releases` winning for a service named in both. Undefined when the text is
 * not YAML at all.
 */
export function readRecordedReleases(text: string): Record<string, RecordedRelease> | undefined {
  const canonical = readCanonicalEnvironmentState(text);
  if (canonical) {
    const out: Record<string, RecordedRelease> = {};
    for (const [service, r] of Object.entries(canonical.releases)) {
      if (r.image === undefined) continue;
      out[service] = { image: r.image, ...(r.contract !== undefined ? { contract: r.contract } : {}), ...(r.platform !== undefined ? { platform: r.platform } : {}) };
    }
    return out;
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch {
    return undefined;
  }
  const out: Record<string, RecordedRelease> = {};
  const doc = asRecord(raw);
  for (const [service, ref] of Object.entries(asRecord(doc.images))) if (typeof ref === 'string') out[service] = { image: ref };
  for (const [service, value] of Object.entries(asRecord(doc.releases))) {
    if (typeof value === 'string') {
      out[service] = { image: value };
      continue;
    }
    const r = asRecord(value);
    const image = str(r.image);
    if (image === undefined) continue;
    const contract = str(r.contract ?? r.contractRevision);
    const platform = str(r.platform ?? r.platformVersion);
    out[service] = { image, ...(contract ? { contract } : {}), ...(platform ? { platform } : {}) };
  }
  return out;
}
