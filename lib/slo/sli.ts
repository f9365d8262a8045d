import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isPrometheusLabelName } from '../common/names';
import {
  LabelMatcher,
  Selector,
  hasWindowPlaceholder,
  isSingleSeriesAggregation,
  metricNamesIn,
  parseSelector,
  renderSelector,
  requirePromQL,
  requireRegex,
  requireSelector,
  withMatchers,
  withWindow,
} from '../common/promql';
import { tidy } from './objective';
import { WindowComposition, isWindowComposition, templateComposition } from './window-composition';

/**
 * Good and bad events counted by two queries.
 *
 * Each query is either a counter selector (`http_requests_total{code=~"5.."}`), to which the
 * library applies `sum(rate(…[window]))`, or a PromQL expression with a `{{.window}}` placeholder
 * (Sloth's notation), which the library sums into one series.
 */
export interface EventsSliProps {
  /** Bad events. Give exactly one of `errors` and `good`. */
  readonly errors?: string;
  /** Good events. Give exactly one of `errors` and `good`. */
  readonly good?: string;
  /** All events. */
  readonly total: string;
}

/** Availability from a request counter that carries the response status as a label. */
export interface AvailabilitySliProps {
  /** The request counter, as a selector: `http_requests_total{service="checkout"}`. */
  readonly requests: string;
  /**
   * Label holding the status code.
   * @default "code"
   */
  readonly statusLabel?: string;
  /**
   * Regular expression (RE2, fully anchored by Prometheus) of the status codes that count as errors.
   * @default "5.."
   */
  readonly errorStatus?: string;
}

/** Unit of the observations in a histogram. */
export type HistogramUnit = 'seconds' | 'milliseconds';

/** Latency from a classic Prometheus histogram: the share of requests served within a threshold. */
export interface LatencySliProps {
  /**
   * The histogram, as a selector of its bucket series (`http_request_duration_seconds_bucket{service="x"}`)
   * or of its base name (`http_request_duration_seconds{service="x"}`). Must not match on `le`.
   */
  readonly histogram: string;
  /**
   * Requests served within this time are good. It must be one of the histogram's bucket bounds, or the
   * bucket series will not exist (turn on `absentDataAlert` to learn of that).
   */
  readonly threshold: Duration;
  /**
   * Unit the histogram observes in.
   * @default "seconds"
   */
  readonly unit?: HistogramUnit;
}

/** Latency from a native histogram, with `histogram_fraction`. */
export interface NativeLatencySliProps {
  /** The native histogram, as a selector: `http_request_duration_seconds{service="x"}`. */
  readonly histogram: string;
  /** Requests served within this time are good. Native histograms interpolate within a bucket. */
  readonly threshold: Duration;
  /**
   * Unit the histogram observes in.
   * @default "seconds"
   */
  readonly unit?: HistogramUnit;
}

/** A ready-made error ratio (0 to 1), for SLIs no other kind expresses. */
export interface ErrorRatioSliProps {
  /** PromQL returning one series: the share of bad events over `{{.window}}`. */
  readonly query: string;
}

/** A gauge that is 1 when things are good and 0 when they are not (`probe_success`, `up`); values in between count partly. */
export interface BoolGaugeSliProps {
  /** The gauge, as a selector: `probe_success{job="blackbox", instance="https://example.com"}`. */
  readonly gauge: string;
}

/** An SLI of any kind. Build one with the {@link Sli} factories. */
export type SliSpec =
  | ({ readonly kind: 'events' } & EventsSliProps)
  | ({ readonly kind: 'availability' } & AvailabilitySliProps)
  | ({ readonly kind: 'latency' } & LatencySliProps)
  | ({ readonly kind: 'native-latency' } & NativeLatencySliProps)
  | ({ readonly kind: 'error-ratio' } & ErrorRatioSliProps)
  | ({ readonly kind: 'bool-gauge' } & BoolGaugeSliProps);

