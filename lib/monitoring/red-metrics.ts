import { Duration } from '../common/duration';

/**
 * Names of the RED series a ServiceMonitoring records. Every series carries the `service` label (plus the
 * monitoring's own labels); the quantile series also carry `quantile`.
 *
 * The RED dashboard and the HighErrorRate and latency alerts read these names, so they always agree.
 */
export abstract class RedMetrics {
  /** The rate window of every RED series. */
  public static readonly WINDOW: Duration = Duration.minutes(5);
  /** Requests per second (rate). */
  public static readonly REQUESTS = 'red:requests:rate5m';
  /** Failed requests per second (errors); 0 when none fail. */
  public static readonly ERRORS = 'red:requests_errors:rate5m';
  /** Failed requests over all requests (0 to 1); 0 when there is no traffic. */
  public static readonly ERROR_RATIO = 'red:requests_error:ratio_rate5m';
  /** Histogram buckets per second, summed by `le` (in the histogram's own unit). */
  public static readonly DURATION_BUCKETS = 'red:request_duration_bucket:rate5m';
  /** Latency quantiles in seconds (duration), one series per `quantile` label ("0.5", "0.9", "0.99"). */
  public static readonly DURATION_QUANTILE = 'red:request_duration_seconds:quantile5m';
}
