import { Matrix, QrDecomposition, inverse } from 'ml-matrix';

/**
 * The forecast model of `sre-constructs forecast`: a Prophet-style regression, fitted by least squares.
 *
 *   y(t) = a + b·t + Σ seasonal Fourier terms (daily, weekly, monthly cycles) + noise
 *
 * Each seasonality of period P with K harmonics adds the columns sin(2πkt/P) and cos(2πkt/P), k = 1..K.
 * The trend is a straight line. The fit is a QR least-squares solve (ml-matrix).
 *
 * The upper band is a prediction interval with three parts:
 * - the residuals' spread (what the model does not explain, at any time);
 * - the uncertainty of the fitted coefficients, which grows with the distance from the history. Samples of a
 *   metric are not independent (lag-1 autocorrelation ρ of the residuals is often above 0.9 at a 5-minute
 *   step), so the coefficients' variance is inflated by (1 + ρ) / (1 − ρ), the AR(1) effective-sample-size
 *   correction; otherwise the band would claim the trend is known far better than it is;
 * - trend drift: the slope of the deseasonalised series is measured on each quarter of the history, and the
 *   spread of those slopes, times the time ahead, is how far the trend may wander (the same idea as Prophet's
 *   future changepoints drawn at the history's rate). This is what widens the band with the horizon.
 *
 * @see https://peerj.com/preprints/3190/ (Taylor and Letham, "Forecasting at scale", the Prophet model)
 */

/** A seasonal cycle of the model. */
export interface Seasonality {
  /** Name: "daily", "weekly" or "monthly". */
  readonly name: string;
  /** Period in days. */
  readonly periodDays: number;
  /** Fourier harmonics fitted. */
  readonly harmonics: number;
}

/** The cycles the model knows, with Prophet's default harmonics (its monthly suggestion for the month). */
export const SEASONALITIES: readonly Seasonality[] = [
  { name: 'daily', periodDays: 1, harmonics: 4 },
  { name: 'weekly', periodDays: 7, harmonics: 3 },
  // The mean Gregorian month: 365.2425 / 12 days.
  { name: 'monthly', periodDays: 30.436875, harmonics: 5 },
];

/** Two-sided coverage of the prediction interval (Prophet's default); the upper band is its upper edge, the 90th percentile. */
export const INTERVAL_COVERAGE = 0.8;
/** Standard normal quantile of the band's upper edge: Φ⁻¹(0.9). */
const Z_UPPER = 1.2815515655446004;
const DAY = 86400;

/** Which cycles a history supports, and why the others are left out. */
export interface SeasonalityChoice {
  /** The cycles to fit. */
  readonly seasonalities: readonly Seasonality[];
  /** One sentence for each cycle left out. */
  readonly notes: readonly string[];
}

/**
 * The cycles a history of `spanSeconds` sampled every `stepSeconds` can support: a cycle needs two full periods
 * of history (one period cannot tell a cycle from a trend) and at least four samples per period; harmonics are
 * capped so that none is faster than half the sampling rate.
 */
export function chooseSeasonalities(spanSeconds: number, stepSeconds: number): SeasonalityChoice {
  const seasonalities: Seasonality[] = [];
  const notes: string[] = [];
  const days = spanSeconds / DAY;
  for (const s of SEASONALITIES) {
    const period = s.periodDays * DAY;
    if (spanSeconds < 2 * period) {
      notes.push(`${s.name} seasonality left out: it needs two cycles (${round1(2 * s.periodDays)} days) of history, and there are ${round1(days)} days`);
      continue;
    }
    if (stepSeconds > period / 4) {
      notes.push(`${s.name} seasonality left out: a step of ${round1(stepSeconds / 3600)} hours gives fewer than four samples a cycle`);
      continue;
    }
    seasonalities.push({ ...s, harmonics: Math.min(s.harmonics, Math.floor(period / (2 * stepSeconds))) });
  }
  return { seasonalities, notes };
}

/** What the model says about one time. */
export interface Prediction {
  /** Time, seconds since the epoch. */
  readonly time: number;
  /** Expected value. */
  readonly mean: number;
  /** Lower edge of the 80% interval (10th percentile). */
  readonly lower: number;
  /** Upper edge of the 80% interval (90th percentile): the upper band. */
  readonly upper: number;
}

