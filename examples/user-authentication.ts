import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlertSourceLike,
  AutoscalingProps,
  AwsLogArchiveProps,
  CapacityDashboardDefinition,
  CapacityPlanProps,
  CapacityResource,
  CertificateRenewalProps,
  Credential,
  Duration,
  ErrorBudgetPolicyProps,
  grafanaDashboardUrl,
  Headroom,
  HeadroomSource,
  IncidentRoutingProps,
  LogPolicyProps,
  MemoryPolicy,
  Objective,
  OnCallDefinition,
  OnCallProps,
  Receiver,
  RedDashboardDefinition,
  ResourceAlertsDefinition,
  ResourceAlertsProps,
  RunbookDefinition,
  RunbooksProps,
  ServiceMonitoringProps,
  Severity,
  Sli,
  Slo,
  SloDashboardDefinition,
  SloServiceProps,
  TracingProps,
  UseDashboardDefinition,
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
/** Where dist/runbooks/ is published: every alert links `<base>/<service or pack>/<page>.md`. */
const RUNBOOKS = 'https://runbooks.internal/';
/**
 * The alerts' `namespace` label: the operator's OnNamespace matcher lets only alerts labelled with the
 * AlertmanagerConfig's namespace through to it, and SLO alerts read series summed over namespaces.
 */
const ALERT_NAMESPACE = { namespace: 'identity' };

/** The seed's error-budget policy: 1h at 14.4x pages (critical, SEV2), 6h at 6x warns (a SEV3 ticket). */
const seedPolicy = {
  fast: { longWindow: Duration.hours(1), shortWindow: Duration.minutes(5), factor: 14.4, sev: Severity.SEV2, severity: 'critical' },
  slow: { longWindow: Duration.hours(6), shortWindow: Duration.minutes(30), factor: 6, sev: Severity.SEV3, severity: 'warning' },
};

