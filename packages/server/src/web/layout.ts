import { type Html, html } from './html.js';
import { webPaths } from './web-paths.js';

/** What every page knows of its request. */
export interface PageContext {
  /** Who is looking: a token's name and scope, or anonymous. */
  who: { name: string; scope: 'read' | 'write' | 'admin' };
  /** Signed in through the page's session cookie (so a sign-out makes sense). */
  session: boolean;
  /** The search box's text, kept on the search page. */
  query?: string;
}

/** A breadcrumb: the links above a page's title. */
export type Crumb = { label: string; href: string };

/** The page around `body`: one `<h1>`, a search box, breadcrumbs, and the sign-out when signed in. */
export function layout(ctx: PageContext, title: string, body: Html, crumbs: Crumb[] = []): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ebonite</title>
<link rel="stylesheet" href="${webPaths.asset('style.css')}">
<script src="${webPaths.asset('app.js')}" defer></script>
</head>
<body>
<header class="top">
<a class="brand" href="${webPaths.home()}">ebonite</a>
<form class="search" role="search" method="get" action="${webPaths.search()}">
<label for="q">Search models</label>
<input id="q" name="q" type="search" value="${ctx.query ?? ''}" placeholder="name prefix, tag:key=value, param:key=value" autocomplete="off">
<button type="submit">Search</button>
</form>
<div class="who">${ctx.who.name} (${ctx.who.scope})${
    ctx.session &&
    html`<form method="post" action="${webPaths.signOut()}"><button type="submit">Sign out</button></form>`
  }</div>
</header>
<main id="main">
${crumbs.length > 0 && html`<nav aria-label="Breadcrumb"><ol class="crumbs">${crumbs.map((c) => html`<li><a href="${c.href}">${c.label}</a></li>`)}</ol></nav>`}
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}
