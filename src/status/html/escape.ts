/** HTML escaping and anchor ids of the fleet page: the one place text enters markup. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double-quoted attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Anchor id of a service section (service names are DNS labels, so the id needs no escaping beyond `esc`). */
export function serviceAnchor(service: string): string {
  return `svc-${service}`;
}

/** Anchor id of an environment's topology. */
export function topologyAnchor(env: string): string {
  return `topology-${env}`;
}

/** A short display form of a commit id. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** Link to a path of the GitOps repository (repository-relative; see README "The fleet page"). */
export function repoLink(repoPath: string, text?: string): string {
  return `<a href="${esc(repoPath)}">${esc(text ?? repoPath)}</a>`;
}
