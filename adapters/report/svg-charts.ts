import { escapeHtml as e } from './escape-html.js';

export interface Bar {
  label: string;
  /** Undefined leaves an empty slot: a period without deployments still takes its place on the axis. */
  value?: number;
  /** What the bar's tooltip and end label say, e.g. "25% (1/4)". */
  text: string;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/** Vertical bars, one slot per entry. `max` fixes the scale (1 for rates); otherwise the largest value sets it. */
export function columnChart(title: string, bars: readonly Bar[], options: { max?: number; axis: (v: number) => string }): string {
  const slot = Math.max(18, Math.min(80, 640 / Math.max(bars.length, 1)));
  const left = 48;
  const width = left + slot * bars.length + 10;
  const top = 14;
  const plot = 180;
  const height = top + plot + 46;
  const max = options.max ?? Math.max(...bars.map((b) => b.value ?? 0), 0);
  const scale = max > 0 ? plot / max : 0;
  const every = Math.ceil(bars.length / 16);
  const grid = [0, 0.5, 1]
    .map((f) => {
      const y = top + plot - plot * f;
      return `<line class="grid" x1="${left}" x2="${width - 10}" y1="${fmt(y)}" y2="${fmt(y)}"/><text class="axis" x="${left - 6}" y="${fmt(y + 4)}" text-anchor="end">${e(options.axis(max * f))}</text>`;
    })
    .join('');
  const items = bars
    .map((b, i) => {
      const x = left + i * slot;
      const label = i % every === 0 ? `<text class="label" x="${fmt(x + slot / 2)}" y="${top + plot + 16}" text-anchor="middle">${e(b.label)}</text>` : '';
      if (b.value === undefined) return label;
      const h = b.value * scale;
      const y = top + plot - h;
      return (
        `<rect class="bar" x="${fmt(x + slot * 0.15)}" y="${fmt(y)}" width="${fmt(slot * 0.7)}" height="${fmt(h)}" data-label="${e(b.label)}"><title>${e(`${b.label}: ${b.text}`)}</title></rect>` +
        (bars.length <= 16 ? `<text class="value" x="${fmt(x + slot / 2)}" y="${fmt(y - 4)}" text-anchor="middle">${e(b.text)}</text>` : '') +
        label
      );
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${e(title)}" viewBox="0 0 ${fmt(width)} ${height}" width="${fmt(width)}" height="${height}" xmlns="http://www.w3.org/2000/svg">${grid}${items}</svg>`;
}

/** Horizontal bars for long labels (step titles); values are rates from 0 to 1. */
export function rowChart(title: string, bars: readonly Bar[]): string {
  const row = 22;
  const labelWidth = 240;
  const plot = 360;
  const width = labelWidth + plot + 110;
  const height = row * bars.length + 8;
  const items = bars
    .map((b, i) => {
      const y = 4 + i * row;
      const w = Math.max(0, Math.min(1, b.value ?? 0)) * plot;
      const label = b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label;
      return (
        `<text class="label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${e(label)}</text>` +
        `<rect class="track" x="${labelWidth}" y="${y + 3}" width="${plot}" height="${row - 8}"/>` +
        `<rect class="bar" x="${labelWidth}" y="${y + 3}" width="${fmt(w)}" height="${row - 8}" data-label="${e(b.label)}"><title>${e(`${b.label}: ${b.text}`)}</title></rect>` +
        `<text class="value" x="${fmt(labelWidth + plot + 8)}" y="${y + 15}">${e(b.text)}</text>`
      );
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${e(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${items}</svg>`;
}
