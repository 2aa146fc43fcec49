import type { Project, Task } from '@ebonite/core';
import { humanDate } from '../format.js';
import { type Html, html } from '../html.js';
import { layout, type PageContext } from '../layout.js';
import { webPaths } from '../web-paths.js';

/** The home page: every project, each a link. */
export function homePage(ctx: PageContext, projects: readonly Project[]): Html {
  const body =
    projects.length === 0
      ? html`<p>The registry is empty: push a model (<code>ebonite push PROJECT/TASK DIR</code>).</p>`
      : html`<table>
<caption>Projects</caption>
<thead><tr><th scope="col">Project</th><th scope="col">Author</th><th scope="col">Created</th></tr></thead>
<tbody>${projects.map(
          (p) =>
            html`<tr><td><a href="${webPaths.project(p.name)}">${p.name}</a></td><td>${p.author}</td><td>${humanDate(p.creationDate)}</td></tr>`,
        )}</tbody>
</table>`;
  return layout(ctx, 'Projects', body);
}

/** A project's page: its tasks. */
export function projectPage(ctx: PageContext, project: Project, tasks: readonly Task[]): Html {
  const body =
    tasks.length === 0
      ? html`<p>No task yet.</p>`
      : html`<table>
<caption>Tasks of ${project.name}</caption>
<thead><tr><th scope="col">Task</th><th scope="col">Tags</th><th scope="col">Author</th><th scope="col">Created</th></tr></thead>
<tbody>${tasks.map(
          (t) =>
            html`<tr><td><a href="${webPaths.task(project.name, t.name)}">${t.name}</a></td><td>${tagList(t.tags ?? {})}</td><td>${t.author}</td><td>${humanDate(t.creationDate)}</td></tr>`,
        )}</tbody>
</table>`;
  return layout(ctx, project.name, body, [{ label: 'Projects', href: webPaths.home() }]);
}

/** Tags as a list of `key=value` chips. */
export function tagList(tags: Readonly<Record<string, string>>): Html {
  const entries = Object.entries(tags);
  if (entries.length === 0) return html`<span class="none">none</span>`;
  return html`<ul class="tags">${entries.map(
    ([k, v]) => html`<li><span class="k">${k}</span>=<span class="v">${v}</span></li>`,
  )}</ul>`;
}
