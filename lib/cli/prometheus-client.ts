import { Duration } from '../common/duration';
import { InputError, UsageError } from './io';

/** One series of an instant query: its labels and value (NaN and ±Inf kept as numbers). */
export interface InstantSample {
  /** Labels, `__name__` included when the series has one. */
  readonly labels: Readonly<Record<string, string>>;
  /** Value. */
  readonly value: number;
  /** Evaluation time, in seconds since the epoch. */
  readonly time: number;
}

/** One series of a range query. */
export interface RangeSeries {
  /** Labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Samples as [seconds since the epoch, value], in time order. */
  readonly samples: ReadonlyArray<readonly [number, number]>;
}

/** Options of {@link PrometheusClient.queryRange}. */
export interface QueryRangeOptions {
  /**
   * Called after each chunk with the share of the range fetched (0 to 1).
   * @default - none
   */
  readonly onProgress?: (done: number) => void;
  /**
   * Most points per series in one request (Prometheus refuses more than 11,000).
   * @default 10000
   */
  readonly maxPointsPerRequest?: number;
}

/** An alerting rule as `/api/v1/rules` lists it. */
export interface AlertingRuleInfo {
  /** Its group. */
  readonly group: string;
  /** Alert name. */
  readonly name: string;
  /** Labels as written in the rule. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations as written in the rule (`runbook_url`, `summary`). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** A failure talking to Prometheus: unreachable, too slow, or an error answer. Exit status 1. */
export class PrometheusError extends InputError {}

/**
 * A small client of the Prometheus HTTP API (`/api/v1/query` and `/api/v1/query_range`) for the commands
 * that read a running server. Every failure is one clear sentence naming the server.
 *
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/
 */
export class PrometheusClient {
  /**
   * Checks the URL (absolute http or https, no query or fragment) and the timeout.
   *
   * @throws UsageError when the URL is not one.
   */
  public static create(url: string, timeout: Duration = Duration.seconds(10)): PrometheusClient {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.search || parsed.hash) {
      throw new UsageError(`--prometheus ${JSON.stringify(url)} is not a URL such as http://prometheus.monitoring:9090`);
    }
    if (!(timeout.toMilliseconds() > 0)) throw new UsageError('--timeout must be a positive duration such as 10s');
    return new PrometheusClient(parsed.href.replace(/\/+$/, ''), timeout);
  }

  private constructor(
    /** Base URL, without a trailing slash. */
    public readonly url: string,
    /** Time allowed for each request. */
    public readonly timeout: Duration,
  ) {}

  /** Evaluates an instant query; vectors and scalars come back as samples. */
  public async query(expr: string, time?: Date): Promise<InstantSample[]> {
    const params = new URLSearchParams({ query: expr });
    if (time) params.set('time', String(time.getTime() / 1000));
    const data = await this.get('/api/v1/query', params);
    if (data.resultType === 'scalar') {
      const [t, v] = data.result as [number, string];
      return [{ labels: {}, value: parseValue(v), time: t }];
    }
    if (data.resultType !== 'vector') throw new PrometheusError(`${this.url}: the query returned a ${String(data.resultType)}, not an instant vector: ${expr}`);
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({
      labels: r.metric,
      value: parseValue(r.value[1]),
      time: r.value[0],
    }));
  }

  /**
   * Evaluates a range query from `start` to `end` every `step`, in chunks small enough for the server,
   * and joins the chunks per series.
   */
  public async queryRange(expr: string, start: Date, end: Date, step: Duration, options: QueryRangeOptions = {}): Promise<RangeSeries[]> {
    const stepSeconds = step.toSeconds();
    if (!(stepSeconds > 0)) throw new UsageError('--step must be a positive duration such as 1h');
    const maxPoints = options.maxPointsPerRequest ?? 10_000;
    const from = Math.ceil(start.getTime() / 1000);
    const to = Math.floor(end.getTime() / 1000);
    const bySeries = new Map<string, { labels: Record<string, string>; samples: Array<[number, number]> }>();
    const span = Math.max(1, to - from);
    for (let chunkStart = from; chunkStart <= to; chunkStart += stepSeconds * maxPoints) {
      const chunkEnd = Math.min(to, chunkStart + stepSeconds * (maxPoints - 1));
      const params = new URLSearchParams({ query: expr, start: String(chunkStart), end: String(chunkEnd), step: String(stepSeconds) });
      const data = await this.get('/api/v1/query_range', params);
      for (const r of data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>) {
        const key = JSON.stringify(Object.entries(r.metric).sort(([a], [b]) => (a < b ? -1 : 1)));
        let entry = bySeries.get(key);
        if (!entry) {
          entry = { labels: r.metric, samples: [] };
          bySeries.set(key, entry);
        }
        for (const [t, v] of r.values) entry.samples.push([t, parseValue(v)]);
      }
      options.onProgress?.(Math.min(1, (chunkEnd - from + stepSeconds) / span));
    }
    return [...bySeries.keys()].sort().map((k) => bySeries.get(k)!);
  }

  /**
   * The alerting rules the server evaluates now (`/api/v1/rules?type=alert`), with their labels and annotations
   * as written (templates unexpanded).
   */
  public async alertingRules(): Promise<AlertingRuleInfo[]> {
    const data = (await this.get('/api/v1/rules', new URLSearchParams({ type: 'alert' }))) as unknown as {
      groups?: Array<{ name: string; rules?: Array<{ type?: string; name?: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }>;
    };
    return (data.groups ?? []).flatMap((g) =>
      (g.rules ?? [])
        .filter((r) => r.type === 'alerting' && typeof r.name === 'string')
        .map((r) => ({ group: g.name, name: r.name!, labels: r.labels ?? {}, annotations: r.annotations ?? {} })),
    );
  }

  private async get(path: string, params: URLSearchParams): Promise<{ resultType: string; result: unknown }> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}?${params}`, { signal: AbortSignal.timeout(this.timeout.toMilliseconds()) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        throw new PrometheusError(`Prometheus at ${this.url} did not answer within ${this.timeout.toHumanString()}`);
      }
      const why = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new PrometheusError(`cannot reach Prometheus at ${this.url} (${why})`);
    }
    let body: { status?: string; data?: { resultType: string; result: unknown }; error?: string; errorType?: string };
    const text = await response.text();
    try {
      body = JSON.parse(text);
    } catch {
      throw new PrometheusError(`${this.url}${path} answered HTTP ${response.status} with something that is not the Prometheus API (${JSON.stringify(text.slice(0, 80))})`);
    }
    if (body.status !== 'success' || !body.data) {
      const asked = params.get('query') ?? `${path}?${params}`;
      throw new PrometheusError(`Prometheus at ${this.url} refused the query (${body.errorType ?? `HTTP ${response.status}`}: ${body.error ?? 'no reason given'}): ${asked}`);
      throw new PrometheusError(
        `Prometheus at ${this.url} refused ${params.has('query') ? 'the query' : path} (${body.errorType ?? `HTTP ${response.status}`}: ${body.error ?? 'no reason given'})${params.has('query') ? `: ${params.get('query')}` : ''}`,
      );
    }
    return body.data;
  }
}

function parseValue(v: string): number {
  if (v === 'NaN') return NaN;
  if (v === '+Inf') return Number.POSITIVE_INFINITY;
  if (v === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(v);
}
