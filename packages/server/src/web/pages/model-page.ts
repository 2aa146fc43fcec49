import type { Model, Project, Task } from '@ebonite/core';
import type { Dimension, MethodSignature, ValueSchema } from '@ebonite/core/plugin';
import { humanDate, humanSize } from '../format.js';
import { type Html, html } from '../html.js';
import { layout, type PageContext } from '../layout.js';
import { webPaths } from '../web-paths.js';
import { tagList } from './browse-pages.js';
import { jsonView } from './json-view.js';
import { tagEditor } from './tag-editor.js';

/** A model's page: everything its record holds, and a verified download link per file. */
export function modelPage(
  ctx: PageContext,
  project: Project,
  task: Task,
  model: Model,
  aliases: readonly string[],
): Html {
  const p = project.name;
  const t = task.name;
  const methods = wrapperMethods(model.wrapper);
  const body = html`<dl class="facts">
<div><dt>Version</dt><dd>${model.version ?? html`<span class="none">named model</span>`}</dd></div>
<div><dt>Author</dt><dd>${model.author}</dd></div>
<div><dt>Created</dt><dd><time datetime="${model.creationDate}">${humanDate(model.creationDate)}</time></dd></div>
<div><dt>Id</dt><dd><code>${model.id}</code></dd></div>
<div><dt>Aliases</dt><dd>${aliases.length === 0 ? html`<span class="none">none</span>` : html`<ul class="tags">${aliases.map((a) => html`<li>${a}</li>`)}</ul>`}</dd></div>
</dl>
<section aria-labelledby="description"><h2 id="description">Description</h2>
${model.description ? html`<p class="description">${model.description}</p>` : html`<p class="none">No description.</p>`}
</section>
<section aria-labelledby="tags"><h2 id="tags">Tags</h2>
${tagList(model.tags ?? {})}
${ctx.who.scope !== 'read' && tagEditor(webPaths.setTags(p, t, model.name), model.tags ?? {})}
</section>
<section aria-labelledby="params"><h2 id="params">Params</h2>
${Object.keys(model.params).length === 0 ? html`<p class="none">No params.</p>` : jsonView(model.params)}
</section>
<section aria-labelledby="requirements"><h2 id="requirements">Requirements</h2>
${
  model.requirements.length === 0
    ? html`<p class="none">None recorded.</p>`
    : html`<ul>${model.requirements.map((r) => html`<li><code>${r.package}${r.version ? `@${r.version}` : ''}</code></li>`)}</ul>`
}
</section>
${methods && html`<section aria-labelledby="methods"><h2 id="methods">Methods (${methods.type} wrapper)</h2>${Object.entries(methods.methods).map(([name, sig]) => methodTable(name, sig))}</section>`}
<section aria-labelledby="artifacts"><h2 id="artifacts">Artifacts</h2>
${
  model.artifacts.length === 0
    ? html`<p class="none">No files.</p>`
    : html`<table class="artifacts">
<thead><tr><th scope="col">File</th><th scope="col">Size</th><th scope="col">sha256</th></tr></thead>
<tbody>${model.artifacts.map(
        (a) =>
          html`<tr><td><a href="${webPaths.download(p, t, model.name, a.name)}" download>${a.name}</a></td><td title="${a.size} bytes">${humanSize(a.size)}</td><td><code class="digest">${a.digest.replace(/^sha256:/, '')}</code></td></tr>`,
      )}</tbody>
</table>`
}
</section>`;
  return layout(ctx, model.name, body, [
    { label: 'Projects', href: webPaths.home() },
    { label: p, href: webPaths.project(p) },
    { label: t, href: webPaths.task(p, t) },
  ]);
}

type WrapperMethods = { type: string; methods: Record<string, MethodSignature> };

/** The methods a wrapper recorded, when the record has the wrapper contract's shape. */
function wrapperMethods(wrapper: Model['wrapper']): WrapperMethods | undefined {
  if (!wrapper || typeof wrapper.type !== 'string') return undefined;
  const methods = wrapper.methods;
  if (!methods || typeof methods !== 'object' || Array.isArray(methods)) return undefined;
  return { type: wrapper.type, methods: methods as unknown as Record<string, MethodSignature> };
}

function methodTable(name: string, signature: MethodSignature): Html {
  const rows = (kind: string, values: readonly ValueSchema[] | undefined) =>
    (values ?? []).map(
      (v) =>
        html`<tr><td>${kind}</td><td>${v.name}</td><td>${v.kind === 'tensor' ? v.dtype : v.type}</td><td>${v.kind === 'tensor' ? shapeText(v.shape) : '—'}</td></tr>`,
    );
  return html`<table class="method">
<caption><code>${name}()</code></caption>
<thead><tr><th scope="col">Side</th><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Shape</th></tr></thead>
<tbody>${rows('input', signature.inputs)}${rows('output', signature.outputs)}</tbody>
</table>`;
}

/** A shape as `[batch, 3, ?]`: symbolic dimensions by name, unknown ones as `?`. */
export function shapeText(shape: readonly Dimension[] | null): string {
  if (shape === null) return 'any rank';
  return `[${shape.map((d) => (d === null || d === '' ? '?' : String(d))).join(', ')}]`;
}
