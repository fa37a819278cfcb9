import { esc, serviceAnchor, shortSha } from './escape';
import { EnvCell, PageModel, ServiceModel } from './page-model';

/** Short display of an image reference: the tag, else the digest's first 12 hex digits. */
export function shortImage(image: string): string {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  const shortDigest = digest ? digest.replace(/^sha256:/, '').slice(0, 12) : undefined;
  return tag && shortDigest ? `${tag}@${shortDigest}` : tag ?? (shortDigest ? `@${shortDigest}` : name);
}

function cell(c: EnvCell, i: number, cells: readonly EnvCell[]): string {
  if (!c.release) return `<td class="none" data-env="${esc(c.environment)}">—</td>`;
  const lines = [`${c.differs ? '≠ ' : ''}<code>${esc(shortImage(c.release.image))}</code>`];
  // Contract revision and platform version where the row starts and where they change (a left neighbour
  // that runs the same one says it already); the revision as 8 hex digits, the full one is in environments/<env>.yaml.
  const left = i > 0 ? cells[i - 1] : undefined;
  const rev = c.release.contractRevision;
  if (rev && (!left?.release || left.release.contractRevision !== rev)) lines.push(`contract ${esc(rev.replace(/^sha256:/, '').slice(0, 8))}`);
  if (c.platformVersion && (!left?.release || left.platformVersion !== c.platformVersion)) lines.push(`platform ${esc(c.platformVersion)}`);
  if (c.lag && (c.lag.commits > 0 || c.lag.days > 0)) lines.push(`<span class="lag">${c.lag.commits} commit${c.lag.commits === 1 ? '' : 's'}, ${c.lag.days} day${c.lag.days === 1 ? '' : 's'} behind</span>`);
  if (c.setBy) lines.push(`<small>${shortSha(c.setBy.sha)}</small>`);
  return `<td data-env="${esc(c.environment)}"${c.differs ? ' class="d"' : ''}>${lines.join('<br>')}</td>`;
}

function row(s: ServiceModel): string {
  const strategy = s.status.strategy ?? 'unknown';
  return `<tr data-service="${esc(s.service)}" data-strategy="${esc(strategy)}"><th scope="row"><a href="#${serviceAnchor(s.service)}">${esc(s.service)}</a></th>${s.cells.map((c, i, all) => cell(c, i, all)).join('')}</tr>`;
}

/** Section 2: services x environments in promotion order, each cell the release running there. */
export function matrixSection(model: PageModel): string {
  const strategies = [...new Set(model.services.map((s) => s.status.strategy ?? 'unknown'))].sort();
  return `<section id="promotion" aria-labelledby="h-promotion"><h2 id="h-promotion">Promotion state</h2>
<p>Each cell is the release an environment runs: image tag or short digest, contract revision and platform version when known (shown where they change along the row), how far it lags the environment to its left, and the commit that set it. <span class="d legend">Highlighted</span> cells, marked ≠, differ from their left neighbour.</p>
<div class="filter" hidden><label for="f-text">Filter services</label> <input id="f-text" type="search" autocomplete="off"> <label for="f-strategy">Strategy</label> <select id="f-strategy"><option value="">all</option>${strategies.map((s) => `<option>${esc(s)}</option>`).join('')}</select> <output id="f-count" for="f-text f-strategy"></output></div>
<div class="scroll"><table class="matrix" id="matrix"><caption>${model.services.length} services × ${model.environments.length} environments (promotion order: ${esc(model.environments.join(' → '))})</caption>
<thead><tr><th scope="col">Service</th>${model.environments.map((e) => `<th scope="col" data-env="${esc(e)}">${esc(e)}</th>`).join('')}</tr></thead>
<tbody>
${model.services.map(row).join('\n')}
</tbody></table></div></section>`;
}
