import type { SpecPath } from '../common/errors';

/**
 * Anything that states a capacity headroom. A capacity plan's definition offers its safety margin this way,
 * so `headroom: plan` and `headroom: 20` read the same.
 */
export interface HeadroomSource {
  /**
   * The margin as a percentage of the expected peak: capacity is provisioned at (100 + headroom)% of it, as the
   * seed's capacity plan adds 20% (`capacity_needed = forecast * 1.2`).
   */
  readonly headroomPercent: number;
  /**
   * Where the figure comes from, shown in messages and annotations (e.g. "capacity plan user-authentication").
   * @default - not named
   */
  readonly headroomSource?: string;
}

/** A checked headroom. */
export interface HeadroomDefinition {
  /** Percentage above the expected peak. */
  readonly percent: number;
  /** Where it comes from. */
  readonly source: string;
  /** The share of a pod's capacity the autoscaler targets: 1 / (1 + percent / 100). */
  readonly targetShare: number;
}

/** The seed's capacity-planning safety margin. */
export const DEFAULT_HEADROOM_PERCENT = 20;

/** Checks a headroom given as a percentage or by a {@link HeadroomSource}. */
export function defineHeadroom(at: SpecPath, field: string, value: number | HeadroomSource | undefined): HeadroomDefinition {
  const fromSource = value !== null && typeof value === 'object';
  const percent = value === undefined ? DEFAULT_HEADROOM_PERCENT : fromSource ? (value as HeadroomSource).headroomPercent : value;
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 400) {
    return at.fail(field, value, 'is not a headroom percentage from 0 to 400', 'Give the margin above the expected peak in percent, e.g. 20 for 20%, or a capacity plan that states one.');
  }
  const source = value === undefined ? 'the default 20% margin' : fromSource ? ((value as HeadroomSource).headroomSource ?? `${percent}% headroom`) : `${percent}% headroom`;
  return { percent, source, targetShare: 1 / (1 + percent / 100) };
}
