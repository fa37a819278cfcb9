import { esc, repoLink, serviceAnchor, shortSha } from './escape';
import { PageModel } from './page-model';

const TRAILERS = ['Zave-Verb', 'Zave-Service', 'Zave-Environment', 'Zave-Image'];

/** Section 4: the open zave/* branches and what each would change. */
export function pendingSection(model: PageModel): string {
  const known = new Set(model.services.map((s) => s.service));
  const items = model.pending.map((b) => {
    const facts = TRAILERS.filter((t) => b.trailers[t]).map((t) => `<dt>${esc(t.replace('Zave-', '').toLowerCase())}</dt><dd>${t === 'Zave-Service' && known.has(b.trailers[t]) ? `<a href="#${serviceAnchor(b.trailers[t])}">${esc(b.trailers[t])}</a>` : esc(b.trailers[t])}</dd>`).join('');
    const stat = b.deploy.length === 0 ? '<p>No change under deploy/.</p>'
      : `<table><caption>Diff-stat of deploy/ against the merge base</caption><thead><tr><th scope="col">Path</th><th scope="col">Files</th><th scope="col">Lines added</th><th scope="col">Lines removed</th></tr></thead><tbody>${b.deploy.map((d) => `<tr><th scope="row">${repoLink(d.scope)}</th><td>${d.files}</td><td>+${d.added}</td><td>−${d.removed}</td></tr>`).join('')}</tbody></table>`;
    const state = b.stateFiles.length ? `<p>Also changes: ${b.stateFiles.map((f) => `<code>${esc(f)}</code>`).join(', ')}</p>` : '';
    return `<li data-branch="${esc(b.name)}"><h3>${esc(b.name)}</h3><p>${esc(b.subject)} <span class="sha">${shortSha(b.sha)}</span>, ${b.ahead} commit${b.ahead === 1 ? '' : 's'} ahead</p>${facts ? `<dl class="facts">${facts}</dl>` : ''}${state}${stat}</li>`;
  });
  const body = items.length === 0 ? '<p>No open <code>zave/*</code> branches: nothing is waiting for review.</p>' : `<ol class="pending">${items.join('\n')}</ol>`;
  return `<section id="pending" aria-labelledby="h-pending"><h2 id="h-pending">Pending changes (${model.pending.length})</h2>${body}</section>`;
}
