import { esc, serviceAnchor } from './escape';
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

/** Rows per table of the matrix: each chunk is its own table, laid out only when scrolled to (CSS content-visibility). */
export const MATRIX_CHUNK = 100;

function cell(c: EnvCell, i: number, cells: readonly EnvCell[]): string {
  if (!c.release) return `<td class="none" data-env="${esc(c.environment)}">—</td>`;
  let text = `${c.differs ? '≠ ' : ''}<code>${esc(shortImage(c.release.image))}</code>`;
  // Contract revision and platform version where the row starts and where they change (a left neighbour
  // that runs the same one says it already); the revision as 8 hex digits, the full one is in environments/<env>.yaml.
  const left = i > 0 ? cells[i - 1] : undefined;
  const rev = c.release.contractRevision;
  const facts: string[] = [];
  if (rev && (!left?.release || left.release.contractRevision !== rev)) facts.push(`contract ${esc(rev.replace(/^sha256:/, '').slice(0, 8))}`);
  if (c.platformVersion && (!left?.release || left.platformVersion !== c.platformVersion)) facts.push(`platform ${esc(c.platformVersion)}`);
  if (facts.length) text += `<br>${facts.join(', ')}`;
  if (c.lag && (c.lag.commits > 0 || c.lag.days > 0)) text += `<br><span class="lag">${c.lag.commits} commit${c.lag.commits === 1 ? '' : 's'}, ${c.lag.days} day${c.lag.days === 1 ? '' : 's'} behind</span>`;
  return `<td data-env="${esc(c.environment)}"${c.differs ? ' class="d"' : ''}>${text}</td>`;
}

function row(s: ServiceModel): string {
  const strategy = s.status.strategy ?? 'unknown';
  return `<tr data-service="${esc(s.service)}" data-strategy="${esc(strategy)}"><th scope="row"><a href="#${serviceAnchor(s.service)}">${esc(s.service)}</a></th>${s.cells.map((c, i, all) => cell(c, i, all)).join('')}</tr>`;
}

/**
 * Section 2: services x environments in promotion order, each cell the release running there. At
 * scale the matrix is a run of tables of MATRIX_CHUNK rows with the same header, so the browser lays
 * out only the ones on screen; each says which rows it holds.
 */
export function matrixSection(model: PageModel): string {
  const strategies = [...new Set(model.services.map((s) => s.status.strategy ?? 'unknown'))].sort();
  const n = model.services.length;
  const head = `<thead><tr><th scope="col">Service</th>${model.environments.map((e) => `<th scope="col" data-env="${esc(e)}">${esc(e)}</th>`).join('')}</tr></thead>`;
  const tables: string[] = [];
  for (let from = 0; from < n || (n === 0 && tables.length === 0); from += MATRIX_CHUNK) {
    const rows = model.services.slice(from, from + MATRIX_CHUNK);
    const caption = n <= MATRIX_CHUNK ? `${n} services × ${model.environments.length} environments`
      : `Services ${from + 1}–${from + rows.length} of ${n} (${esc(rows[0].service)} … ${esc(rows[rows.length - 1].service)})`;
    tables.push(`<div class="mx"><table class="matrix"><caption>${caption}</caption>${head}<tbody>\n${rows.map(row).join('\n')}\n</tbody></table></div>`);
  }
  return `<section id="promotion" aria-labelledby="h-promotion"><h2 id="h-promotion">Promotion state</h2>
<p>${n} services × ${model.environments.length} environments in promotion order (${esc(model.environments.join(' → '))}). Each cell is the release an environment runs: image tag or short digest, contract revision and platform version when known (shown where they change along the row), and how far it lags the environment to its left. <span class="d legend">Highlighted</span> cells, marked ≠, differ from their left neighbour. The commit that set each release is in the service's section.</p>
<div class="filter" hidden><label for="f-text">Filter services</label> <input id="f-text" type="search" autocomplete="off"> <label for="f-strategy">Strategy</label> <select id="f-strategy"><option value="">all</option>${strategies.map((s) => `<option>${esc(s)}</option>`).join('')}</select> <output id="f-count" for="f-text f-strategy"></output></div>
<div class="scroll" id="matrix">
${tables.join('\n')}
</div></section>`;
}
