import { type Html, html } from '../html.js';

/** The sign-in form: a plain form post, no script needed; the token goes in a session cookie. */
export function signInPage(next: string, problem?: string): Html {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · ebonite</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><main id="main" class="narrow">
<h1>Sign in to this registry</h1>
<p>This registry needs a token. Ask its admin for one (<code>ebonite token create NAME --scope read</code>); it is kept for this browser session only.</p>
${problem && html`<p class="error" role="alert">${problem}</p>`}
<form method="post" action="/sign-in">
<input type="hidden" name="next" value="${next}">
<label for="token">Token</label>
<input id="token" name="token" type="password" required autocomplete="off" autofocus>
<button type="submit">Sign in</button>
</form>
</main></body></html>`;
}

/** An error as a page: its status, the error's own message (escaped) and a way home. */
export function errorPage(status: number, code: string, message: string): Html {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} · ebonite</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><main id="main" class="narrow">
<h1>${status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong'}</h1>
<p class="error" role="alert"><code>${code}</code>: ${message}</p>
<p><a href="/">Back to the projects</a></p>
</main></body></html>`;
}
