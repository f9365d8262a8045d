import { formatCompact } from './format';

/**
 * A small SVG chart renderer for the reports the CLI writes (`forecast`, `toil`): time series with lines,
 * bands, horizontal reference lines and vertical markers, and stacked bar charts. The output is plain SVG 1.1
 * with no script and no external resource, every text escaped for XML, and the same bytes for the same input
 * (coordinates rounded to 0.1 px, no locale, no clock).
 *
 * Written here rather than taken from a charting library: the maintained ones are ESM-only (vega 6,
 * vega-lite 6, d3 7) or need a DOM (Observable Plot), and this library is CommonJS.
 */

/** Colours that stay distinct for colour-blind readers (Okabe and Ito), in the order series take them. */
export const CHART_COLOURS: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#999999', '#F0E442'];

/** A line through points `[x, y]` (x in seconds since the epoch for time charts). */
export interface ChartLine {
  /** Legend text. */
  readonly name: string;
  /** Points, in x order; non-finite values break the line. */
  readonly points: ReadonlyArray<readonly [number, number]>;
  /**
   * Colour (CSS).
   * @default - the next colour of CHART_COLOURS
   */
  readonly color?: string;
  /**
   * Dashed.
   * @default false
   */
  readonly dashed?: boolean;
}

/** A shaded band between a lower and an upper value at each x. */
export interface ChartBand {
  /** Legend text. */
  readonly name: string;
  /** `[x, lower, upper]`, in x order. */
  readonly points: ReadonlyArray<readonly [number, number, number]>;
  /**
   * Fill colour (drawn at 40% opacity).
   * @default - the next colour of CHART_COLOURS
   */
  readonly color?: string;
}

/** A horizontal line across the whole chart: a capacity, a threshold. */
export interface ChartReference {
  /** Legend text. */
  readonly name: string;
  /** y value. */
  readonly value: number;
  /**
   * Colour.
   * @default "#D55E00"
   */
  readonly color?: string;
  /**
   * Dashed.
   * @default true
   */
  readonly dashed?: boolean;
}

/** A vertical line at an x value, labelled at the top: "now", a runway date. */
export interface ChartMarker {
  /** Label. */
  readonly label: string;
  /** x value. */
  readonly x: number;
}

/** A chart over time. */
export interface TimeChartSpec {
  /** Title. */
  readonly title: string;
  /**
   * Label of the y axis.
   * @default - none
   */
  readonly yLabel?: string;
  /**
   * Lines.
   * @default - none
   */
  readonly lines?: readonly ChartLine[];
  /**
   * Bands, drawn under the lines.
   * @default - none
   */
  readonly bands?: readonly ChartBand[];
  /**
   * Horizontal reference lines.
   * @default - none
   */
  readonly references?: readonly ChartReference[];
  /**
   * Vertical markers.
   * @default - none
   */
  readonly markers?: readonly ChartMarker[];
  /**
   * Formats y tick labels.
   * @default formatCompact
   */
  readonly formatY?: (value: number) => string;
  /**
   * Width in px.
   * @default 800
   */
  readonly width?: number;
  /**
   * Height in px.
   * @default 400
   */
  readonly height?: number;
}

/** One stack of a bar chart: a value per category. */
export interface BarStack {
  /** Legend text. */
  readonly name: string;
  /** One value per category. */
  readonly values: readonly number[];
  /**
   * Colour.
   * @default - the next colour of CHART_COLOURS
   */
  readonly color?: string;
}

/** A stacked bar chart over categories (weeks, services). */
export interface BarChartSpec {
  /** Title. */
  readonly title: string;
  /** Category labels, left to right. */
  readonly categories: readonly string[];
  /** Stacks, bottom to top. */
  readonly stacks: readonly BarStack[];
  /**
   * Label of the y axis.
   * @default - none
   */
  readonly yLabel?: string;
  /**
   * Formats y tick labels.
   * @default formatCompact
   */
  readonly formatY?: (value: number) => string;
  /**
   * Whole-number ticks only (for counts).
   * @default false
   */
  readonly integers?: boolean;
  /**
   * Width in px.
   * @default 800
   */
  readonly width?: number;
  /**
   * Height in px.
   * @default 400
   */
  readonly height?: number;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return String(text)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A linear scale from a domain to a pixel range. */
export class LinearScale {
  constructor(
    /** Domain start. */
    public readonly d0: number,
    /** Domain end. */
    public readonly d1: number,
    /** Pixel at d0. */
    public readonly r0: number,
    /** Pixel at d1. */
    public readonly r1: number,
  ) {}

