/**
 * The fleet page's view of the promotion state (`environments/<env>.yaml`): releases in the page's
 * terms, read by the gitops plane's one lenient reader, so the format is known in one place.
 */
import { readRecordedReleases } from '../../gitops/internal';

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
 * Releases per service of one `environments/<env>.yaml` text, or undefined when it is not valid YAML:
 * the gitops plane's lenient reader (`readRecordedReleases`: canonical files line by line, others by
 * the YAML parser; `images:` before 0.1 and `releases:` both read), in the page's terms.
 */
export function readReleases(text: string): Record<string, Release> | undefined {
  const recorded = readRecordedReleases(text);
  if (!recorded) return undefined;
  const out: Record<string, Release> = {};
  for (const [service, r] of Object.entries(recorded)) {
    out[service] = { image: r.image, ...(r.contract ? { contractRevision: r.contract } : {}), ...(r.platform ? { platformVersion: r.platform } : {}) };
  }
  return out;
}
