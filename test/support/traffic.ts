import { InputSeries, Probe, counter } from './promtool';

/** A stretch of steady request traffic. */
export interface TrafficPhase {
  /** Length in minutes. */
  readonly minutes: number;
  /** Requests per second. */
  readonly rps: number;
  /** Share of requests that fail (5xx). */
  readonly errorRatio?: number;
}

/**
 * `http_requests_total` counters for a service, split by status code, one sample a minute,
 * following the phases one after another from minute 0.
 */
export function httpRequests(selector: string, phases: readonly TrafficPhase[]): InputSeries[] {
  const inner = selector.replace(/^\{|\}$/g, '');
  const ok = phases.map((p) => ({ minutes: p.minutes, perMinute: p.rps * 60 * (1 - (p.errorRatio ?? 0)) }));
  const bad = phases.map((p) => ({ minutes: p.minutes, perMinute: p.rps * 60 * (p.errorRatio ?? 0) }));
  return [
    { series: `http_requests_total{${inner}, code="200"}`, values: counter(ok) },
    { series: `http_requests_total{${inner}, code="500"}`, values: counter(bad) },
  ];
}

/** A stretch of steady traffic with a latency mix: shares of requests per bucket bound (seconds). */
export interface LatencyPhase {
  readonly minutes: number;
  readonly rps: number;
  /** Share of requests at or under each bound; the rest are slower than the largest bound. */
  readonly within: Readonly<Record<string, number>>;
}

/** Classic histogram bucket counters (`<name>_bucket{le=...}` including `+Inf`). */
export function histogramBuckets(name: string, selector: string, phases: readonly LatencyPhase[]): InputSeries[] {
  const inner = selector.replace(/^\{|\}$/g, '');
  const bounds = Object.keys(phases[0].within);
  const series = bounds.map((le) => ({
    series: `${name}_bucket{${inner}, le="${le}"}`,
    values: counter(phases.map((p) => ({ minutes: p.minutes, perMinute: p.rps * 60 * p.within[le] }))),
  }));
  series.push({
    series: `${name}_bucket{${inner}, le="+Inf"}`,
    values: counter(phases.map((p) => ({ minutes: p.minutes, perMinute: p.rps * 60 }))),
  });
  return series;
}

/** Probes for the first and last minute an alert was firing, up to `untilMinute`. */
export function firingProbes(selector: string, untilMinute: number): [Probe, Probe] {
  const firing = `ALERTS{alertstate="firing", ${selector.replace(/^\{|\}$/g, '')}}`;
  return [
    { expr: `min(min_over_time(timestamp(${firing})[${untilMinute}m:1m])) / 60`, atMinute: untilMinute },
    { expr: `max(max_over_time(timestamp(${firing})[${untilMinute}m:1m])) / 60`, atMinute: untilMinute },
  ];
}
