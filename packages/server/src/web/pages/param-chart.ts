import { humanDate } from '../format.js';
import { type Html, html } from '../html.js';

/** One point of a trend: when, which model, and the value. */
export interface TrendPoint {
  at: string;
  label: string;
  value: number;
}

const W = 640;
const H = 240;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

/**
 * A line chart of one numeric value across models over time, in plain SVG drawn on the server (it
 * needs no script). Each point has a `<title>` with the model and the value, and the figure a table
 * fallback for screen readers.
 */
export function trendChart(name: string, points: readonly TrendPoint[]): Html {
  if (points.length === 0)
    return html`<p class="none">No model of this page has a numeric "${name}".</p>`;
  const sorted = [...points].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const times = sorted.map((p) => Date.parse(p.at));
  const values = sorted.map((p) => p.value);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  let [v0, v1] = [Math.min(...values), Math.max(...values)];
  if (v0 === v1) [v0, v1] = [v0 - 1, v1 + 1];
  const x = (t: number) =>
    PAD.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - v0) / (v1 - v0)) * (H - PAD.top - PAD.bottom);
  const coords = sorted.map((p, i) => [x(times[i] as number), y(p.value)] as const);
  const line = coords.map(([cx, cy]) => `${cx.toFixed(1)},${cy.toFixed(1)}`).join(' ');
  return html`<figure class="chart">
<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title">
<title id="chart-title">${name} across ${sorted.length} models over time</title>
<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" class="axis"/>
<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" class="axis"/>
<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end">${format(v1)}</text>
<text x="${PAD.left - 6}" y="${H - PAD.bottom}" text-anchor="end">${format(v0)}</text>
<text x="${PAD.left}" y="${H - 12}">${humanDate(sorted[0]?.at ?? '')}</text>
<text x="${W - PAD.right}" y="${H - 12}" text-anchor="end">${humanDate(sorted.at(-1)?.at ?? '')}</text>
<polyline points="${line}" class="line"/>
${sorted.map((p, i) => {
  const [cx, cy] = coords[i] as readonly [number, number];
  return html`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="3.5" class="point"><title>${p.label}: ${p.value}</title></circle>`;
})}
</svg>
<figcaption>${name} over time</figcaption>
<details><summary>Values</summary><table><thead><tr><th scope="col">Model</th><th scope="col">Created</th><th scope="col">${name}</th></tr></thead>
<tbody>${sorted.map((p) => html`<tr><td>${p.label}</td><td>${humanDate(p.at)}</td><td>${p.value}</td></tr>`)}</tbody></table></details>
</figure>`;
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}