/**
 * Service level indicators: what an SLO measures.
 *
 * @example
 * Sli.availability({ requests: 'http_requests_total{service="checkout"}' });
 * Sli.latency({ histogram: 'http_request_duration_seconds_bucket{service="checkout"}', threshold: Duration.millis(300) });
 */
export abstract class Sli {
  /** Bad (or good) events over all events, from two counters or queries. */
  public static events(props: EventsSliProps): SliSpec {
    return { kind: 'events', ...props };
  }
  /** Share of requests that did not fail, from a counter with a status-code label (errors are 5xx by default). */
  public static availability(props: AvailabilitySliProps): SliSpec {
    return { kind: 'availability', ...props };
  }
  /** Share of requests served within a threshold, from a classic histogram's `le` buckets. */
  public static latency(props: LatencySliProps): SliSpec {
    return { kind: 'latency', ...props };
  }
  /** Share of requests served within a threshold, from a native histogram (`histogram_fraction`). */
  public static nativeLatency(props: NativeLatencySliProps): SliSpec {
    return { kind: 'native-latency', ...props };
  }
  /** A ready-made error ratio query. Its period ratio is a mean of 5-minute ratios, as no event counts exist. */
  public static errorRatio(props: ErrorRatioSliProps): SliSpec {
    return { kind: 'error-ratio', ...props };
  }
  /** A 0/1 gauge such as `probe_success` or `up`: the share of samples that were 0 is the error ratio. */
  public static boolGauge(props: BoolGaugeSliProps): SliSpec {
    return { kind: 'bool-gauge', ...props };
  }
}

/**
 * An SLI turned into PromQL builders, one call per window.
 *
 * Event-based SLIs give `errors` and `total` (per-second rates of bad and all events, each one series);
 * the `error-ratio` kind gives only `ratio`.
 */
export interface CompiledSli {
  /** The kind it came from. */
  readonly kind: SliSpec['kind'];
  /** True when the SLI counts events (everything but `error-ratio`): ratios over long windows are ratios of sums. */
  readonly eventBased: boolean;
  /** Bad events per second over the window, one series (present whenever `total` is). */
  errors(window: Duration): string;
  /** All events per second over the window, one series. */
  total(window: Duration): string;
  /** Error ratio over the window, for kinds that have no event counts. */
  ratio(window: Duration): string;
  /** Metric names the SLI reads from the source (for dashboards and dangling-metric checks). */
  readonly sourceMetrics: readonly string[];
  /** A short description for annotations and docs. */
  readonly description: string;
  /**
   * How `errors` and `total` over a window follow from the same series over consecutive shorter windows,
   * so long windows can be added up from recorded series; a sentence saying why not where they cannot
   * (ratio queries, windowed functions that do not add up).
   */
  readonly composition: SliComposition | string;
}

/** How an event SLI's two series compose over consecutive windows. */
export interface SliComposition {
  /** How bad events compose. */
  readonly errors: WindowComposition;
  /** How all events compose. */
  readonly total: WindowComposition;
}

/** Rates of selectors (`sum(rate(sel[w]))`) are per-second means over their window. */
const RATES: SliComposition = { errors: 'mean', total: 'mean' };

/** Checks an SLI spec and builds its PromQL. */
export function compileSli(at: SpecPath, spec: SliSpec): CompiledSli {
  if (!spec || typeof spec !== 'object' || !('kind' in spec)) {
    return at.fail(undefined, spec, 'is not an SLI', 'Build one with Sli.availability(), Sli.latency(), Sli.events() and the other Sli factories.');
  }
  switch (spec.kind) {
    case 'events':
      return compileEvents(at, spec);
    case 'availability':
      return compileAvailability(at, spec);
    case 'latency':
      return compileLatency(at, spec);
    case 'native-latency':
      return compileNativeLatency(at, spec);
    case 'error-ratio':
      return compileErrorRatio(at, spec);
    case 'bool-gauge':
      return compileBoolGauge(at, spec);
    default:
      return at.fail('kind', (spec as { kind: unknown }).kind, 'is not a known SLI kind', 'Use one of the Sli factories.');
  }
}

