import type { JsonValue } from '@ebonite/core';
import { type Html, html } from '../html.js';

/**
 * A JSON value made readable: objects as nested definition lists, arrays of scalars on one line,
 * other arrays as numbered lists, scalars as their JSON text (so `"1"` and `1` differ).
 */
export function jsonView(value: JsonValue): Html {
  if (value === null || typeof value !== 'object')
    return html`<code>${JSON.stringify(value)}</code>`;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object'))
      return html`<code>${JSON.stringify(value)}</code>`;
    return html`<ol class="json">${value.map((v) => html`<li>${jsonView(v)}</li>`)}</ol>`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return html`<code>{}</code>`;
  return html`<dl class="json">${entries.map(
    ([k, v]) => html`<div><dt>${k}</dt><dd>${jsonView(v)}</dd></div>`,
  )}</dl>`;
}
