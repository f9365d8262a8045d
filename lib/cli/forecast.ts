import { parseArgs } from 'node:util';
import { findPromQLSyntaxError } from '../common/promql';
import { ForecastError, SeriesForecast, describeLabels, forecastSeries } from '../capacity/forecast';
import { ForecastRun, forecastJson, forecastMarkdown, forecastText } from '../capacity/forecast-report';
import { Headroom } from '../capacity/headroom';
import { ReportBundle } from '../reports/report-files';
import { CliIO, EXIT, InputError, UsageError } from './io';
import { ProgressBar } from './progress';
import { PrometheusClient } from './prometheus-client';
import { parseDurationFlag, parseEndFlag, writeReport } from './report-output';

export const FORECAST_HELP = `Usage: sre-constructs forecast --prometheus URL --query PROMQL --capacity N [options]

Fetches the history of a query from Prometheus, fits a trend with daily, weekly and monthly
cycles, and says, for each series, how much capacity the next 30/60/90 days need (the
forecast's upper band plus the margin), when that reaches the capacity (the runway), and
what to do.

Options:
  --prometheus URL   Prometheus base URL, e.g. http://prometheus.monitoring:9090.
  --query PROMQL     What to forecast, one value per series (cores, bytes, connections).
  --capacity N       What the resource can hold, in the query's unit.
  --horizon DUR      How far ahead. Default 90d; at most --history.
  --history DUR      How much history to fit. Default 90d.
  --step DUR         Spacing of the history's samples. Default 1h.
  --margin N%        Safety margin: upper band x (1 + margin) must fit. Default 20%.
  --end TIME         End of the history (RFC 3339 or Unix seconds). Default now.
  --allow-over       Forecast even when usage is already above --capacity.
  --timeout DUR      Time allowed for each request to Prometheus. Default 30s.
  --json             Print JSON: {"series":[...],"model":{...}}.
  --out FILE.md      Write a Markdown report with an SVG chart per series (and PNG
                     where @resvg/resvg-js is installed) beside it.
  -h, --help         This help.

Exit status: 0 done, 1 bad input or Prometheus failed (nothing written), 2 usage error.
`;

/** `sre-constructs forecast`. */
export async function forecast(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prometheus: { type: 'string' },
      query: { type: 'string' },
      capacity: { type: 'string' },
      horizon: { type: 'string' },
      history: { type: 'string' },
      step: { type: 'string' },
      margin: { type: 'string' },
      end: { type: 'string' },
      'allow-over': { type: 'boolean' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(FORECAST_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`forecast takes no positional arguments, not ${JSON.stringify(positionals[0])}`);
  for (const flag of ['prometheus', 'query', 'capacity'] as const) {
    if (values[flag] === undefined) throw new UsageError(`forecast needs --${flag}`);
  }
  const query = values.query!;
  const problem = findPromQLSyntaxError(query);
  if (problem) throw new InputError(`--query is not valid PromQL: it ${problem}`);
  const capacity = parseCapacity(values.capacity!);
  const headroom = parseMargin(values.margin ?? '20%');
  const horizon = parseDurationFlag('horizon', values.horizon ?? '90d');
  const history = parseDurationFlag('history', values.history ?? '90d');
  const step = parseDurationFlag('step', values.step ?? '1h');
  const timeout = parseDurationFlag('timeout', values.timeout ?? '30s');
  const now = parseEndFlag(values.end);
  if (horizon.toMilliseconds() > history.toMilliseconds()) {
    throw new InputError(
      `--horizon ${horizon} is longer than --history ${history}: a forecast reaches at most as far ahead as the history it learns from; ` +
        `give --history ${horizon} or more, or a shorter --horizon`,
    );
  }
  if (history.toMilliseconds() / step.toMilliseconds() > 200_000) {
    throw new InputError(`--history ${history} at --step ${step} is over 200,000 samples a series; give a coarser --step`);
  }

  const client = PrometheusClient.create(values.prometheus!, timeout);
  const progress = new ProgressBar(io, 'fetching history');
  const start = new Date((now - history.toSeconds()) * 1000);
  const series = await client.queryRange(query, start, new Date(now * 1000), step, { onProgress: (d) => progress.update(d) });
  progress.done();
  const withData = series.filter((s) => s.samples.some(([, v]) => Number.isFinite(v)));
  if (withData.length === 0) {
    throw new InputError(
      `the query returned no samples from ${start.toISOString()} to ${new Date(now * 1000).toISOString()}: check the metric name and labels, and that Prometheus keeps ${history.toHumanString()} of history: ${query}`,
    );
  }
  if (!values['allow-over']) {
    for (const s of withData) {
      const finite = s.samples.filter(([, v]) => Number.isFinite(v));
      const current = finite[finite.length - 1][1];
      if (current >= capacity) {
        throw new InputError(
          `${describeLabels(s.labels)} is at ${current}, already at or above --capacity ${capacity}: give the real capacity, or --allow-over to forecast an overloaded resource`,
        );
      }
    }
  }
  const forecasts: SeriesForecast[] = withData.map((s) => {
    try {
      return forecastSeries(s.labels, s.samples, { horizon, step, capacity, headroom, now });
    } catch (e) {
      if (e instanceof ForecastError) throw new InputError(e.message);
      throw e;
    }
  });
  const run: ForecastRun = { query, prometheus: client.url, history, step, horizon, capacity, headroom, now, series: forecasts };
  if (values.out !== undefined) {
    const bundle = new ReportBundle(values.out);
    writeReport(io, bundle.files(forecastMarkdown(run, bundle)));
  }
  io.stdout(values.json ? `${JSON.stringify(forecastJson(run), null, 2)}\n` : forecastText(run));
  return EXIT.ok;
}

function parseCapacity(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new InputError(`--capacity ${JSON.stringify(text)} is not a number: give what the resource can hold, in the query's unit, e.g. 64 (cores)`);
  if (n <= 0) throw new InputError(`--capacity ${text} is not above zero: give what the resource can hold, in the query's unit`);
  return n;
}

function parseMargin(text: string): Headroom {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  const percent = match ? Number(match[1]) : Number.NaN;
  if (!match || percent > 100) throw new UsageError(`--margin ${JSON.stringify(text)} is not a percentage from 0% to 100%, such as 20%`);
  return Headroom.percent(percent);
}

