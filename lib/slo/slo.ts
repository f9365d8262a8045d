import type { Duration } from '../common/duration';
import { Objective } from './objective';
import { HistogramUnit, Sli } from './sli';
import type { SloProps } from './slo-service';

/** A latency SLO written the way people say it: "p99 within 500 ms". */
export interface LatencyPercentileSloProps extends Omit<SloProps, 'sli' | 'objective'> {
  /** The percentile, which becomes the objective: 99 means 99% of requests. */
  readonly percentile: number;
  /** The latency those requests stay within. */
  readonly threshold: Duration;
  /** The histogram, as for {@link Sli.latency} (classic) or {@link Sli.nativeLatency} (`native: true`). */
  readonly histogram: string;
  /**
   * Whether the histogram is a native histogram.
   * @default false
   */
  readonly native?: boolean;
  /**
   * Unit the histogram observes in.
   * @default "seconds"
   */
  readonly unit?: HistogramUnit;
}

/** Shorthands for common SLOs. Each returns plain {@link SloProps}. */
export abstract class Slo {
  /**
   * The seed brief's `latency_p99 target 500ms`: `percentile`% of requests served within `threshold`.
   * A p99 is the latency 99% of requests beat, so "p99 < 500ms" and "99% of requests within 500ms" are
   * the same promise; this states it the second way, which can be measured from histogram buckets.
   *
   * @example
   * Slo.latencyPercentile({ name: 'latency-p99', percentile: 99, threshold: Duration.millis(500), histogram: 'http_request_duration_seconds_bucket{job="api"}' });
   */
  public static latencyPercentile(props: LatencyPercentileSloProps): SloProps {
    const { percentile, threshold, histogram, native, unit, ...rest } = props;
    const sli = native ? Sli.nativeLatency({ histogram, threshold, unit }) : Sli.latency({ histogram, threshold, unit });
    return { ...rest, sli, objective: Objective.percent(percentile) };
  }
}
