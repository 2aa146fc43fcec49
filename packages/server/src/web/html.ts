const RAW = Symbol('ebonite.html');

/** A piece of HTML that is safe to insert as it is: made by {@link html} or {@link trusted}. */
export interface Html {
  readonly [RAW]: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** `text` with every character that could end a text node or a quoted attribute escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

/**
 * HTML from a template: every interpolated value is escaped as text, except pieces made by `html`
 * itself (so templates nest) and arrays of them. `null`, `undefined` and `false` render nothing. This
 * is the only way the pages make HTML, so nothing a user stored (a name, a description, a param) can
 * become markup. Attributes must be quoted in the template.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return { [RAW]: out };
}

/** Markup the code itself wrote (never user data): an SVG path, a constant. */
export function trusted(markup: string): Html {
  return { [RAW]: markup };
}

/** The HTML text of a piece. */
export function render(h: Html): string {
  return h[RAW];
}

function piece(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(piece).join('');
  if (typeof value === 'object' && RAW in value) return (value as Html)[RAW];
  return escapeHtml(String(value));
}
