/**
 * Number and date formatting shared by the reports and their charts: deterministic (no locale, UTC unless a
 * zone is given), compact, and the same in Markdown, SVG and text output.
 */

const SI: ReadonlyArray<[number, string]> = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** Up to `digits` significant digits, no exponent, trailing zeros dropped: 1234.5 -> "1235", 0.000123 -> "0.000123". */
export function formatSignificant(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(n)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  const rounded = Number(n.toFixed(Math.min(20, decimals)));
  return decimals > 0 ? String(rounded) : rounded.toFixed(0);
}

/** A compact number with an SI suffix (as Prometheus' `humanize`): 1234 -> "1.234k", 45e12 -> "45T", 0.25 -> "0.25". */
export function formatCompact(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  for (const [scale, suffix] of SI) {
    if (abs >= scale) return `${formatSignificant(n / scale, digits)}${suffix}`;
  }
  return formatSignificant(n, digits);
}

/** A ratio as a percentage: 0.8333 -> "83.3%". */
export function formatPercent(ratio: number, decimals = 1): string {
  return `${Number((ratio * 100).toFixed(decimals))}%`;
}

/** ISO date (YYYY-MM-DD) of a time in seconds since the epoch, in UTC. */
export function formatDate(seconds: number): string {
  return new Date(Math.round(seconds) * 1000).toISOString().slice(0, 10);
}

/** ISO date and minute in UTC: "2025-03-04 12:00 UTC". */
export function formatDateTime(seconds: number): string {
  const iso = new Date(Math.round(seconds) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A length of time in words, to the largest sensible unit: 90061 -> "1 day 1 hour", 300 -> "5 minutes". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const s = Math.round(seconds);
  const units: Array<[number, string]> = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, word] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) {
      parts.push(`${n} ${word}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}
