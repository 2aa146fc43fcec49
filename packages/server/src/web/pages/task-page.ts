import type { Project, Task } from '@ebonite/core';
import { humanDate } from '../format.js';
import { type Html, html } from '../html.js';
import { layout, type PageContext } from '../layout.js';
import { webPaths, withQuery } from '../web-paths.js';
import { tagList } from './browse-pages.js';
import { type ModelRow, modelsTable, nextPageLink } from './models-table.js';
import { type TrendPoint, trendChart } from './param-chart.js';

/** An alias as the page shows it, with its history (model names resolved where the model exists). */
export interface AliasView {
  alias: string;
  modelName: string;
  updatedAt: string;
  author: string;
  history: Array<{ at: string; author: string; from: string | null; to: string | null }>;
}

/** What a task's page shows. */
export interface TaskPageData {
  project: Project;
  task: Task;
  aliases: readonly AliasView[];
  rows: readonly ModelRow[];
  nextHref: string | null;
  sort: 'created' | 'name';
  order: 'desc' | 'asc';
  /** The numeric keys (params, then tags) seen on this page, for the trend chart's picker. */
  numericKeys: readonly string[];
  chart?: { name: string; points: readonly TrendPoint[] };
}

/** A task's page: aliases and their history, its models paged by cursor, compare and a trend chart. */
export function taskPage(ctx: PageContext, d: TaskPageData): Html {
  const p = d.project.name;
  const t = d.task.name;
  const here = webPaths.task(p, t);
  const canWrite = ctx.who.scope !== 'read';
  const sortLink = (sort: 'created' | 'name', order: 'desc' | 'asc', label: string) =>
    d.sort === sort && d.order === order
      ? html`<strong aria-current="true">${label}</strong>`
      : html`<a href="${withQuery(here, { sort, order })}">${label}</a>`;
  const body = html`<p>Tags: ${tagList(d.task.tags ?? {})}</p>
<section aria-labelledby="aliases"><h2 id="aliases">Aliases</h2>
${
  d.aliases.length === 0
    ? html`<p class="none">No alias is set on this task.</p>`
    : html`<table class="aliases-table">
<thead><tr><th scope="col">Alias</th><th scope="col">Model</th><th scope="col">Moved by</th><th scope="col">When</th>${canWrite && html`<th scope="col"><span class="sr-only">Remove</span></th>`}</tr></thead>
<tbody>${d.aliases.map(
        (a) =>
          html`<tr><td>${a.alias}</td><td><a href="${webPaths.model(p, t, a.modelName)}">${a.modelName}</a></td><td>${a.author}</td><td>${humanDate(a.updatedAt)}</td>${
            canWrite &&
            html`<td><form method="post" action="${webPaths.removeAlias(p, t)}"><input type="hidden" name="alias" value="${a.alias}"><button type="submit">Remove ${a.alias}</button></form></td>`
          }</tr>`,
      )}</tbody>
</table>
${d.aliases.map(
  (
    a,
  ) => html`<details class="history"><summary>History of ${a.alias} (${a.history.length} moves)</summary>
<ol class="history-list">${a.history.map(
    (e) =>
      html`<li><time datetime="${e.at}">${humanDate(e.at)}</time>: ${e.author} moved it from ${e.from ?? html`<em>nothing</em>`} to ${e.to ?? html`<em>nothing (removed)</em>`}</li>`,
  )}</ol></details>`,
)}`
}
${
  canWrite &&
  html`<form class="move-alias" method="post" action="${webPaths.moveAlias(p, t)}">
<fieldset><legend>Move an alias</legend>
<label for="alias-name">Alias</label><input id="alias-name" name="alias" required maxlength="255" list="alias-names">
<datalist id="alias-names">${d.aliases.map((a) => html`<option value="${a.alias}"></option>`)}</datalist>
<label for="alias-model">to model</label><input id="alias-model" name="model" required maxlength="255" list="model-names">
<datalist id="model-names">${d.rows.map((r) => html`<option value="${r.model.name}"></option>`)}</datalist>
<button type="submit">Move alias</button>
</fieldset>
</form>`
}
</section>
<section aria-labelledby="models"><h2 id="models">Models</h2>
<p class="sort">Sort: ${sortLink('created', 'desc', 'newest first')} · ${sortLink('created', 'asc', 'oldest first')} · ${sortLink('name', 'asc', 'name A→Z')} · ${sortLink('name', 'desc', 'name Z→A')}</p>
${
  d.rows.length === 0
    ? html`<p class="none">No model yet.</p>`
    : html`<form method="get" action="${webPaths.compare(p, t)}" class="compare-form">
${modelsTable(`Models of ${t}`, d.rows, true)}
<button type="submit">Compare selected (2 to 10)</button>
</form>`
}
${nextPageLink(d.nextHref)}
</section>
<section aria-labelledby="trend"><h2 id="trend">Trend</h2>
${
  d.numericKeys.length === 0 && !d.chart
    ? html`<p class="none">No numeric param or tag on this page to chart.</p>`
    : html`<form method="get" action="${here}"><label for="chart">Chart</label>
<select id="chart" name="chart">${d.numericKeys.map((k) => html`<option value="${k}"${d.chart?.name === k ? html` selected` : ''}>${k}</option>`)}</select>
<button type="submit">Draw</button></form>`
}
${d.chart && trendChart(d.chart.name, d.chart.points)}
</section>`;
  return layout(ctx, t, body, [
    { label: 'Projects', href: webPaths.home() },
    { label: p, href: webPaths.project(p) },
  ]);
}