/** A fitted trend and seasonality model. */
export class SeasonalTrendModel {
  /**
   * Fits the model to `points` ([seconds, value], any order; non-finite values are skipped).
   *
   * @throws Error when there are fewer points than three per coefficient.
   */
  public static fit(points: ReadonlyArray<readonly [number, number]>, seasonalities: readonly Seasonality[]): SeasonalTrendModel {
    const data = points.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
    const columns = 2 + seasonalities.reduce((n, s) => n + 2 * s.harmonics, 0);
    if (data.length < 3 * columns) {
      throw new Error(`${data.length} samples are too few to fit ${columns} coefficients (at least ${3 * columns} are needed)`);
    }
    const start = data[0][0];
    const end = data[data.length - 1][0];
    const centre = (start + end) / 2;
    const halfSpan = Math.max(1, (end - start) / 2);
    const design = new DesignRow(seasonalities, centre, halfSpan);
    const x = new Matrix(data.length, columns);
    const y = Matrix.columnVector(data.map(([, v]) => v));
    data.forEach(([t], i) => x.setRow(i, design.row(t)));
    const qr = new QrDecomposition(x);
    if (!qr.isFullRank()) throw new Error('the samples cannot tell the trend from the cycles apart (the design is rank-deficient)');
    const beta = qr.solve(y).getColumn(0);
    const residuals = data.map(([t, v]) => v - dot(design.row(t), beta));
    const sse = residuals.reduce((s, e) => s + e * e, 0);
    const variance = sse / Math.max(1, data.length - columns);
    let lagged = 0;
    for (let i = 1; i < residuals.length; i++) lagged += residuals[i] * residuals[i - 1];
    const rho = sse > 0 ? Math.min(0.99, Math.max(0, lagged / sse)) : 0;
    const rinv = inverse(qr.upperTriangularMatrix);
    // (XᵀX)⁻¹ = R⁻¹ R⁻ᵀ.
    const unscaled = rinv.mmul(rinv.transpose()).to2DArray();
    const trendOnly = data.map(([t], i) => [t, beta[0] + beta[1] * design.row(t)[1] + residuals[i]] as const);
    return new SeasonalTrendModel(design, beta, variance, rho, unscaled, slopeDrift(trendOnly), data.length, start, end);
  }

  private constructor(
    private readonly design: DesignRow,
    /** Fitted coefficients: intercept, trend, then sin/cos pairs per cycle and harmonic. */
    public readonly coefficients: readonly number[],
    /** Variance of the residuals. */
    public readonly residualVariance: number,
    /** Lag-1 autocorrelation of the residuals (clamped to 0..0.99). */
    public readonly autocorrelation: number,
    private readonly unscaledCovariance: readonly (readonly number[])[],
    /** Standard deviation of the trend's slope across the quarters of the history, in unit per second. */
    public readonly slopeDrift: number,
    /** Samples fitted. */
    public readonly samples: number,
    /** First sample time. */
    public readonly start: number,
    /** Last sample time. */
    public readonly end: number,
  ) {}

  /** The cycles fitted. */
  public get seasonalities(): readonly Seasonality[] {
    return this.design.seasonalities;
  }

  /** Slope of the trend, in the series' unit per day. */
  public get trendPerDay(): number {
    return (this.coefficients[1] / this.design.halfSpan) * DAY;
  }

  /** Standard deviation of the residuals. */
  public get residualStd(): number {
    return Math.sqrt(this.residualVariance);
  }

  /** How much the coefficients' variance is inflated for autocorrelated samples: (1 + ρ) / (1 − ρ). */
  public get varianceInflation(): number {
    return (1 + this.autocorrelation) / (1 - this.autocorrelation);
  }

  /** Expected value and 80% interval at a time (seconds since the epoch). */
  public predict(time: number): Prediction {
    const row = this.design.row(time);
    const mean = dot(row, this.coefficients);
    let leverage = 0;
    for (let i = 0; i < row.length; i++) {
      let s = 0;
      for (let j = 0; j < row.length; j++) s += this.unscaledCovariance[i][j] * row[j];
      leverage += row[i] * s;
    }
    const ahead = Math.max(0, time - this.end);
    const sd = Math.sqrt(this.residualVariance * (1 + this.varianceInflation * leverage) + (this.slopeDrift * ahead) ** 2);
    return { time, mean, lower: mean - Z_UPPER * sd, upper: mean + Z_UPPER * sd };
  }
}

