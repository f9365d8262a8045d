import {
  CapacityDashboardDefinition,
  CapacityPlanProps,
  CapacityResource,
  Duration,
  Headroom,
  Objective,
  ResourceAlertsProps,
  ServiceMonitoringProps,
  Sli,
  Slo,
  SloDashboardDefinition,
  SloServiceProps,
  TracingProps,
  UseDashboardDefinition,
  RedDashboardDefinition,
  grafanaDashboardUrl,
} from 'sre-constructs';

/**
 * The seed brief's `user-authentication` service: one spec, used by both the cdk8s app and the Pulumi
 * program.
 */
const requests = 'http_requests_total{service="user-authentication"}';
const histogram = 'http_request_duration_seconds_bucket{service="user-authentication"}';

/** Where the team's Grafana lives; alerts link to the generated dashboards there by uid. */
const GRAFANA = 'https://grafana.internal';
const SERVICE = 'user-authentication';

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
    dashboardUrl: grafanaDashboardUrl(GRAFANA, SloDashboardDefinition.uidFor(SERVICE)),
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
        dashboardUrl: grafanaDashboardUrl(GRAFANA, SloDashboardDefinition.uidFor(SERVICE)),
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

/**
 * The seed's monitoring section for the same service: RED recording rules, its HighErrorRate alert (5xx above
 * 1% for 5 minutes, critical) and a p99 latency alert, scraped through a ServiceMonitor.
 */
export const userAuthenticationMonitoring: ServiceMonitoringProps = {
  service: SERVICE,
  requests,
  histogram,
  labels: { team: 'identity' },
  scrape: {
    selector: { 'app.kubernetes.io/name': SERVICE },
    port: 'http-metrics',
    metadata: { labels: { release: 'kube-prometheus-stack' } },
  },
  runbookUrl: 'https://runbooks.internal/high-error-rate',
  dashboardUrl: grafanaDashboardUrl(GRAFANA, RedDashboardDefinition.uidFor(SERVICE)),
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};

/** The USE method's resource alerts for the service's namespace, with the seed's certificate thresholds (7 and 30 days). */
export const identityResourceAlerts: ResourceAlertsProps = {
  name: 'identity',
  namespaces: ['identity'],
  labels: { team: 'identity' },
  runbookUrl: 'https://runbooks.internal/resources',
  dashboardUrl: grafanaDashboardUrl(GRAFANA, UseDashboardDefinition.uidFor(SERVICE)),
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};

/** The seed's tracing: 10% of requests, W3C trace context propagation. */
export const userAuthenticationTracing: TracingProps = {
  endpoint: 'http://otel-collector.observability:4317',
  samplingRatio: 0.1,
  propagators: ['tracecontext', 'baggage'],
  resourceAttributes: { 'service.namespace': 'identity' },
  metadata: { name: 'user-authentication' },
};

/** Dashboards go to Grafana's namespace, in one folder, for the sidecar of kube-prometheus-stack. */
export const dashboardPlacement = { folder: 'Identity', metadata: { namespace: 'monitoring' } } as const;

/** The pods the USE dashboard shows. */
export const userAuthenticationPods = { workload: SERVICE, namespace: 'identity' } as const;

/**
 * The seed's capacity planning for the service: its pods' CPU and memory against their limits, the cluster's
 * room to schedule them, its database's volume and connections (the seed's 450 of 500), with the seed's 20%
 * safety margin. Alerts open a ticket when the 7-day trend, margin included, runs out within 30 days.
 */
export const userAuthenticationCapacity: CapacityPlanProps = {
  service: SERVICE,
  namespace: 'identity',
  headroom: Headroom.percent(20),
  resources: [
    CapacityResource.cpu(),
    CapacityResource.memory(),
    CapacityResource.nodeCpu(),
    CapacityResource.nodeMemory(),
    CapacityResource.volumes({ claims: 'data-user-authentication-db-.*' }),
    CapacityResource.databaseConnections({
      current: 'pg_stat_activity_count{job="user-authentication-db"}',
      max: 'pg_settings_max_connections{job="user-authentication-db"}',
      by: ['instance'],
    }),
  ],
  labels: { team: 'identity' },
  runbookUrl: 'https://runbooks.internal/user-authentication/capacity',
  dashboardUrl: grafanaDashboardUrl(GRAFANA, CapacityDashboardDefinition.uidFor(SERVICE)),
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};