  /** Pixel of a domain value. */
  public map(v: number): number {
    if (this.d1 === this.d0) return (this.r0 + this.r1) / 2;
    return this.r0 + ((v - this.d0) / (this.d1 - this.d0)) * (this.r1 - this.r0);
  }
}

/**
 * "Nice" axis ticks covering `[min, max]`: steps of 1, 2, 2.5 or 5 times a power of ten, about `count` of them
 * (whole numbers only when `integers`, for counts). The first tick is at or below min and the last at or above max.
 */
export function niceTicks(min: number, max: number, count = 5, integers = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count, integers);
  }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 2.5, 5, 10].map((m) => m * power).filter((s) => !integers || (s >= 1 && Number.isInteger(s)));
  const step = candidates.find((s) => s >= raw) ?? (integers ? Math.max(1, Math.ceil(raw)) : 10 * power);
  const first = Math.floor(min / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v < max + step - 1e-9 * step; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const DAY = 86400;

/** Time-axis ticks in UTC: hours, days, weeks (Mondays) or months (the 1st), about `count` of them within `[from, to]`. */
export function timeTicks(from: number, to: number, count = 8): Array<{ value: number; label: string }> {
  const span = Math.max(1, to - from);
  const iso = (t: number) => new Date(t * 1000).toISOString();
  const steps = [3600, 3 * 3600, 6 * 3600, 12 * 3600, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
  const step = steps.find((s) => span / s <= count);
  if (step !== undefined) {
    // Weeks start on Mondays: 1970-01-01 was a Thursday, so Mondays are 4 days off the epoch's multiples of 7 days.
    const offset = step >= 7 * DAY ? 4 * DAY : 0;
    const first = Math.ceil((from - offset) / step) * step + offset;
    const out: Array<{ value: number; label: string }> = [];
    for (let t = first; t <= to; t += step) out.push({ value: t, label: step < DAY ? `${iso(t).slice(5, 10)} ${iso(t).slice(11, 16)}` : iso(t).slice(0, 10) });
    return out;
  }
  const months = [1, 2, 3, 6, 12].find((m) => span / (m * 30.44 * DAY) <= count) ?? 12;
  const start = new Date(from * 1000);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + 1;
  m = Math.ceil(m / months) * months;
  const out: Array<{ value: number; label: string }> = [];
  for (;;) {
    const t = Date.UTC(y + Math.floor(m / 12), m % 12, 1) / 1000;
    if (t > to) break;
    if (t >= from) out.push({ value: t, label: iso(t).slice(0, 7) });
    m += months;
  }
  return out;
}

/** Coordinates rounded to 0.1 px, written without locale. */
function px(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}

/**
 * Keeps at most about four points per pixel column (first, lowest, highest, last), so a line through tens
 * of thousands of samples draws the same peaks with a fraction of the path.
 */
export function decimate(points: ReadonlyArray<readonly [number, number]>, toPixel: (x: number) => number): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  let column: Array<readonly [number, number]> = [];
  let current = Number.NaN;
  const flush = () => {
    if (column.length <= 4) {
      out.push(...column);
    } else {
      const lowest = column.reduce((a, b) => (b[1] < a[1] ? b : a));
      const highest = column.reduce((a, b) => (b[1] > a[1] ? b : a));
      const keep = new Set([column[0], lowest, highest, column[column.length - 1]]);
      out.push(...column.filter((p) => keep.has(p)));
    }
    column = [];
  };
  for (const p of points) {
    const c = Math.round(toPixel(p[0]));
    if (c !== current) {
      flush();
      current = c;
    }
    column.push(p);
  }
  flush();
  return out;
}

interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

function frame(width: number, height: number, legendRows: number): Frame {
  const left = 72;
  const right = width - 24;
  const top = 44;
  const bottom = height - 44 - legendRows * 18;
  return { width, height, left, right, top, bottom };
}

function open(f: Frame, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${escapeXml(title)}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${f.width}" height="${f.height}" fill="#ffffff"/>`,
    `<text x="${px(f.left)}" y="24" font-size="14" font-weight="bold" fill="#222222">${escapeXml(title)}</text>`,
  ];
}

function yAxis(f: Frame, ticks: readonly number[], y: LinearScale, format: (v: number) => string, label?: string): string[] {
  const out = ticks.map(
    (t) =>
      `<line x1="${px(f.left)}" y1="${px(y.map(t))}" x2="${px(f.right)}" y2="${px(y.map(t))}" stroke="#e5e5e5"/>` +
      `<text x="${px(f.left - 6)}" y="${px(y.map(t) + 4)}" text-anchor="end" fill="#444444">${escapeXml(format(t))}</text>`,
  );
  if (label) out.push(`<text transform="translate(14 ${px((f.top + f.bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#444444">${escapeXml(label)}</text>`);
  out.push(`<line x1="${px(f.left)}" y1="${px(f.top)}" x2="${px(f.left)}" y2="${px(f.bottom)}" stroke="#888888"/>`);
  out.push(`<line x1="${px(f.left)}" y1="${px(f.bottom)}" x2="${px(f.right)}" y2="${px(f.bottom)}" stroke="#888888"/>`);
  return out;
}

