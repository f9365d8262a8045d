import type { Duration } from '../common/duration';
import { formatCompact, formatDate, formatPercent } from '../reports/format';
import { HoldoutError, INTERVAL_COVERAGE, Prediction, SeasonalTrendModel, Seasonality, chooseSeasonalities, holdoutError } from './forecast-model';
import type { Headroom } from './headroom';

/** What a forecast is asked. */
export interface ForecastSettings {
  /** How far ahead to forecast. */
  readonly horizon: Duration;
  /** Spacing of the history's samples and of the forecast. */
  readonly step: Duration;
  /** The capacity the series is measured against, in its unit. */
  readonly capacity: number;
  /** Safety margin: the upper band × (1 + margin) must fit within capacity. */
  readonly headroom: Headroom;
  /** The end of the history ("now"), seconds since the epoch. */
  readonly now: number;
}

/** The forecast of one series. */
export interface SeriesForecast {
  /** The series' labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The last value of the history. */
  readonly current: number;
  /** Time of that value. */
  readonly currentTime: number;
  /**
   * The upper band plus the margin at 30, 60 and 90 days: the peak over the week that ends there, so the figure
   * does not depend on the weekday it lands on. null beyond the horizon.
   */
  readonly forecast: { readonly '30d': number | null; readonly '60d': number | null; readonly '90d': number | null };
  /** The peak of the upper band plus the margin over the next 90 days: the capacity that carries the service through them. null when the horizon is shorter. */
  readonly capacityNeeded90d: number | null;
  /** Peak of the upper band plus the margin over the whole horizon. */
  readonly capacityNeededHorizon: number;
  /** Whole days until the upper band plus the margin reaches capacity (0: already); null when it does not within the horizon. */
  readonly runwayDays: number | null;
  /** Date of that crossing (YYYY-MM-DD, UTC), or null. */
  readonly runwayDate: string | null;
  /** Time of that crossing, seconds since the epoch, or null. */
  readonly runwayTime: number | null;
  /** "capacity" when usage is already above capacity, "margin" when above capacity ÷ (1 + margin), else false. */
  readonly over: 'capacity' | 'margin' | false;
  /** What to do, in plain words. */
  readonly recommendation: string;
  /** The model. */
  readonly model: SeriesModelSummary;
  /** The history, for charts. */
  readonly history: ReadonlyArray<readonly [number, number]>;
  /** The forecast at every step of the horizon. */
  readonly predictions: readonly Prediction[];
}

/** How one series was modelled and how well. */
export interface SeriesModelSummary {
  /** Cycles fitted. */
  readonly seasonalities: readonly string[];
  /** Why cycles were left out. */
  readonly notes: readonly string[];
  /** Trend, in the series' unit per day. */
  readonly trendPerDay: number;
  /** Standard deviation of the residuals. */
  readonly residualStd: number;
  /** Held-out error. */
  readonly holdout: HoldoutError;
  /** Days of history fitted. */
  readonly historyDays: number;
}

const DAY = 86400;

/** Why a series cannot be forecast as asked: the message is one sentence for the user. */
export class ForecastError extends Error {}

/**
 * Fits the model to one series' history and reads the capacity questions off it: current usage, the upper band
 * plus margin at 30/60/90 days, the capacity needed for 90 days, the runway, and a recommendation.
 *
 * @throws ForecastError when the history is shorter than the horizon, or has too few samples.
 */