const NOT_EVENT_BASED = (kind: string) => () => {
  throw new Error(`${kind} SLIs have no event counts`);
};

function eventSli(
  kind: SliSpec['kind'],
  parts: { errors: (w: string) => string; total: (w: string) => string; sourceMetrics: string[]; description: string; composition: SliComposition | string },
): CompiledSli {
  return {
    kind,
    eventBased: true,
    errors: (w) => parts.errors(w.toPrometheus()),
    total: (w) => parts.total(w.toPrometheus()),
    ratio: NOT_EVENT_BASED(kind),
    sourceMetrics: [...new Set(parts.sourceMetrics)].sort(),
    description: parts.description,
    composition: parts.composition,
  };
}

/** `sum(rate(sel[w]))` for a selector, or the template summed into one series. */
interface EventQuery {
  at: (window: string) => string;
  metrics: string[];
  /** How the query composes over consecutive windows, or why it does not. */
  composition: WindowComposition | string;
}

function eventQuery(at: SpecPath, field: string, text: unknown): EventQuery {
  if (typeof text !== 'string' || text.trim() === '') {
    return at.fail(field, text, 'is empty', 'Give a counter selector such as http_requests_total{code=~"5.."} or a query with a {{.window}} placeholder.');
  }
  const selector = parseSelector(text);
  if (typeof selector !== 'string') {
    if (!selector.metric) {
      return at.fail(field, text, 'has no metric name', 'Name the counter: http_requests_total{code=~"5.."}.');
    }
    const rendered = renderSelector(selector);
    return { at: (w) => `sum(rate(${rendered}[${w}]))`, metrics: [selector.metric], composition: 'mean' };
  }
  requirePromQL(at, field, text);
  if (!hasWindowPlaceholder(text)) {
    return at.fail(
      field,
      text,
      'is neither a series selector nor a query with a {{.window}} placeholder',
      'Give a counter selector (the library applies sum(rate(...[window]))) or write the range as [{{.window}}] so each alert window can be filled in.',
    );
  }
  const single = isSingleSeriesAggregation(withWindow(text, '5m'));
  return {
    at: (w) => (single ? withWindow(text, w) : `sum(${withWindow(text, w)})`),
    metrics: metricNamesIn(withWindow(text, '5m')),
    composition: templateComposition(text),
  };
}

function compileEvents(at: SpecPath, spec: EventsSliProps): CompiledSli {
  const hasErrors = spec.errors !== undefined;
  const hasGood = spec.good !== undefined;
  if (hasErrors === hasGood) {
    return at.fail(hasErrors ? 'good' : 'errors', hasErrors ? spec.good : spec.errors, hasErrors ? 'is set together with errors' : 'is not set (nor is good)', 'Give exactly one of errors (bad events) and good (good events).');
  }
  const total = eventQuery(at, 'total', spec.total);
  if (hasErrors) {
    const errors = eventQuery(at, 'errors', spec.errors);
    return eventSli('events', {
      errors: (w) => `${errors.at(w)} or vector(0)`,
      total: total.at,
      sourceMetrics: [...errors.metrics, ...total.metrics],
      description: 'bad events over all events',
      composition: queriesComposition({ errors, total }),
    });
  }
  const good = eventQuery(at, 'good', spec.good);
  return eventSli('events', {
    // Separately extrapolated rates can put good a hair above total; never count negative errors.
    errors: (w) => `clamp_min(\n  ${total.at(w)}\n  -\n  ${good.at(w)}\n, 0)`,
    total: total.at,
    sourceMetrics: [...good.metrics, ...total.metrics],
    description: 'events that were not good over all events',
    composition: differenceComposition(good, total),
  });
}

