import { esc } from './escape';
import { RetainedEnvironmentData } from '../model';

/**
 * The section of the data deregistered workloads left behind, per environment (`retained:` of
 * environments/<env>.yaml): each workload's Namespace and, with a database, its CloudNativePG Cluster
 * and volume claims, with the one command that deletes them (its own pull request).
 */
export function retainedSection(retained: readonly RetainedEnvironmentData[]): string {
  const count = retained.reduce((n, env) => n + env.workloads.length, 0);
  const body = count === 0
    ? '<p>No retained data: no deregistered workload left a Namespace, database or volume behind.</p>'
    : `<table><caption>Kept by <code>Prune=confirm,Delete=false</code> until <code>zave deregister &lt;service&gt; --delete-data [--env ENV]</code> is merged</caption><thead><tr><th scope="col">Environment</th><th scope="col">Cluster</th><th scope="col">Service</th><th scope="col">Retained objects</th></tr></thead><tbody>${
      retained.flatMap((env) => env.workloads.map((w) => `<tr data-env="${esc(env.environment)}" data-service="${esc(w.service)}"><td>${esc(env.environment)}</td><td>${esc(env.cluster)}</td><th scope="row">${esc(w.service)}</th><td>${w.objects.map((o) => `<code>${esc(o)}</code>`).join(', ')}</td></tr>`)).join('')
    }</tbody></table>`;
  return `<section id="retained" aria-labelledby="h-retained"><h2 id="h-retained">Retained data (${count})</h2>${body}</section>`;
}
