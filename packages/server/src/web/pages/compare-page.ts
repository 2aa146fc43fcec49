import type { JsonValue, Model, Project, Task } from '@ebonite/core';
import { type Html, html } from '../html.js';
import { layout, type PageContext } from '../layout.js';
import { webPaths } from '../web-paths.js';

/** The fewest and the most models a comparison takes. */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 10;

/**
 * Models side by side: one column per model, one row per param and per tag any of them has; a row
 * whose values differ is marked (a class for the colour, and the word "differs" for everyone).
 */
export function comparePage(ctx: PageContext, project: Project, task: Task, models: Model[]): Html {
  const p = project.name;
  const t = task.name;
  const rows = (label: string, pick: (m: Model) => Record<string, JsonValue>) => {
    const keys = [...new Set(models.flatMap((m) => Object.keys(pick(m))))].sort();
    return keys.map((k) => {
      const cells = models.map((m) => (k in pick(m) ? JSON.stringify(pick(m)[k]) : undefined));
      const differs = new Set(cells).size > 1;
      return html`<tr class="${differs ? 'differs' : 'same'}"><th scope="row">${label} ${k}${differs && html` <span class="badge">differs</span>`}</th>${cells.map(
        (c) =>
          html`<td>${c === undefined ? html`<span class="none">absent</span>` : html`<code>${c}</code>`}</td>`,
      )}</tr>`;
    });
  };
  const body = html`<table class="compare">
<caption>${models.length} models of ${t}: params and tags (rows marked "differs" have different values)</caption>
<thead><tr><th scope="col">Field</th>${models.map((m) => html`<th scope="col"><a href="${webPaths.model(p, t, m.name)}">${m.name}</a></th>`)}</tr></thead>
<tbody>
${rows('param', (m) => m.params)}
${rows('tag', (m) => m.tags ?? {})}
</tbody>
</table>`;
  return layout(ctx, `Compare models of ${t}`, body, [
    { label: 'Projects', href: webPaths.home() },
    { label: p, href: webPaths.project(p) },
    { label: t, href: webPaths.task(p, t) },
  ]);
}
