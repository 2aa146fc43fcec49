import { type Html, html } from '../html.js';
import { layout, type PageContext } from '../layout.js';
import { type ModelRow, modelsTable, nextPageLink } from './models-table.js';

/** The results of a search, one keyset page at a time. */
export function searchPage(
  ctx: PageContext,
  rows: readonly ModelRow[] | undefined,
  nextHref: string | null,
  problem?: string,
): Html {
  const body = html`<p class="help">Words are a name prefix; <code>tag:key=value</code> and <code>param:key=value</code> filter (all must match). The address of this page is the search: share it as a link.</p>
${problem && html`<p class="error" role="alert">${problem}</p>`}
<div id="results" aria-live="polite">
${rows && (rows.length === 0 ? html`<p class="none">No model matches.</p>` : modelsTable('Matching models', rows, false))}
${rows && nextPageLink(nextHref)}
</div>`;
  return layout(ctx, ctx.query ? `Search: ${ctx.query}` : 'Search', body);
}
