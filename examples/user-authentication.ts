import { Duration, Objective, Sli, Slo, SloServiceProps } from 'sre-constructs';

/**
 * The seed brief's `user-authentication` service: one spec, used by both the cdk8s app and the Pulumi
 * program.
 */
const requests = 'http_requests_total{service="user-authentication"}';
const histogram = 'http_request_duration_seconds_bucket{service="user-authentication"}';

/** The seed's error-budget policy: 1h at 14.4x pages (critical), 6h at 6x warns. */
const seedPolicy = {
  fast: { longWindow: Duration.hours(1), shortWindow: Duration.minutes(5), factor: 14.4, severity: 'critical' },
  slow: { longWindow: Duration.hours(6), shortWindow: Duration.minutes(30), factor: 6, severity: 'warning', page: false },
};

export const userAuthentication: SloServiceProps = {
  service: 'user-authentication',
  labels: { team: 'identity' },
  alerting: {
    tiers: seedPolicy,
    runbookUrl: 'https://runbooks.internal/user-authentication',
  },
  slos: [
    {
      name: 'availability',
      description: 'Service responds successfully to requests',
      sli: Sli.availability({ requests, statusLabel: 'code', errorStatus: '5..' }),
      objective: Objective.percent(99.95),
    },
    // The seed's "latency_p50 target 100ms": 50% of requests within 100 ms.
    Slo.latencyPercentile({
      name: 'latency-p50',
      description: 'Median request latency',
      percentile: 50,
      threshold: Duration.millis(100),
      histogram,
      // With a 50% objective the budget is half of all requests: 14.4x or 6x of it is more than 100%, so
      // the seed's tiers could never fire. Say so: no paging, one ticket tier that can fire
      // (1.8x = 90% of requests slower than 100 ms for 6 hours).
      alerting: {
        tiers: { slow: { longWindow: Duration.hours(6), factor: 1.8, page: false } },
        runbookUrl: 'https://runbooks.internal/user-authentication',
      },
    }),
    // The seed's "latency_p99 target 500ms": 99% of requests within 500 ms.
    Slo.latencyPercentile({
      name: 'latency-p99',
      description: '99th percentile request latency',
      percentile: 99,
      threshold: Duration.millis(500),
      histogram,
    }),
  ],
};
