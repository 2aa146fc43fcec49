import type { Model } from '@ebonite/core';
import { humanDate } from '../format.js';
import { type Html, html } from '../html.js';
import { tagList } from './browse-pages.js';

/** One row's links: where a model's page is, and its task's when the table spans tasks. */
export interface ModelRow {
  model: Model;
  href: string;
  where?: { label: string; href: string };
  aliases?: readonly string[];
}

/**
 * A table of models, with a checkbox per row when `compareName` is given (the rows' form is the
 * compare form around the table).
 */
export function modelsTable(caption: string, rows: readonly ModelRow[], compare: boolean): Html {
  const spans = rows.some((r) => r.where);
  return html`<table class="models">
<caption>${caption}</caption>
<thead><tr>${compare && html`<th scope="col"><span class="sr-only">Compare</span></th>`}<th scope="col">Model</th>${spans && html`<th scope="col">Task</th>`}<th scope="col">Version</th><th scope="col">Tags</th><th scope="col">Author</th><th scope="col">Created</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr>${
        compare &&
        html`<td><input type="checkbox" name="m" value="${r.model.name}" id="m-${r.model.id}" aria-label="Compare ${r.model.name}"></td>`
      }<td><a href="${r.href}">${r.model.name}</a>${
        r.aliases &&
        r.aliases.length > 0 &&
        html` <span class="aliases">${r.aliases.map((a) => html`<span class="alias">@${a}</span> `)}</span>`
      }</td>${spans && html`<td>${r.where && html`<a href="${r.where.href}">${r.where.label}</a>`}</td>`}<td>${r.model.version ?? ''}</td><td>${tagList(r.model.tags ?? {})}</td><td>${r.model.author}</td><td><time datetime="${r.model.creationDate}">${humanDate(r.model.creationDate)}</time></td></tr>`,
  )}</tbody>
</table>`;
}

/** The "next page" link of a keyset-paged list, or nothing on the last page. */
export function nextPageLink(href: string | null): Html {
  return html`<nav class="pager" aria-label="Pages">${
    href
      ? html`<a rel="next" href="${href}">Next page</a>`
      : html`<span class="none">Last page</span>`
  }</nav>`;
}
