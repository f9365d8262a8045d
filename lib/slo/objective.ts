import type { SpecPath } from '../common/errors';

/** Significant digits kept when turning percentages into ratios: `1 - 0.9995` is `0.0005`, not `0.0004999999999999449`. */
const PRECISION = 12;

/** Rounds away binary floating-point noise so rendered numbers read as the user wrote them. */
export function tidy(n: number): number {
  return Number(n.toPrecision(PRECISION));
}

/**
 * The share of good events an SLO promises, e.g. 99.95%.
 *
 * Validity (strictly between 0 and 100%) is checked where the objective is used, so the error can
 * name the SLO.
 *
 * @example
 * Objective.percent(99.95).errorBudget; // 0.0005
 */
export class Objective {
  /** @param percent the promised share of good events in percent, strictly between 0 and 100 (99.95 for "three and a half nines"). */
  public static percent(percent: number): Objective {
    return new Objective(percent);
  }

  /** @param ratio the promised share of good events as a ratio, strictly between 0 and 1 (0.9995). */
  public static ratio(ratio: number): Objective {
    return new Objective(tidy(ratio * 100));
  }

  private constructor(
    /** The objective in percent (99.95). */
    public readonly percent: number,
  ) {}

  /** The objective as a ratio (0.9995). */
  public get ratio(): number {
    return tidy(this.percent / 100);
  }

  /** The error budget as a ratio: the share of events allowed to fail (0.0005 for 99.95%). */
  public get errorBudget(): number {
    return tidy((100 - this.percent) / 100);
  }

  /** "99.95%". */
  public toString(): string {
    return `${Number.isFinite(this.percent) ? tidy(this.percent) : this.percent}%`;
  }
}

/** Checks an objective: an `Objective` strictly between 0% and 100%. */
export function requireObjective(at: SpecPath, field: string, value: unknown): Objective {
  if (!(value instanceof Objective)) {
    return at.fail(field, value, 'is not an Objective', 'Use Objective.percent(99.9) or Objective.ratio(0.999).');
  }
  const p = value.percent;
  if (typeof p !== 'number' || Number.isNaN(p) || !Number.isFinite(p)) {
    return at.fail(field, value, 'is not a number', 'Give a percentage strictly between 0 and 100, e.g. Objective.percent(99.9).');
  }
  if (p > 100) {
    // 9990% is a ratio (99.9) given to Objective.ratio(); say so.
    const hint = p >= 1000 && p < 10000 ? `; did you mean Objective.percent(${tidy(p / 100)})?` : ', e.g. 99.9 (Objective.percent(99.9)).';
    return at.fail(field, value, 'is above 100%', `Give a percentage strictly between 0 and 100${hint}`);
  }
  if (p === 100) {
    return at.fail(field, value, 'leaves no error budget (an SLO of 100% can never be met and makes every error an emergency)', 'Give a percentage strictly between 0 and 100, e.g. Objective.percent(99.9).');
  }
  if (p <= 0) {
    return at.fail(field, value, 'promises nothing', 'Give a percentage strictly between 0 and 100, e.g. Objective.percent(99.9).');
  }
  if (p < 1 && p > 0) {
    // 0.999% is almost certainly Objective.percent(0.999) written for a ratio; it is legal but say so loudly.
    return at.fail(field, value, 'looks like a ratio written as a percentage', `Write Objective.ratio(${p}) or Objective.percent(${tidy(p * 100)}); objectives below 1% are not supported.`);
  }
  return value;
}