/** The model's own error on the last part of its history. */
export interface HoldoutError {
  /** Mean absolute percentage error of the expected value on the held-out part (zeros skipped); null when every held-out value is 0. */
  readonly mape: number | null;
  /** Share of held-out samples at or below the upper band (about 0.9 when the band is honest). */
  readonly coverage: number;
  /** Days held out. */
  readonly holdoutDays: number;
  /** Days the check fit was trained on. */
  readonly trainingDays: number;
}

/**
 * Fits the same cycles on the first part of the history and scores the forecast on the rest (`share` of the
 * span, 20% by default), so a user knows how far to trust the model. Cycles the shorter training part cannot
 * support (fewer than one full period) are left out of the check fit.
 */
export function holdoutError(points: ReadonlyArray<readonly [number, number]>, seasonalities: readonly Seasonality[], share = 0.2): HoldoutError {
  const data = points.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v)).sort((a, b) => a[0] - b[0]);
  const start = data[0][0];
  const end = data[data.length - 1][0];
  const cut = end - (end - start) * share;
  const training = data.filter(([t]) => t <= cut);
  const held = data.filter(([t]) => t > cut);
  const trainingSpan = cut - start;
  const model = SeasonalTrendModel.fit(
    training,
    seasonalities.filter((s) => s.periodDays * DAY <= trainingSpan),
  );
  let errors = 0;
  let counted = 0;
  let covered = 0;
  for (const [t, v] of held) {
    const p = model.predict(t);
    if (v <= p.upper) covered++;
    if (v !== 0) {
      errors += Math.abs((v - p.mean) / v);
      counted++;
    }
  }
  return {
    mape: counted > 0 ? errors / counted : null,
    coverage: held.length > 0 ? covered / held.length : 1,
    holdoutDays: (end - cut) / DAY,
    trainingDays: trainingSpan / DAY,
  };
}

/**
 * Standard deviation of the least-squares slopes of four consecutive quarters of a series (0 when a quarter has
 * fewer than two points or spans less than a day).
 */
function slopeDrift(series: ReadonlyArray<readonly [number, number]>): number {
  const quarters = 4;
  const start = series[0][0];
  const span = series[series.length - 1][0] - start;
  if (span / quarters < DAY) return 0;
  const slopes: number[] = [];
  for (let q = 0; q < quarters; q++) {
    const from = start + (span * q) / quarters;
    const to = start + (span * (q + 1)) / quarters;
    const part = series.filter(([t]) => t >= from && (q === quarters - 1 ? t <= to : t < to));
    if (part.length < 2) return 0;
    const mt = part.reduce((s, [t]) => s + t, 0) / part.length;
    const mv = part.reduce((s, [, v]) => s + v, 0) / part.length;
    let sxy = 0;
    let sxx = 0;
    for (const [t, v] of part) {
      sxy += (t - mt) * (v - mv);
      sxx += (t - mt) ** 2;
    }
    slopes.push(sxx > 0 ? sxy / sxx : 0);
  }
  const mean = slopes.reduce((a, b) => a + b, 0) / quarters;
  return Math.sqrt(slopes.reduce((s, v) => s + (v - mean) ** 2, 0) / (quarters - 1));
}

/** Builds a row of the design matrix for a time. */
class DesignRow {
  constructor(
    readonly seasonalities: readonly Seasonality[],
    readonly centre: number,
    readonly halfSpan: number,
  ) {}

  row(time: number): number[] {
    // The trend column runs from -1 to 1 over the history, so it is on the scale of the Fourier columns.
    const out = [1, (time - this.centre) / this.halfSpan];
    const days = time / DAY;
    for (const s of this.seasonalities) {
      for (let k = 1; k <= s.harmonics; k++) {
        const angle = (2 * Math.PI * k * days) / s.periodDays;
        out.push(Math.sin(angle), Math.cos(angle));
      }
    }
    return out;
  }
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