/** total - good composes as its two terms do, when they compose alike. */
function differenceComposition(good: EventQuery, total: EventQuery): SliComposition | string {
  const c = queriesComposition({ good, total });
  if (typeof c === 'string' || c.errors === c.total) return c;
  return `its good query is a ${c.errors} and its total query a ${c.total} over the window, so their difference does not add up over consecutive windows`;
}

/** The composition of an events SLI from its queries', or the first query's reason why not. */
function queriesComposition(queries: Record<string, EventQuery>): SliComposition | string {
  for (const [field, q] of Object.entries(queries)) {
    if (!isWindowComposition(q.composition)) return `its ${field} query ${q.composition}`;
  }
  const total = queries.total.composition as WindowComposition;
  const errors = (queries.errors ?? queries.good).composition as WindowComposition;
  return { errors, total };
}

function compileAvailability(at: SpecPath, spec: AvailabilitySliProps): CompiledSli {
  const requests = requireSelector(at, 'requests', spec.requests);
  if (!requests.metric) {
    return at.fail('requests', spec.requests, 'has no metric name', 'Name the request counter: http_requests_total{service="checkout"}.');
  }
  const statusLabel = spec.statusLabel ?? 'code';
  if (!isPrometheusLabelName(statusLabel)) {
    return at.fail('statusLabel', statusLabel, 'is not a valid Prometheus label name', 'Label names match [a-zA-Z_][a-zA-Z0-9_]*.');
  }
  const errorStatus = spec.errorStatus ?? '5..';
  requireRegex(at, 'errorStatus', errorStatus);
  const all = renderSelector(requests);
  const bad = renderSelector(withMatchers(requests, [{ name: statusLabel, op: '=~', value: errorStatus }]));
  return eventSli('availability', {
    errors: (w) => `sum(rate(${bad}[${w}])) or vector(0)`,
    total: (w) => `sum(rate(${all}[${w}]))`,
    sourceMetrics: [requests.metric],
    description: `requests with ${statusLabel} matching ${JSON.stringify(errorStatus)} over all requests`,
    composition: RATES,
  });
}


function histogramSelector(at: SpecPath, text: string, suffix: '_bucket' | ''): { base: string; selector: Selector } {
  const selector = requireSelector(at, 'histogram', text);
  if (!selector.metric) {
    return at.fail('histogram', text, 'has no metric name', 'Name the histogram: http_request_duration_seconds_bucket{service="checkout"}.');
  }
  if (selector.matchers.some((m) => m.name === 'le')) {
    return at.fail('histogram', text, 'matches on the "le" label', 'Leave "le" out; the threshold chooses the bucket.');
  }
  const base = suffix && selector.metric.endsWith(suffix) ? selector.metric.slice(0, -suffix.length) : selector.metric;
  if (!suffix && /_(bucket|count|sum)$/.test(base)) {
    return at.fail('histogram', text, 'names a classic histogram series', 'A native histogram is one series named without _bucket, _count or _sum; for classic histograms use Sli.latency().');
  }
  return { base, selector };
}

function thresholdValue(at: SpecPath, threshold: unknown, unit: HistogramUnit | undefined): number {
  const d = requirePositiveDuration(at, 'threshold', threshold);
  if (unit !== undefined && unit !== 'seconds' && unit !== 'milliseconds') {
    return at.fail('unit', unit, 'is not a histogram unit', 'Use "seconds" or "milliseconds".');
  }
  return unit === 'milliseconds' ? d.toMilliseconds() : tidy(d.toSeconds());
}

/** Formats a bucket bound the way client libraries write `le`, and matches both forms Prometheus 2 and 3 store for whole numbers ("1" and "1.0"). */
function bucketMatcher(bound: number): LabelMatcher {
  const text = String(bound);
  if (Number.isInteger(bound)) return { name: 'le', op: '=~', value: `${text}(\\.0)?` };
  return { name: 'le', op: '=', value: text };
}

