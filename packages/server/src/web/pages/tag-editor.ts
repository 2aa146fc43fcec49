import { type Html, html } from '../html.js';

/**
 * The form that edits tags (shown only with a write token): one row per tag, emptied to remove it, and
 * one row to add. It posts to `action`, a form route that needs the write scope whatever is shown.
 */
export function tagEditor(action: string, tags: Readonly<Record<string, string>>): Html {
  const rows = Object.entries(tags).map(
    ([k, v], i) =>
      html`<div class="row"><input type="hidden" name="key" value="${k}"><label for="tag-${i}">${k}</label><input id="tag-${i}" name="value" value="${v}" maxlength="5000"></div>`,
  );
  return html`<form class="tag-editor" method="post" action="${action}">
<fieldset><legend>Edit tags (empty a value to remove its tag)</legend>
${rows}
<div class="row"><label for="tag-new-key">New key</label><input id="tag-new-key" name="key" maxlength="255"><label for="tag-new-value">value</label><input id="tag-new-value" name="value" maxlength="5000"></div>
<button type="submit">Save tags</button>
</fieldset>
</form>`;
}
