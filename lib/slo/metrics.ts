import type { Duration } from '../common/duration';

/**
 * Names of the series an SloService records. Every series carries the labels `service` and `slo`
 * (plus the service's and the SLO's own labels), so one selector finds one SLO.
 *
 * Dashboards, deploy gates and chaos aborts read these names; they never repeat the SLI's raw PromQL.
 */
export abstract class SloMetrics {
  /** Bad events per second over `window` (`slo:sli_errors:rate5m`). */
  public static errors(window: Duration): string {
    return `slo:sli_errors:rate${window.toPrometheus()}`;
  }
  /** All events per second over `window` (`slo:sli_total:rate5m`). */
  public static total(window: Duration): string {
    return `slo:sli_total:rate${window.toPrometheus()}`;
  }
  /** Error ratio (0 to 1) over `window`, and over the SLO period (`slo:sli_error:ratio_rate30d`). */
  public static errorRatio(window: Duration): string {
    return `slo:sli_error:ratio_rate${window.toPrometheus()}`;
  }
  /** The objective as a ratio (0.9995). */
  public static readonly OBJECTIVE = 'slo:objective:ratio';
  /** The error budget as a ratio (0.0005). */
  public static readonly ERROR_BUDGET = 'slo:error_budget:ratio';
  /** The SLO period in days (30). */
  public static readonly PERIOD_DAYS = 'slo:time_period:days';
  /** Burn rate over the last 5 minutes: 1 spends the budget exactly over the period. */
  public static readonly CURRENT_BURN_RATE = 'slo:current_burn_rate:ratio';
  /** Burn rate over the whole period so far. */
  public static readonly PERIOD_BURN_RATE = 'slo:period_burn_rate:ratio';
  /** Share of the period's error budget still left (1 = untouched, 0 = spent, negative = overspent). */
  public static readonly ERROR_BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';
}
