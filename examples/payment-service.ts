import {
  AlertSourceLike,
  AutoscalingProps,
  BudgetFreezeSource,
  CapacityPlanProps,
  CapacityResource,
  ChaosCondition,
  ChaosFault,
  ChaosScheduleProps,
  Credential,
  Duration,
  Headroom,
  HeadroomSource,
  ErrorBudgetPolicyProps,
  IncidentRoutingProps,
  Objective,
  Receiver,
  RunbooksProps,
  ServiceMonitoringProps,
  Severity,
  Sli,
  Slo,
  SloServiceDefinition,
  SloServiceProps,
  TracingProps,
} from 'sre-constructs';

/**
 * The seed brief's `payment-service` and its chaos experiment: 200 ms of network latency into half of its
 * pods for 10 minutes, weekly, in staging. One spec, used by the cdk8s app, the Pulumi program and the
 * plain rule files.
 */
const SERVICE = 'payment-service';
const requests = 'http_requests_total{service="payment-service"}';
const histogram = 'http_request_duration_seconds_bucket{service="payment-service"}';

/** Where the service runs and where Prometheus answers the chaos engine's queries. */
export const paymentNamespace = 'payments';
/**
 * The alerts' `namespace` label: the payments AlertmanagerConfig lives in the service's namespace, and the
 * operator's OnNamespace matcher lets only alerts labelled with it through.
 */
const ALERT_NAMESPACE = { namespace: paymentNamespace };

export const paymentService: SloServiceProps = {
  service: SERVICE,
  labels: { team: 'payments' },
  alerting: { runbookUrl: 'https://runbooks.internal/payment-service', labels: ALERT_NAMESPACE },
  slos: [
    {
      name: 'availability',
      description: 'Payments succeed',
      sli: Sli.availability({ requests }),
      objective: Objective.percent(99.9),
    },
    // The seed's steady state "p99 < 500ms": 99% of requests within 500 ms.
    Slo.latencyPercentile({ name: 'latency-p99', description: '99th percentile payment latency', percentile: 99, threshold: Duration.millis(500), histogram }),
  ],
};

/**
 * The service's error-budget policy: deploys freeze once either SLO's budget is spent, and while they are
 * frozen its chaos experiments stop too (`pauseWhenFrozen` below): no one spends budget on purpose that the
 * service no longer has. A freeze declared here (`frozen: { reason }`) pauses the Chaos Mesh Schedule at once.
 */
export const paymentServiceBudgetPolicy: ErrorBudgetPolicyProps = {
  freezeAtPercent: 0,
  warnBelowPercent: 25,
  exemptions: { rollback: 'Going back to a version that met its SLOs only gives budget back.' },
  runbookUrl: 'https://runbooks.internal/payment-service/error-budget',
  labels: ALERT_NAMESPACE,
  // An Argo Rollouts canary of payment-service fails while the budget is gone.
  deployGates: { prometheusUrl: 'http://prometheus-operated.monitoring:9090' },
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};

/** payment-service's capacity plan: its pods' CPU and memory against their requests, with a 30% margin for peak days. */
export const paymentServiceCapacity: CapacityPlanProps = {
  service: SERVICE,
  namespace: paymentNamespace,
  headroom: Headroom.percent(30),
  resources: [CapacityResource.cpu(), CapacityResource.memory()],
  labels: { team: 'payments', ...ALERT_NAMESPACE },
  runbookUrl: 'https://runbooks.internal/payment-service/capacity',
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};

/** payment-service scales on requests per pod, keeping the capacity plan's headroom; never below 3 replicas. */
export function paymentServiceAutoscaling(capacityPlan: HeadroomSource): AutoscalingProps {
  return {
    workload: { kind: 'Deployment', name: SERVICE },
    namespace: paymentNamespace,
    horizontal: {
      minReplicas: 3,
      maxReplicas: 12,
      requestsPerPod: { service: SERVICE, capacity: 40 },
      headroom: capacityPlan,
      scaleDown: { stabilizationWindow: Duration.minutes(15) },
    },
    labels: { team: 'payments' },
    runbookUrl: 'https://runbooks.internal/payment-service/automation',
    metadata: { labels: { release: 'kube-prometheus-stack' } },
  };
}

const PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

/**
 * The seed's "Network Latency Injection". Read as three bands on the same signals:
 *
 * - steady state (the hypothesis): p99 < 500 ms and error ratio < 0.1%, required before the fault goes in;
 * - expected under the fault (the seed's verification): error ratio < 1%, p99 < 1000 ms, and the circuit
 *   breaker opens: the service degrades gracefully;
 * - abort (the seed's rollback trigger): error ratio above 5%. Between 0.1% and 5% the hypothesis may fail
 *   and the run goes on; that band is what the experiment is there to observe.
 *
 * Two guards the seed does not name are added: the fast burn-rate page of availability must stay quiet (no
 * one is paged because of an experiment), and a quarter of the month's error budget must be left.
 *
 * "Weekly" is Tuesdays at 10:00 UTC, when the team is at work, not the small hours of `@weekly`.
 *
 * With the service's error-budget policy (`budgetPolicy`), every experiment also aborts, and never starts,
 * while the policy freezes deploys or nobody can tell whether it does.
 */
