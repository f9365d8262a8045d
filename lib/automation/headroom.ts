import { Headroom } from '../capacity/headroom';
import type { SpecPath } from '../common/errors';

/**
 * A capacity plan as an autoscaler reads it: the service it plans for and its safety margin.
 * `CapacityPlanDefinition` is one.
 */
export interface CapacityPlanHeadroom {
  /** The service the plan is for. */
  readonly service: string;
  /** The plan's safety margin. */
  readonly headroom: Headroom;
}

/**
 * Where an Autoscaling takes its headroom from: a percentage (`20`), a {@link Headroom}
 * (`Headroom.percent(20)`), or the capacity plan that states it (a `CapacityPlanDefinition`, or the
 * `CapacityPlan` construct or component of either door, through its `definition`), so the autoscaler and
 * the plan's alerts keep one margin.
 */
export type HeadroomSource = number | Headroom | CapacityPlanHeadroom | { readonly definition: CapacityPlanHeadroom };

/** A checked headroom. */
export interface HeadroomDefinition {
  /** The margin. */
  readonly headroom: Headroom;
  /** Percentage above the expected peak. */
  readonly percent: number;
  /** Where it comes from, for messages ("the 20% headroom of capacity plan user-authentication"). */
  readonly source: string;
  /**
   * The share of a pod's capacity the autoscaler targets: the margin's `usableShare`, 1 / (1 + percent / 100).
   * The capacity plan reads the margin the same way (demand × (1 + percent / 100) must fit), so a service the
   * HPA holds at its target sits exactly at the plan's headroom line.
   */
  readonly targetShare: number;
}

/** The seed's capacity-planning safety margin. */
export const DEFAULT_HEADROOM_PERCENT = 20;

/** The most headroom an autoscaler accepts: 400% targets a fifth of a pod's capacity. */
const MAX_PERCENT = 400;

/** Checks a headroom given as a percentage, a {@link Headroom} or a capacity plan. */
export function defineHeadroom(at: SpecPath, field: string, value: HeadroomSource | undefined): HeadroomDefinition {
  const plan = planOf(value);
  const headroom = value === undefined ? Headroom.percent(DEFAULT_HEADROOM_PERCENT) : typeof value === 'number' ? Headroom.percent(value) : value instanceof Headroom ? value : plan?.headroom;
  const percent = headroom instanceof Headroom ? headroom.percent : undefined;
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > MAX_PERCENT) {
    return at.fail(
      field,
      value,
      `is not a headroom from 0 to ${MAX_PERCENT}%`,
      'Give the margin above the expected peak in percent (20 for 20%), Headroom.percent(20), or a capacity plan (its definition or construct) that states one.',
    );
  }
  const h = headroom as Headroom;
  const source = value === undefined ? `the default ${h} headroom` : plan ? `the ${h} headroom of capacity plan ${plan.service}` : `${h} headroom`;
  return { headroom: h, percent: h.percent, source, targetShare: h.usableShare };
}

function planOf(value: HeadroomSource | undefined): CapacityPlanHeadroom | undefined {
  if (value === null || typeof value !== 'object' || value instanceof Headroom) return undefined;
  const holder = 'definition' in value ? value.definition : value;
  return holder !== null && typeof holder === 'object' && 'headroom' in holder ? holder : undefined;
}

/** `value × share` rounded down, forgiving the last bit of binary floating point (100 × 0.57 is 56.99999999999999). */
export function floorShare(value: number, share: number, decimals = 0): number {
  const scale = 10 ** decimals;
  return Math.floor(value * share * scale + 1e-9) / scale;
}