export const userAuthentication: SloServiceProps = {
  service: 'user-authentication',
  labels: { team: 'identity' },
  alerting: {
    tiers: seedPolicy,
    labels: ALERT_NAMESPACE,
    runbookBaseUrl: RUNBOOKS,
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
        labels: ALERT_NAMESPACE,
        runbookBaseUrl: RUNBOOKS,
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
  labels: { team: 'identity', ...ALERT_NAMESPACE },
  scrape: {
    selector: { 'app.kubernetes.io/name': SERVICE },
    port: 'http-metrics',
    metadata: { labels: { release: 'kube-prometheus-stack' } },
  },
  runbookBaseUrl: RUNBOOKS,
  dashboardUrl: grafanaDashboardUrl(GRAFANA, RedDashboardDefinition.uidFor(SERVICE)),
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};

/** The USE method's resource alerts for the service's namespace, with the seed's certificate thresholds (7 and 30 days). */
export const identityResourceAlerts: ResourceAlertsProps = {
  name: 'identity',
  namespaces: ['identity'],
  labels: { team: 'identity' },
  runbookBaseUrl: RUNBOOKS,
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

// Automation and logging: the seed's self-healing and scaling, and its logging policy.

/**
 * The seed's automated capacity scaling and OOM remediation for the service: an HPA on CPU and on requests per pod
 * (from the RED recording, 50 requests/s per pod at full load), 3 to 20 replicas, a 10-minute scale-down cooldown;
 * after an OOM kill, memory is raised by the seed's factor 1.5, up to 2Gi. The headroom is the capacity plan's
 * (`userAuthenticationCapacity`, the seed's 20%): change the plan's margin and the HPA targets follow.
 */
export function userAuthenticationAutoscaling(capacityPlan: HeadroomSource): AutoscalingProps {
  return {
    workload: { kind: 'Deployment', name: SERVICE },
    namespace: 'identity',
    horizontal: {
      minReplicas: 3,
      maxReplicas: 20,
      requestsPerPod: { service: SERVICE, capacity: 50 },
      headroom: capacityPlan,
      scaleDown: { stabilizationWindow: Duration.minutes(10) },
    },
    memory: MemoryPolicy.raiseOnOom({ factor: 1.5, ceiling: '2Gi' }),
    labels: { team: 'identity' },
    runbookUrl: 'https://runbooks.internal/user-authentication/automation',
    metadata: { labels: { release: 'kube-prometheus-stack' } },
  };
}

/** The seed's certificate remediation: cert-manager renews well before the resource pack's 30-day ticket and 7-day page. */
export const userAuthenticationCertificate: CertificateRenewalProps = {
  name: SERVICE,
  dnsNames: ['auth.example.com'],
  issuer: { name: 'letsencrypt' },
  alerts: ResourceAlertsDefinition.create(identityResourceAlerts),
  runbookUrl: 'https://runbooks.internal/certificates',
  metadata: { namespace: 'identity' },
};

/** The seed's log retention: hot 7 days, warm 30 days, cold 1 year. */
const seedRetention = { hot: Duration.days(7), warm: Duration.days(30), cold: Duration.days(365) };
const LOG_GROUP = '/identity/user-authentication';
const ARCHIVE_BUCKET = 'identity-log-archive';

/**
 * The seed's logging policy for the identity namespace: JSON with timestamp, level, service, trace_id and message.
 * Every line goes to CloudWatch Logs (the hot tier) and to the S3 archive (warm and cold).
 */
export const identityLogPolicy: LogPolicyProps = {
  name: 'identity-logs',
  retention: seedRetention,
  namespaces: ['identity'],
  exporters: {
    awscloudwatchlogs: { region: 'eu-west-1', log_group_name: LOG_GROUP, log_stream_name: 'collector' },
    awss3: { s3uploader: { region: 'eu-west-1', s3_bucket: ARCHIVE_BUCKET, s3_prefix: 'identity', compression: 'gzip' }, marshaler: 'otlp_json' },
  },
  labels: { team: 'identity' },
  runbookUrl: 'https://runbooks.internal/logging',
  metadata: { namespace: 'observability', labels: { release: 'kube-prometheus-stack' } },
};

/** The AWS tiers of the same policy (Pulumi door): CloudWatch keeps 7 days, the archive moves to Glacier at 30 days and ends at a year. */
export const identityLogArchive: AwsLogArchiveProps = {
  retention: seedRetention,
  logGroups: [LOG_GROUP],
};

/** Name of the archive bucket. */
export const identityLogArchiveBucket = ARCHIVE_BUCKET;
// Incident response

/**
 * The seed's on-call: weekly rotations of named engineers in PagerDuty, escalating to the senior rotation after
 * 30 minutes unacknowledged (the Pulumi door's OnCall builds it). User ids are PagerDuty's.
 */
export const identityOnCall: OnCallProps = {
  service: SERVICE,
  primary: { users: ['PALICE1', 'PBOBBY2', 'PCAROL3'], handoff: '2025-01-06T09:00:00+01:00' },
  senior: { users: ['PDAVID4', 'PERIKA5'], handoff: '2025-01-06T09:00:00+01:00' },
  escalateAfter: Duration.minutes(30),
  timeZone: 'Europe/Berlin',
  secret: { metadata: { namespace: 'identity' } },
};

/** The Secret OnCall delivers the integration keys into; the routing's PagerDuty receivers read it. */
const pagerDutyKeys = OnCallDefinition.create(identityOnCall);

/**
 * The identity team's routing: SEV1/SEV2 page through PagerDuty (whose escalation policy escalates), SEV1 pages
 * the senior rotation at once, SEV3/SEV4 go to Slack, and the Watchdog pings a dead-man's switch. Its sources are
 * every alert pack of the service: the SLOs, RED monitoring, resource alerts, the error-budget policy, the
 * capacity plan, autoscaling and the log policy (see `identityAlertSources`).
 */
export function identityRouting(sources: readonly AlertSourceLike[]): IncidentRoutingProps {
  return {
    name: 'identity',
    receivers: [
      Receiver.pagerDuty('identity-pager', { routingKey: pagerDutyKeys.routingKey }),
      Receiver.pagerDuty('senior-sre-oncall', { routingKey: pagerDutyKeys.seniorRoutingKey }),
      Receiver.slack('identity-tickets', { apiUrl: Credential.secret('slack-identity', 'webhook-url'), channel: '#identity-alerts' }),
      Receiver.webhook('deadmans-switch', { url: 'https://deadmansswitch.internal/ping/identity', bearerToken: Credential.secret('deadmans-switch', 'token') }),
    ],
    paging: 'identity-pager',
    tickets: 'identity-tickets',
    senior: 'senior-sre-oncall',
    watchdog: { receiver: 'deadmans-switch' },
    sources,
    metadata: { labels: { release: 'kube-prometheus-stack' } },
  };
}

/** The runbooks written for the service's alerts, in the seed's YAML form (examples/runbooks/). */
export const RUNBOOK_FILES = ['high-error-rate.yaml', 'high-latency.yaml', 'high-cpu-usage.yaml', 'container-oom-killed.yaml', 'certificate-expiring.yaml'];

/** Generated SLO runbooks, the written ones, and the postmortem template, for publishing at the runbook base. */
export function identityRunbooks(sources: readonly AlertSourceLike[]): RunbooksProps {
  return {
    name: 'identity',
    sources,
    runbooks: RUNBOOK_FILES.map((file) => RunbookDefinition.fromYaml(readFileSync(join(__dirname, 'runbooks', file), 'utf8'), {}, `examples/runbooks/${file}`)),
    escalation: { after: Duration.minutes(30), to: 'senior-sre-oncall' },
  };
}
/**
 * The seed's "enforce deployment freezes when budget exhausted": deploys freeze once an SLO's budget is
 * spent, the team is warned below a quarter, and a canary may not make the service burn faster than it
 * would take to page. The median-latency SLO does not count: with a 50% objective its budget is half of all
 * requests, a tuning target rather than a promise that should stop releases.
 */
export const userAuthenticationBudgetPolicy: ErrorBudgetPolicyProps = {
  slos: ['availability', 'latency-p99'],
  freezeAtPercent: 0,
  warnBelowPercent: 25,
  canaryMaxBurnRate: 6,
  exemptions: {
    'security-fix': 'Fixes for known vulnerabilities ship within 24 hours, budget or not (security policy).',
    rollback: 'Going back to a version that met its SLOs only gives budget back.',
  },
  runbookUrl: 'https://runbooks.internal/user-authentication/error-budget',
  dashboardUrl: grafanaDashboardUrl(GRAFANA, SloDashboardDefinition.uidFor(SERVICE)),
  // The budget series carry no namespace: the label lets the alerts through the operator's OnNamespace matcher.
  labels: ALERT_NAMESPACE,
  deployGates: { prometheusUrl: 'http://prometheus-operated.monitoring:9090', flagger: true },
};
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
  // The utilisation series do not fix a namespace (node capacity has none): label the alerts for the routing.
  labels: { team: 'identity', ...ALERT_NAMESPACE },
  runbookUrl: 'https://runbooks.internal/user-authentication/capacity',
  dashboardUrl: grafanaDashboardUrl(GRAFANA, CapacityDashboardDefinition.uidFor(SERVICE)),
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};