export function paymentServiceChaos(slos: SloServiceDefinition, budgetPolicy?: BudgetFreezeSource): ChaosScheduleProps {
  return {
    service: SERVICE,
    engine: 'chaos-mesh',
    prometheusUrl: PROMETHEUS,
    slos,
    ...(budgetPolicy ? { pauseWhenFrozen: budgetPolicy } : {}),
    labels: { team: 'payments' },
    alerts: {
      severity: Severity.SEV3,
      labels: { team: 'payments', channel: 'sre-chaos-results', ...ALERT_NAMESPACE },
      runbookUrl: 'https://runbooks.internal/payment-service/chaos',
    },
    prometheusRule: { labels: { release: 'kube-prometheus-stack' } },
    experiments: [
      {
        name: 'network-latency',
        description: 'Verify the service degrades gracefully with increased network latency',
        fault: ChaosFault.networkLatency({ latency: Duration.millis(200) }),
        target: { namespace: paymentNamespace, selector: { 'app.kubernetes.io/name': SERVICE }, percent: 50 },
        duration: Duration.minutes(10),
        schedule: '0 10 * * 2',
        environment: { name: 'staging', production: false },
        hypothesis: [ChaosCondition.sloLatency('latency-p99'), ChaosCondition.sloErrorRatio('availability', { below: 0.001 })],
        abortUnless: [
          ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 }),
          ChaosCondition.burnRateAlertNotFiring('availability'),
          ChaosCondition.errorBudgetRemaining('availability', { above: 0.25 }),
        ],
        verification: {
          conditions: [
            ChaosCondition.sloErrorRatio('availability', { below: 0.01 }),
            ChaosCondition.histogramQuantile({ histogram, quantile: 0.99, below: Duration.millis(1000) }),
          ],
          circuitBreaker: { openGauge: 'resilience4j_circuitbreaker_state{application="payment-service", state="open"}' },
        },
      },
    ],
  };
}

// Production readiness: what payment-service needs besides its SLOs and chaos to pass the review.

/** RED monitoring for payment-service: scraped through its Service, with the HighErrorRate and latency alerts. */
export const paymentServiceMonitoring: ServiceMonitoringProps = {
  service: SERVICE,
  requests,
  histogram,
  labels: { team: 'payments', ...ALERT_NAMESPACE },
  scrape: { selector: { 'app.kubernetes.io/name': SERVICE }, port: 'http-metrics', metadata: { labels: { release: 'kube-prometheus-stack' } } },
  runbookUrl: 'https://runbooks.internal/payment-service/high-error-rate',
  metadata: { labels: { release: 'kube-prometheus-stack' } },
};

/** Tracing for payment-service: the seed's 10% of requests, W3C trace context. */
export const paymentServiceTracing: TracingProps = {
  endpoint: 'http://otel-collector.observability:4317',
  samplingRatio: 0.1,
  resourceAttributes: { 'service.namespace': paymentNamespace },
  metadata: { name: SERVICE },
};

/** payment-service's dashboards go to Grafana's namespace, in their own folder. */
export const paymentDashboardPlacement = { folder: 'Payments', metadata: { namespace: 'monitoring' } } as const;

/**
 * The payments team's routing, for the alerts of the service's SLOs, its error-budget policy and its chaos
 * experiment: SEV1/SEV2 page through PagerDuty, SEV1 also pages the senior rotation, SEV3/SEV4 go to Slack.
 * The dead-man's switch is the identity routing's: one Watchdog per Alertmanager is enough.
 */
export function paymentsRouting(sources: readonly AlertSourceLike[]): IncidentRoutingProps {
  return {
    name: 'payments',
    receivers: [
      Receiver.pagerDuty('payments-pager', { routingKey: Credential.secret('pagerduty-payments', 'routing-key') }),
      Receiver.pagerDuty('payments-senior', { routingKey: Credential.secret('pagerduty-payments', 'senior-routing-key') }),
      Receiver.slack('payments-tickets', { apiUrl: Credential.secret('slack-payments', 'webhook-url'), channel: '#payments-alerts' }),
    ],
    paging: 'payments-pager',
    tickets: 'payments-tickets',
    senior: 'payments-senior',
    watchdog: false,
    sources,
    metadata: { labels: { release: 'kube-prometheus-stack' } },
  };
}

/** The runbook check of every payments alert source, and the service's postmortem template. */
export function paymentsRunbooks(sources: readonly AlertSourceLike[]): RunbooksProps {
  return { name: 'payments', sources };
}