function compileLatency(at: SpecPath, spec: LatencySliProps): CompiledSli {
  const { base, selector } = histogramSelector(at, spec.histogram, '_bucket');
  const bound = thresholdValue(at, spec.threshold, spec.unit);
  const bucket = `${base}_bucket`;
  const all = renderSelector(withMatchers(selector, [{ name: 'le', op: '=', value: '+Inf' }], bucket));
  const fast = renderSelector(withMatchers(selector, [bucketMatcher(bound)], bucket));
  return eventSli('latency', {
    errors: (w) => `sum(rate(${all}[${w}]))\n-\nsum(rate(${fast}[${w}]))`,
    total: (w) => `sum(rate(${all}[${w}]))`,
    sourceMetrics: [bucket],
    description: `requests slower than ${spec.threshold.toPrometheus()} over all requests`,
    composition: RATES,
  });
}

function compileNativeLatency(at: SpecPath, spec: NativeLatencySliProps): CompiledSli {
  const { base, selector } = histogramSelector(at, spec.histogram, '');
  const bound = thresholdValue(at, spec.threshold, spec.unit);
  const sel = renderSelector({ ...selector, metric: base });
  const rate = (w: string) => `sum(rate(${sel}[${w}]))`;
  return eventSli('native-latency', {
    // histogram_fraction of an empty histogram is NaN: with no traffic, errors are 0 (a NaN here would
    // poison every longer window added up from this one).
    errors: (w) => `(\n  histogram_count(${rate(w)})\n  *\n  (1 - histogram_fraction(0, ${bound}, ${rate(w)}))\n) >= 0 or vector(0)`,
    total: (w) => `histogram_count(${rate(w)})`,
    sourceMetrics: [base],
    description: `requests slower than ${spec.threshold.toPrometheus()} over all requests`,
    composition: RATES,
  });
}

function compileErrorRatio(at: SpecPath, spec: ErrorRatioSliProps): CompiledSli {
  const query = requirePromQL(at, 'query', spec.query);
  if (!hasWindowPlaceholder(query)) {
    return at.fail('query', query, 'has no {{.window}} placeholder', 'Write the range as [{{.window}}] so each alert window can be filled in.');
  }
  return {
    kind: 'error-ratio',
    eventBased: false,
    errors: NOT_EVENT_BASED('error-ratio'),
    total: NOT_EVENT_BASED('error-ratio'),
    // NaN (0/0 at zero traffic) fails ">= 0" and is dropped instead of poisoning averages.
    ratio: (w) => `(\n  ${withWindow(query, w.toPrometheus())}\n) >= 0`,
    sourceMetrics: metricNamesIn(withWindow(query, '5m')),
    description: 'error ratio query',
    composition: 'a ready-made error ratio has no event counts to add up',
  };
}

function compileBoolGauge(at: SpecPath, spec: BoolGaugeSliProps): CompiledSli {
  const selector = requireSelector(at, 'gauge', spec.gauge);
  if (!selector.metric) {
    return at.fail('gauge', spec.gauge, 'has no metric name', 'Name the gauge: probe_success{job="blackbox"}.');
  }
  const sel = renderSelector(selector);
  // Samples per second, so totals read like the request rates of the other kinds.
  const perSecond = (w: string) => tidy(Duration.parse(w).toSeconds());
  return eventSli('bool-gauge', {
    errors: (w) => `(\n  sum(count_over_time(${sel}[${w}]))\n  -\n  sum(sum_over_time(${sel}[${w}]))\n) / ${perSecond(w)}`,
    total: (w) => `sum(count_over_time(${sel}[${w}])) / ${perSecond(w)}`,
    sourceMetrics: [selector.metric],
    description: `samples of ${selector.metric} that were not 1 over all samples`,
    composition: 'counts samples (count_over_time, sum_over_time), which Prometheus 2 takes from both ends of a range, so consecutive windows would share one',
  });
}
