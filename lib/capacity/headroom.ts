import type { SpecPath } from '../common/errors';
import { tidy } from '../slo/objective';

/**
 * The safety margin a capacity plan keeps on top of the demand it expects, as a percentage (the seed's
 * `capacity_needed = yhat_upper * 1.2` is a 20% headroom).
 *
 * The margin multiplies demand: with 20%, demand × 1.2 must fit within capacity, so usage may reach
 * capacity ÷ 1.2 (83.3% of it) before the margin is used up. The same reading holds everywhere in this
 * library: the alerts, the capacity dashboard, `sre-constructs forecast` and anything that sizes from a
 * plan (an autoscaler's target utilisation is {@link usableShare}).
 *
 * @example
 * Headroom.percent(20).multiplier;  // 1.2
 * Headroom.percent(20).usableShare; // 0.833333333333
 */
export class Headroom {
  /** The seed's 20%. */
  public static readonly DEFAULT = new Headroom(20);

  /** @param percent margin in percent, from 0 to 100 (20 for the seed's safety margin). */
  public static percent(percent: number): Headroom {
    return new Headroom(percent);
  }

  private constructor(
    /** Margin in percent (20). */
    public readonly percent: number,
  ) {}

  /** Margin as a ratio (0.2). */
  public get ratio(): number {
    return tidy(this.percent / 100);
  }

  /** What demand is multiplied by before it is compared with capacity (1.2). */
  public get multiplier(): number {
    return tidy(1 + this.percent / 100);
  }

  /** Share of capacity usage may reach before the margin is used up: 1 ÷ multiplier (0.833333333333 for 20%). */
  public get usableShare(): number {
    return tidy(1 / this.multiplier);
  }

  /** "20%". */
  public toString(): string {
    return `${Number.isFinite(this.percent) ? tidy(this.percent) : this.percent}%`;
  }
}

/** Checks a headroom: a {@link Headroom} from 0% to 100%. */
export function requireHeadroom(at: SpecPath, field: string, value: unknown): Headroom {
  if (!(value instanceof Headroom)) {
    return at.fail(field, value, 'is not a Headroom', 'Use Headroom.percent(20).');
  }
  const p = value.percent;
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) {
    return at.fail(field, value, 'is not a percentage from 0 to 100', 'Give the safety margin in percent, e.g. Headroom.percent(20) for demand × 1.2.');
  }
  return value;
}