type LegendEntry = { readonly name: string; readonly color: string; readonly shape: 'line' | 'dashed' | 'box' | 'solid' };

function legendRows(entries: readonly LegendEntry[], width: number): LegendEntry[][] {
  const rows: LegendEntry[][] = [[]];
  let x = 72;
  for (const e of entries) {
    const w = 28 + Math.min(40, e.name.length) * 6.2 + 16;
    if (x + w > width - 24 && rows[rows.length - 1].length > 0) {
      rows.push([]);
      x = 72;
    }
    rows[rows.length - 1].push(e);
    x += w;
  }
  return rows;
}

function legend(f: Frame, rows: readonly LegendEntry[][]): string[] {
  const out: string[] = [];
  rows.forEach((row, r) => {
    let x = f.left;
    const y = f.height - 14 - (rows.length - 1 - r) * 18;
    for (const e of row) {
      const name = e.name.length > 40 ? `${e.name.slice(0, 39)}…` : e.name;
      if (e.shape === 'solid') out.push(`<rect x="${px(x)}" y="${px(y - 8)}" width="20" height="10" fill="${escapeXml(e.color)}"/>`);
      else if (e.shape === 'box') out.push(`<rect x="${px(x)}" y="${px(y - 8)}" width="20" height="10" fill="${escapeXml(e.color)}" fill-opacity="0.35" stroke="${escapeXml(e.color)}"/>`);
      else out.push(`<line x1="${px(x)}" y1="${px(y - 3)}" x2="${px(x + 20)}" y2="${px(y - 3)}" stroke="${escapeXml(e.color)}" stroke-width="2"${e.shape === 'dashed' ? ' stroke-dasharray="6 4"' : ''}/>`);
      out.push(`<text x="${px(x + 26)}" y="${px(y + 1)}" fill="#222222">${escapeXml(name)}</text>`);
      x += 28 + name.length * 6.2 + 16;
    }
  });
  return out;
}