export function forecastSeries(labels: Readonly<Record<string, string>>, samples: ReadonlyArray<readonly [number, number]>, settings: ForecastSettings): SeriesForecast {
  const history = samples.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  const name = describeLabels(labels);
  if (history.length === 0) throw new ForecastError(`${name} has no numeric samples in the history`);
  const first = history[0][0];
  const [lastTime, current] = history[history.length - 1];
  const span = lastTime - first;
  const horizon = settings.horizon.toSeconds();
  if (horizon > span) {
    throw new ForecastError(
      `${name} has ${round1(span / DAY)} days of history, less than the ${settings.horizon.toHumanString()} horizon: ` +
        'a forecast reaches at most as far ahead as the history it learns from; give a longer --history or a shorter --horizon',
    );
  }
  const step = settings.step.toSeconds();
  const choice = chooseSeasonalities(span, step);
  let model: SeasonalTrendModel;
  let holdout: HoldoutError;
  try {
    model = SeasonalTrendModel.fit(history, choice.seasonalities);
    holdout = holdoutError(history, choice.seasonalities);
  } catch (e) {
    throw new ForecastError(`${name}: ${(e as Error).message}; give a longer --history or a shorter --step`);
  }
  const predictions: Prediction[] = [];
  for (let t = settings.now + step; t <= settings.now + horizon + 1e-6; t += step) predictions.push(model.predict(t));

  const m = settings.headroom.multiplier;
  const capacity = settings.capacity;
  const needed = (p: Prediction) => p.upper * m;
  const peakBetween = (fromDays: number, toDays: number): number | null => {
    if (toDays * DAY > horizon + 1e-6) return null;
    const within = predictions.filter((p) => p.time > settings.now + fromDays * DAY && p.time <= settings.now + toDays * DAY + 1e-6);
    return within.length > 0 ? within.reduce((peak, p) => Math.max(peak, needed(p)), Number.NEGATIVE_INFINITY) : null;
  };
  const over: SeriesForecast['over'] = current >= capacity ? 'capacity' : current * m >= capacity ? 'margin' : false;
  const crossing = over ? undefined : predictions.find((p) => needed(p) >= capacity);
  const runwayDays = over ? 0 : crossing ? Math.floor((crossing.time - settings.now) / DAY) : null;
  const runwayTime = over ? settings.now : crossing ? crossing.time : null;
  const runwayDate = runwayTime === null ? null : formatDate(runwayTime);
  const capacityNeededHorizon = predictions.reduce((peak, p) => Math.max(peak, needed(p)), current * m);
  const forecast = { '30d': peakBetween(23, 30), '60d': peakBetween(53, 60), '90d': peakBetween(83, 90) };
  const capacityNeeded90d = peakBetween(0, 90);
  const summary: SeriesModelSummary = {
    seasonalities: model.seasonalities.map((s: Seasonality) => s.name),
    notes: choice.notes,
    trendPerDay: model.trendPerDay,
    residualStd: model.residualStd,
    holdout,
    historyDays: span / DAY,
  };
  const recommendation = recommend({ current, capacity, settings, over, runwayDays, runwayDate, need: capacityNeeded90d ?? capacityNeededHorizon, trendPerDay: model.trendPerDay });
  return {
    labels,
    current,
    currentTime: lastTime,
    forecast,
    capacityNeeded90d,
    capacityNeededHorizon,
    runwayDays,
    runwayDate,
    runwayTime,
    over,
    recommendation,
    model: summary,
    history,
    predictions,
  };
}

function recommend(f: {
  current: number;
  capacity: number;
  settings: ForecastSettings;
  over: SeriesForecast['over'];
  runwayDays: number | null;
  runwayDate: string | null;
  need: number;
  trendPerDay: number;
}): string {
  const n = (v: number) => formatCompact(v);
  const margin = `the ${f.settings.headroom} margin`;
  const period = f.settings.horizon.toSeconds() >= 90 * DAY ? 'the next 90 days' : `the next ${f.settings.horizon.toHumanString()}`;
  const raise = `raise it to at least ${n(f.need)} to cover ${period} with ${margin}`;
  if (f.over === 'capacity') return `Usage (${n(f.current)}) is already above the capacity (${n(f.capacity)}): add capacity now; ${raise}.`;
  if (f.over === 'margin') {
    return `Usage (${n(f.current)}) is above the capacity minus ${margin} (${n(f.capacity / f.settings.headroom.multiplier)}): the margin is gone; ${raise}.`;
  }
  if (f.runwayDays !== null && f.runwayDays <= 30) {
    return `Act within ${f.runwayDays} days: the forecast's upper band plus ${margin} reaches the capacity (${n(f.capacity)}) on ${f.runwayDate}; ${raise}.`;
  }
  if (f.runwayDays !== null) {
    return `Plan for it: the forecast's upper band plus ${margin} reaches the capacity (${n(f.capacity)}) in ${f.runwayDays} days, on ${f.runwayDate}; ${raise} before then.`;
  }
  const share = f.need / f.capacity;
  const trend = f.trendPerDay > 0 ? 'growing' : f.trendPerDay < 0 ? 'shrinking' : 'flat';
  if (share < 0.5) {
    return `No action needed: usage is ${trend}, and the peak need over ${period} with ${margin} is ${n(f.need)}, ${formatPercent(share)} of the capacity; there is room to scale down.`;
  }
  return `No action needed: usage is ${trend}, and the peak need over ${period} with ${margin} is ${n(f.need)}, ${formatPercent(share)} of the capacity.`;
}

/** A series as Prometheus writes it: `node_cpu{job="api"}`, `{job="api"}`, or "the series" when it has no labels. */
export function describeLabels(labels: Readonly<Record<string, string>>): string {
  const name = labels.__name__ ?? '';
  const keys = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort();
  if (keys.length === 0) return name || 'the series';
  return `${name}{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The model as the report and `--json` describe it. */
export const FORECAST_METHOD = {
  name: 'seasonal-trend-regression',
  description:
    'Linear trend plus Fourier terms for daily, weekly and monthly cycles, fitted by least squares; ' +
    `the upper band is the upper edge of an ${INTERVAL_COVERAGE * 100}% prediction interval (residual spread, coefficient uncertainty inflated for autocorrelation, trend drift)`,
  interval: INTERVAL_COVERAGE,
} as const;
