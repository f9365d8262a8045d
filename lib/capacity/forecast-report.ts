import type { Duration } from '../common/duration';
import { mdCode, mdDocument, mdHeading, mdList, mdTable, mdText } from '../common/markdown';
import { formatCompact, formatDateTime, formatPercent, formatSignificant } from '../reports/format';
import type { ReportBundle } from '../reports/report-files';
import { timeChartSvg } from '../reports/svg-chart';
import { FORECAST_METHOD, SeriesForecast, describeLabels } from './forecast';
import type { Headroom } from './headroom';

/** What a forecast run was asked, for the report's header and the JSON. */
export interface ForecastRun {
  /** The PromQL query. */
  readonly query: string;
  /** Prometheus URL. */
  readonly prometheus: string;
  /** History fetched. */
  readonly history: Duration;
  /** Step. */
  readonly step: Duration;
  /** Horizon. */
  readonly horizon: Duration;
  /** Capacity. */
  readonly capacity: number;
  /** Margin. */
  readonly headroom: Headroom;
  /** End of the history, seconds since the epoch. */
  readonly now: number;
  /** One forecast per series, in the order Prometheus returned them (sorted by labels). */
  readonly series: readonly SeriesForecast[];
}

/** Charts drawn in a report at most; the table lists every series. */
export const MAX_CHARTS = 12;

function rounded(n: number | null): number | null {
  return n === null ? null : Number(formatSignificant(n, 6));
}

/** The `--json` document: `{ series: [...], model: {...} }`. */
export function forecastJson(run: ForecastRun): object {
  const mapes = run.series.map((s) => s.model.holdout.mape).filter((m): m is number => m !== null);
  const first = run.series[0];
  return {
    series: run.series.map((s) => ({
      labels: s.labels,
      current: rounded(s.current),
      forecast: { '30d': rounded(s.forecast['30d']), '60d': rounded(s.forecast['60d']), '90d': rounded(s.forecast['90d']) },
      capacityNeeded90d: rounded(s.capacityNeeded90d),
      runwayDays: s.runwayDays,
      runwayDate: s.runwayDate,
      over: s.over,
      recommendation: s.recommendation,
      model: {
        seasonalities: s.model.seasonalities,
        notes: s.model.notes,
        trendPerDay: rounded(s.model.trendPerDay),
        residualStd: rounded(s.model.residualStd),
        historyDays: rounded(s.model.historyDays),
        mape: rounded(s.model.holdout.mape),
        holdoutDays: rounded(s.model.holdout.holdoutDays),
        holdoutCoverage: rounded(s.model.holdout.coverage),
      },
    })),
    query: run.query,
    capacity: run.capacity,
    margin: run.headroom.ratio,
    horizonDays: run.horizon.toDays(),
    historyDays: run.history.toDays(),
    stepSeconds: run.step.toSeconds(),
    end: new Date(run.now * 1000).toISOString(),
    model: {
      method: FORECAST_METHOD.name,
      description: FORECAST_METHOD.description,
      interval: FORECAST_METHOD.interval,
      seasonalities: first?.model.seasonalities ?? [],
      notes: first?.model.notes ?? [],
      // The worst series: how far the least predictable one can be trusted.
      mape: mapes.length > 0 ? rounded(Math.max(...mapes)) : null,
      holdoutShare: 0.2,
    },
  };
}

/** A few lines per series for the terminal. */
export function forecastText(run: ForecastRun): string {
  const lines: string[] = [];
  for (const s of run.series) {
    const f = (v: number | null) => (v === null ? 'n/a' : formatCompact(v));
    lines.push(`${describeLabels(s.labels)}: now ${formatCompact(s.current)} of ${formatCompact(run.capacity)} (${formatPercent(s.current / run.capacity)})`);
    lines.push(`  upper band + ${run.headroom} margin: 30d ${f(s.forecast['30d'])}, 60d ${f(s.forecast['60d'])}, 90d ${f(s.forecast['90d'])}; runway ${runwayText(s)}`);
    lines.push(`  ${s.recommendation}`);
    lines.push(`  model: ${modelText(s)}`);
  }
  return `${lines.join('\n')}\n`;
}

function runwayText(s: SeriesForecast): string {
  if (s.runwayDays === null) return 'beyond the horizon';
  if (s.over) return 'none left';
  return `${s.runwayDays} days (${s.runwayDate})`;
}

function modelText(s: SeriesForecast): string {
  const m = s.model;
  const cycles = m.seasonalities.length > 0 ? `${m.seasonalities.join(', ')} cycles` : 'no cycles';
  const mape = m.holdout.mape === null ? 'no held-out error (all zero)' : `held-out MAPE ${formatPercent(m.holdout.mape)} over the last ${formatSignificant(m.holdout.holdoutDays, 3)} days`;
  return `trend ${m.trendPerDay >= 0 ? '+' : ''}${formatCompact(m.trendPerDay)} a day; ${cycles}; ${mape}`;
}

