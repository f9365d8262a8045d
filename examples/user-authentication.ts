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
  DisasterRecoveryPlanProps,
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
    watchdog: { receiver: 'deadmans-switch', runbookUrl: 'https://runbooks.internal/identity/watchdog' },
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
// Disaster recovery
/**
 * The seed's disaster-recovery plan for the service, read critically:
 *
 * - "RPO 1h" with file storage backed up every 6 hours is a contradiction the plan refuses (see the README). File
 *   storage gets its own RPO of 6 hours, stated with its reason, and a 4-hour cadence: AWS Backup may start a run up
 *   to an hour late, so 6-hourly runs could leave 7 hours between recovery points.
 * - "continuous" for the database is CloudNativePG's WAL archiving (point-in-time recovery), plus AWS Backup's
 *   continuous backup of the bucket the WAL and base backups land in, snapshotted and copied hourly to eu-central-1.
 * - Hourly copies that may start an hour late put the second region up to 2 hours behind: the region failover says
 *   so, with its reason, instead of pretending to the plan's 1 hour.
 * - The seed's "semi-automatic" database failover: CloudNativePG promotes a replica by itself once the Cluster's
 *   failoverDelay (300 s) passes, so it is automatic, and the alert tells people it happened.
 * - The region failover's "manual (requires approval)": Route53 answers with the primary until a person inverts the
 *   approval health check, whatever the endpoints do (see the DR runbook).
 */
export const userAuthenticationDisasterRecovery: DisasterRecoveryPlanProps = {
  name: SERVICE,
  rpo: Duration.hours(1),
  rto: Duration.hours(4),
  regions: { primary: 'eu-west-1', secondary: 'eu-central-1' },
  runbookUrl: 'https://runbooks.internal/user-authentication/disaster-recovery',
  labels: { team: 'identity', ...ALERT_NAMESPACE },
  stores: [
    {
      name: 'database',
      description: 'PostgreSQL (CloudNativePG): accounts, credentials and sessions.',
      backup: { continuous: true, every: Duration.hours(1), retention: Duration.days(30), encryption: 'aws:kms', copyToSecondaryRegion: true },
      postgres: {
        cluster: 'user-authentication-db',
        namespace: 'identity',
        recovery: { objectStore: 'user-authentication-db-backups', storageSize: '20Gi' },
      },
      aws: { tags: { 'sre-constructs.dev/dr-store': 'user-authentication-database' }, includesS3: true },
    },
    {
      name: 'file-storage',
      description: 'Profile pictures and exported reports, on the volumes of the user-authentication pods.',
      rpo: {
        objective: Duration.hours(6),
        reason: 'Profile pictures and report exports can be uploaded or generated again; the identity team and the data owner accept losing up to 6 hours of them.',
      },
      backup: { every: Duration.hours(4), retention: Duration.days(90), encryption: 'aws:kms', copyToSecondaryRegion: true },
      volumes: { namespaces: ['identity'], selector: { 'app.kubernetes.io/name': SERVICE } },
      aws: { tags: { 'sre-constructs.dev/dr-store': 'user-authentication-files' } },
    },
  ],
  procedures: [
    {
      name: 'database-failover',
      kind: 'local',
      description: 'CloudNativePG promotes the most advanced replica when the primary stays unavailable.',
      trigger: {
        description: 'no PostgreSQL instance of user-authentication-db is a primary',
        after: Duration.minutes(5),
        expr: 'absent(cnpg_pg_replication_in_recovery{namespace="identity", pod=~"user-authentication-db-[0-9]+"} == 0)',
      },
      automation: 'automatic',
      estimatedTime: Duration.minutes(10),
      steps: [
        'Check that CloudNativePG promoted a replica: kubectl cnpg status user-authentication-db --namespace identity.',
        'If no replica was promoted (none was in sync), promote the most advanced one: kubectl cnpg promote user-authentication-db <instance> --namespace identity.',
        'Let CloudNativePG rebuild the failed instance as a replica; replace its node if it is the cause.',
      ],
      verification: ['The application reconnects through the user-authentication-db-rw service and logins succeed.', 'kubectl cnpg status shows one primary and the replicas streaming.'],
    },
    {
      name: 'region-failover',
      kind: 'region',
      description: 'Restore the service in eu-central-1 from the copies there and move auth.example.com to it.',
      trigger: {
        description: 'the user-authentication endpoint in eu-west-1 is unreachable',
        after: Duration.minutes(15),
        expr: 'probe_success{job="blackbox", instance="https://auth.eu-west-1.example.com/healthz"} == 0',
      },
      automation: 'manual-approval',
      approver: 'the incident commander',
      estimatedTime: Duration.hours(2),
      rpo: {
        objective: Duration.hours(2),
        reason: 'AWS Backup copies to eu-central-1 hourly and a copy may start up to an hour late; faster cross-region copies (S3 replication of the WAL bucket) are on the roadmap.',
      },
      dns: {
        hostname: 'auth.example.com',
        hostedZoneId: 'Z0123456789EXAMPLE',
        manager: 'route53',
        primary: {
          loadBalancer: { dnsName: 'user-auth-euw1-0123456789.eu-west-1.elb.amazonaws.com', hostedZoneId: 'Z32O12XQLNTSW2' },
          healthCheckHost: 'auth.eu-west-1.example.com',
        },
        secondary: {
          loadBalancer: { dnsName: 'user-auth-euc1-9876543210.eu-central-1.elb.amazonaws.com', hostedZoneId: 'Z215JYRZR1TBD5' },
          healthCheckHost: 'auth.eu-central-1.example.com',
        },
        healthCheck: { path: '/healthz' },
      },
      steps: [
        'Restore the database in eu-central-1 from the newest copy in the vault user-authentication-dr (an S3 restore of the backup bucket), then bootstrap a CloudNativePG cluster from it.',
        'Restore the file storage volumes in eu-central-1 from the newest EBS snapshots copied there.',
        'Scale the eu-central-1 deployment of user-authentication up and wait until its health check passes.',
      ],
      verification: ['Logins succeed against the eu-central-1 endpoint.', 'The newest restored database transaction is at most 2 hours old.'],
    },
  ],
  drill: { schedule: '0 6 15 1,4,7,10 *', image: 'registry.internal/sre/kubectl:1.35', lastFullFailover: '2025-01-15' },
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};

/**
 * The same plan for the cdk8s door: external-dns writes the failover records from a DNSEndpoint, with the Route53
 * health checks the Pulumi program created (its approvalHealthCheckIds and endpointHealthCheckIds outputs).
 */
export const userAuthenticationDisasterRecoveryK8s: DisasterRecoveryPlanProps = {
  ...userAuthenticationDisasterRecovery,
  procedures: userAuthenticationDisasterRecovery.procedures!.map((p) =>
    p.dns ? { ...p, dns: { ...p.dns, manager: 'external-dns', healthCheckIds: { primary: '0f2c6c1e-5b1a-4d3e-9a6b-2f7d8e9a0b1c', secondary: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' } } } : p,
  ),
};
