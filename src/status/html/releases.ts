/**
 * THE adapter between the fleet page and the promotion state format: the one function that reads
 * `environments/<env>.yaml`. Today the file records an image per service (`images: {svc: ref}`);
 * the target format (DESIGN.md §5) records a release per service: image, contract revision and
 * platform version. Both are read here, so a change of the format is a change of this file only.
 */
import * as YAML from 'yaml';

/** The release an environment runs for one service, as far as the promotion state records it. */
export interface Release {
  /** Image reference (`repo:tag`, `repo@sha256:...`, or both). */
  readonly image: string;
  /** Contract revision (a commit id or counter), when the state records it. */
  readonly contractRevision?: string;
  /** Platform version the release is rendered with, when the state records it. */
  readonly platformVersion?: string;
}

/**
 * Releases per service of one `environments/<env>.yaml` text, or undefined when it is not valid YAML.
 * Accepts `images: {svc: ref}` and `releases: {svc: {image, contractRevision, platformVersion}}`
 * (or a plain string per service); `releases` wins for a service named in both.
 */
export function readReleases(text: string): Record<string, Release> | undefined {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch {
    return undefined;
  }
  const out: Record<string, Release> = {};
  const doc = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  for (const [service, ref] of Object.entries(asRecord(doc.images))) if (typeof ref === 'string') out[service] = { image: ref };
  for (const [service, value] of Object.entries(asRecord(doc.releases))) {
    if (typeof value === 'string') {
      out[service] = { image: value };
      continue;
    }
    const r = asRecord(value);
    const image = str(r.image);
    if (image === undefined) continue;
    const contractRevision = str(r.contractRevision ?? r.contract);
    const platformVersion = str(r.platformVersion ?? r.platform);
    out[service] = { image, ...(contractRevision ? { contractRevision } : {}), ...(platformVersion ? { platformVersion } : {}) };
  }
  return out;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
