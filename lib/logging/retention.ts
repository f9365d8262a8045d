import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';

/**
 * How long logs are kept in each tier. Each duration is the age at which its tier ends: with the seed's
 * hot 7d, warm 30d, cold 1y, a line is searchable for 7 days, kept in warm storage until it is 30 days old,
 * and archived until it is a year old, then deleted.
 */
export interface RetentionTiersProps {
  /** End of the hot tier (searchable, e.g. CloudWatch Logs or Loki). */
  readonly hot: Duration;
  /** End of the warm tier (cheaper storage that can still be queried). Longer than hot. */
  readonly warm: Duration;
  /** End of the cold tier (archive), when logs are deleted. Longer than warm. */
  readonly cold: Duration;
}

/** Checked retention tiers, in whole days. */
export interface RetentionTiersDefinition {
  /** Hot tier. */
  readonly hot: Duration;
  /** Warm tier. */
  readonly warm: Duration;
  /** Cold tier. */
  readonly cold: Duration;
}

/** Checks the tiers: whole days, hot shorter than warm shorter than cold. */
export function defineRetention(at: SpecPath, field: string, value: RetentionTiersProps): RetentionTiersDefinition {
  if (value === null || typeof value !== 'object') {
    return at.fail(field, value, 'is not a set of retention tiers', 'Give { hot: Duration.days(7), warm: Duration.days(30), cold: Duration.days(365) }.');
  }
  const rat = at.at(field);
  const tier = (name: 'hot' | 'warm' | 'cold') => {
    const d = requirePositiveDuration(rat, name, value[name]);
    if (d.toMilliseconds() % Duration.days(1).toMilliseconds() !== 0) {
      rat.fail(name, d.toPrometheus(), 'is not a whole number of days', 'Storage lifecycles count in days: give e.g. Duration.days(7).');
    }
    return d;
  };
  const hot = tier('hot');
  const warm = tier('warm');
  const cold = tier('cold');
  if (warm.toMilliseconds() <= hot.toMilliseconds()) {
    rat.fail('warm', warm.toPrometheus(), `is not longer than hot (${hot.toPrometheus()}): the tiers are out of order`, 'Each tier ends after the one before: hot < warm < cold, e.g. 7d, 30d, 365d.');
  }
  if (cold.toMilliseconds() <= warm.toMilliseconds()) {
    rat.fail('cold', cold.toPrometheus(), `is not longer than warm (${warm.toPrometheus()}): the tiers are out of order`, 'Each tier ends after the one before: hot < warm < cold, e.g. 7d, 30d, 365d.');
  }
  return { hot, warm, cold };
}