/** The Markdown report, with one chart per series (up to {@link MAX_CHARTS}) added to `bundle`. */
export function forecastMarkdown(run: ForecastRun, bundle: ReportBundle): string {
  const usable = run.capacity / run.headroom.multiplier;
  const f = (v: number | null) => (v === null ? 'n/a' : formatCompact(v));
  const ordered = [...run.series].sort((a, b) => (a.runwayDays ?? Infinity) - (b.runwayDays ?? Infinity));
  const blocks: string[] = [
    mdHeading(1, 'Capacity forecast'),
    mdList([
      `Query: ${mdCode(run.query)}`,
      `Prometheus: ${mdCode(run.prometheus)}`,
      `History: ${mdText(run.history.toHumanString())} at a ${mdText(run.step.toHumanString())} step, to ${mdText(formatDateTime(run.now))}`,
      `Horizon: ${mdText(run.horizon.toHumanString())}; capacity ${mdText(formatCompact(run.capacity))}; safety margin ${mdText(String(run.headroom))} (the upper band × ${run.headroom.multiplier} must fit, so usage may reach ${mdText(formatCompact(usable))})`,
    ]),
    mdHeading(2, 'Summary'),
    mdTable(
      ['Series', 'Now', '30 days', '60 days', '90 days', 'Needed for 90 days', 'Runway', 'Held-out MAPE'],
      ordered.map((s) => [
        mdCode(describeLabels(s.labels)),
        mdText(`${formatCompact(s.current)} (${formatPercent(s.current / run.capacity)})`),
        mdText(f(s.forecast['30d'])),
        mdText(f(s.forecast['60d'])),
        mdText(f(s.forecast['90d'])),
        mdText(f(s.capacityNeeded90d)),
        mdText(runwayText(s)),
        mdText(s.model.holdout.mape === null ? 'n/a' : formatPercent(s.model.holdout.mape)),
      ]),
    ),
    mdText('30, 60 and 90 days: the peak of the upper band plus the margin in the week that ends there. Needed for 90 days: its peak over the whole 90 days.'),
  ];
  ordered.forEach((s, i) => {
    blocks.push(mdHeading(2, describeLabels(s.labels)), mdText(s.recommendation));
    if (i < MAX_CHARTS) {
      const svg = forecastChart(run, s);
      blocks.push(bundle.chart(`forecast-${i + 1}`, `History, forecast band, margin and capacity of ${describeLabels(s.labels)}`, svg));
    }
    blocks.push(
      mdList([
        mdText(`Model: ${modelText(s)}.`),
        ...s.model.notes.map((n) => mdText(`${n}.`)),
        mdText(
          `Held-out check: fitted on the first ${formatSignificant(s.model.holdout.trainingDays, 3)} days, ${formatPercent(s.model.holdout.coverage)} of the last ${formatSignificant(s.model.holdout.holdoutDays, 3)} days' samples lay below the upper band (about 90% is honest).`,
        ),
      ]),
    );
  });
  if (run.series.length > MAX_CHARTS) blocks.push(mdText(`Charts are drawn for the ${MAX_CHARTS} series with the shortest runway; the table lists all ${run.series.length}.`));
  blocks.push(
    mdHeading(2, 'How to read this'),
    mdList([
      mdText(`The model: ${FORECAST_METHOD.description}.`),
      mdText(`The upper band is the 90th percentile of what the model expects; plus the margin, it is what capacity must hold. The runway is the first day it reaches capacity.`),
      mdText('MAPE is the mean absolute percentage error of the model fitted without the last 20% of the history, on that last 20%: how far to trust the forecast.'),
    ]),
  );
  return mdDocument(blocks);
}

/** History, forecast, band, the margin line and the capacity line of one series. */
export function forecastChart(run: ForecastRun, s: SeriesForecast): string {
  const usable = run.capacity / run.headroom.multiplier;
  return timeChartSvg({
    title: `Forecast: ${describeLabels(s.labels)}`,
    lines: [
      { name: 'history', points: s.history, color: '#0072B2' },
      { name: 'forecast', points: s.predictions.map((p) => [p.time, p.mean] as const), color: '#009E73' },
    ],
    bands: [{ name: '80% interval', points: s.predictions.map((p) => [p.time, p.lower, p.upper] as const), color: '#56B4E9' }],
    references: [
      { name: `capacity ${formatCompact(run.capacity)}`, value: run.capacity, color: '#D55E00', dashed: false },
      { name: `capacity minus ${run.headroom} margin`, value: usable, color: '#E69F00' },
    ],
    markers: [
      { label: 'now', x: run.now },
      ...(s.runwayTime !== null && !s.over ? [{ label: `runway: ${s.runwayDate}`, x: s.runwayTime }] : []),
    ],
  });
}
