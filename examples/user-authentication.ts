import {
  DisasterRecoveryPlanProps,
  Duration,
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
  labels: { team: 'identity' },
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