/** Renders a time chart as SVG text. */
export function timeChartSvg(spec: TimeChartSpec): string {
  const width = spec.width ?? 800;
  const height = spec.height ?? 400;
  const format = spec.formatY ?? ((v: number) => formatCompact(v));
  let colour = 0;
  const next = () => CHART_COLOURS[colour++ % CHART_COLOURS.length];
  const bands = (spec.bands ?? []).map((b) => ({ ...b, color: b.color ?? next() }));
  const lines = (spec.lines ?? []).map((l) => ({ ...l, color: l.color ?? next() }));
  const references = (spec.references ?? []).map((r) => ({ ...r, color: r.color ?? '#D55E00', dashed: r.dashed ?? true }));
  const entries: LegendEntry[] = [
    ...lines.map((l) => ({ name: l.name, color: l.color, shape: l.dashed ? ('dashed' as const) : ('line' as const) })),
    ...bands.map((b) => ({ name: b.name, color: b.color, shape: 'box' as const })),
    ...references.map((r) => ({ name: r.name, color: r.color, shape: r.dashed ? ('dashed' as const) : ('line' as const) })),
  ];
  const rows = legendRows(entries, width);
  const f = frame(width, height, rows.length);

  const xs = [...lines.flatMap((l) => l.points.map((p) => p[0])), ...bands.flatMap((b) => b.points.map((p) => p[0])), ...(spec.markers ?? []).map((m) => m.x)].filter(Number.isFinite);
  const ys = [
    ...lines.flatMap((l) => l.points.map((p) => p[1])),
    ...bands.flatMap((b) => b.points.flatMap((p) => [p[1], p[2]])),
    ...references.map((r) => r.value),
    0,
  ].filter(Number.isFinite);
  const x0 = xs.length ? least(xs) : 0;
  const x1 = xs.length ? greatest(xs) : 1;
  const yTicks = niceTicks(least(ys), greatest(ys));
  const x = new LinearScale(x0, x1 === x0 ? x0 + 1 : x1, f.left, f.right);
  const y = new LinearScale(yTicks[0], yTicks[yTicks.length - 1], f.bottom, f.top);

  const out = open(f, spec.title);
  out.push(...yAxis(f, yTicks, y, format, spec.yLabel));
  for (const t of timeTicks(x0, x1)) {
    out.push(`<line x1="${px(x.map(t.value))}" y1="${px(f.bottom)}" x2="${px(x.map(t.value))}" y2="${px(f.bottom + 4)}" stroke="#888888"/>`);
    out.push(`<text x="${px(x.map(t.value))}" y="${px(f.bottom + 17)}" text-anchor="middle" fill="#444444">${escapeXml(t.label)}</text>`);
  }
  for (const b of bands) {
    const finite = b.points.filter((p) => Number.isFinite(p[1]) && Number.isFinite(p[2]));
    if (finite.length < 2) continue;
    const upper = decimate(finite.map((p) => [p[0], p[2]] as const), (v) => x.map(v));
    const lower = decimate(finite.map((p) => [p[0], p[1]] as const), (v) => x.map(v));
    const path = [...upper, ...[...lower].reverse()].map((p) => `${px(x.map(p[0]))},${px(y.map(p[1]))}`).join(' ');
    out.push(`<polygon points="${path}" fill="${escapeXml(b.color)}" fill-opacity="0.4" stroke="none"/>`);
  }
  for (const l of lines) {
    for (const segment of segments(l.points)) {
      const path = decimate(segment, (v) => x.map(v))
        .map((p, i) => `${i === 0 ? 'M' : 'L'}${px(x.map(p[0]))} ${px(y.map(p[1]))}`)
        .join(' ');
      out.push(`<path d="${path}" fill="none" stroke="${escapeXml(l.color)}" stroke-width="1.5"${l.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
  }
  for (const r of references) {
    out.push(`<line x1="${px(f.left)}" y1="${px(y.map(r.value))}" x2="${px(f.right)}" y2="${px(y.map(r.value))}" stroke="${escapeXml(r.color)}" stroke-width="1.5"${r.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
  }
  for (const m of spec.markers ?? []) {
    if (!Number.isFinite(m.x)) continue;
    const mx = x.map(m.x);
    out.push(`<line x1="${px(mx)}" y1="${px(f.top)}" x2="${px(mx)}" y2="${px(f.bottom)}" stroke="#555555" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${px(mx + 4)}" y="${px(f.top + 10)}" fill="#555555">${escapeXml(m.label)}</text>`);
  }
  out.push(...legend(f, rows));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Smallest value (a loop: a spread of 100,000 samples would overflow the call stack). */
function least(values: readonly number[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < m) m = v;
  return m;
}

/** Largest value. */
function greatest(values: readonly number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** Runs of consecutive finite points. */
function segments(points: ReadonlyArray<readonly [number, number]>): Array<Array<readonly [number, number]>> {
  const out: Array<Array<readonly [number, number]>> = [[]];
  for (const p of points) {
    if (Number.isFinite(p[0]) && Number.isFinite(p[1])) out[out.length - 1].push(p);
    else if (out[out.length - 1].length > 0) out.push([]);
  }
  return out.filter((s) => s.length > 0);
}

/** Renders a stacked bar chart as SVG text. */
export function barChartSvg(spec: BarChartSpec): string {
  const width = spec.width ?? 800;
  const height = spec.height ?? 400;
  const format = spec.formatY ?? ((v: number) => formatCompact(v));
  const stacks = spec.stacks.map((s, i) => ({ ...s, color: s.color ?? CHART_COLOURS[i % CHART_COLOURS.length] }));
  const rows = legendRows(
    stacks.map((s) => ({ name: s.name, color: s.color, shape: 'solid' as const })),
    width,
  );
  const f = frame(width, height, rows.length);
  const n = spec.categories.length;
  const totals = spec.categories.map((_, i) => stacks.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0));
  const yTicks = niceTicks(0, Math.max(1, greatest(totals)), 5, spec.integers ?? false);
  const y = new LinearScale(0, yTicks[yTicks.length - 1], f.bottom, f.top);
  const slot = (f.right - f.left) / Math.max(1, n);
  const barWidth = Math.max(1, slot * 0.7);
  const every = Math.max(1, Math.ceil(n / 12));

  const out = open(f, spec.title);
  out.push(...yAxis(f, yTicks, y, format, spec.yLabel));
  spec.categories.forEach((category, i) => {
    const left = f.left + slot * i + (slot - barWidth) / 2;
    let base = 0;
    for (const s of stacks) {
      const v = Math.max(0, s.values[i] ?? 0);
      if (v > 0) {
        out.push(
          `<rect x="${px(left)}" y="${px(y.map(base + v))}" width="${px(barWidth)}" height="${px(y.map(base) - y.map(base + v))}" fill="${escapeXml(s.color)}"><title>${escapeXml(`${category}: ${s.name} ${format(v)}`)}</title></rect>`,
        );
      }
      base += v;
    }
    if (i % every === 0) out.push(`<text x="${px(f.left + slot * (i + 0.5))}" y="${px(f.bottom + 17)}" text-anchor="middle" fill="#444444">${escapeXml(category)}</text>`);
  });
  out.push(...legend(f, rows));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
