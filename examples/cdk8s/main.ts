import { App, Chart } from 'cdk8s';
import {
  Autoscaling,
  CapacityDashboard,
  CapacityPlan,
  CertificateRenewal,
  ChaosSchedule,
  DisasterRecoveryPlan,
  ErrorBudgetPolicy,
  IncidentRouting,
  LogPolicy,
  Readiness,
  RedDashboard,
  ResourceAlerts,
  Runbooks,
  ServiceMonitoring,
  SloDashboard,
  SloService,
  Tracing,
  UseDashboard,
} from 'sre-constructs/cdk8s';
import {
  paymentDashboardPlacement,
  paymentNamespace,
  paymentService,
  paymentServiceAutoscaling,
  paymentServiceBudgetPolicy,
  paymentServiceCapacity,
  paymentServiceChaos,
  paymentServiceMonitoring,
  paymentServiceTracing,
  paymentsRouting,
  paymentsRunbooks,
} from '../payment-service';
import { ReadinessPack } from 'sre-constructs';
import { paymentServiceWorkload, readinessReview, userAuthenticationWorkload } from '../readiness';
import { ServiceWorkload } from './workload';
import {
  dashboardPlacement,
  identityLogPolicy,
  identityResourceAlerts,
  identityRouting,
  identityRunbooks,
  userAuthentication,
  userAuthenticationAutoscaling,
  userAuthenticationBudgetPolicy,
  userAuthenticationCapacity,
  userAuthenticationCertificate,
  userAuthenticationDisasterRecoveryK8s,
  userAuthenticationMonitoring,
  userAuthenticationPods,
  userAuthenticationTracing,
} from '../user-authentication';

/**
 * The seed's services as cdk8s charts: `user-authentication` with its SLOs, RED monitoring, resource
 * alerts, tracing, the SLO, RED and USE dashboards that read what those record, its incident routing (an
 * AlertmanagerConfig), its error-budget policy with the deploy gates, autoscaling, certificate renewal and
 * log policy, disaster-recovery plan and capacity plan; `payment-service` with its SLOs, monitoring,
 * dashboards, error-budget policy and scheduled chaos experiment (paused while the policy freezes deploys);
 * both with their workloads and incident routing, reviewed for production readiness (synth fails on an
 * error-level finding). The runbooks are checked at synth (every alert's link finds its page); examples/rules
 * writes their files.
 */
export function buildApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const chart = new Chart(app, 'user-authentication', { namespace: 'identity', disableResourceNameHashes: true });
  const slos = new SloService(chart, 'slos', {
    ...userAuthentication,
    metadata: { labels: { release: 'kube-prometheus-stack' } },
  });
  const monitoring = new ServiceMonitoring(chart, 'red', userAuthenticationMonitoring);
  const resourceAlerts = new ResourceAlerts(chart, 'resources', identityResourceAlerts);
  new Tracing(chart, 'tracing', userAuthenticationTracing);
  new SloDashboard(chart, 'slo-dashboard', { service: slos, ...dashboardPlacement });
  new RedDashboard(chart, 'red-dashboard', { monitoring, ...dashboardPlacement });
  new UseDashboard(chart, 'use-dashboard', { ...userAuthenticationPods, resourceAlerts, ...dashboardPlacement });

  // Error-budget policy: deploy gates and budget alerts
  const budgetPolicy = new ErrorBudgetPolicy(chart, 'budget-policy', { service: slos, ...userAuthenticationBudgetPolicy, metadata: { labels: { release: 'kube-prometheus-stack' } } });

  // Capacity planning
  const capacity = new CapacityPlan(chart, 'capacity', userAuthenticationCapacity);
  new CapacityDashboard(chart, 'capacity-dashboard', { plan: capacity, ...dashboardPlacement });

  // Automation and logging: the HPA keeps the capacity plan's headroom
  const autoscaling = new Autoscaling(chart, 'autoscaling', userAuthenticationAutoscaling(capacity));
  new CertificateRenewal(chart, 'certificate', { ...userAuthenticationCertificate, alerts: resourceAlerts.definition });
  const logPolicy = new LogPolicy(chart, 'log-policy', identityLogPolicy);

  // Disaster recovery
  const disasterRecovery = new DisasterRecoveryPlan(chart, 'disaster-recovery', userAuthenticationDisasterRecoveryK8s);

  // Incident response: every alert pack of the service is routed, and each of its paging alerts has a runbook.
  const alertSources = [slos, monitoring, resourceAlerts, budgetPolicy, capacity, autoscaling, logPolicy, disasterRecovery];
  new Runbooks(chart, 'runbooks', identityRunbooks(alertSources));
  new IncidentRouting(chart, 'routing', identityRouting(alertSources));

  // Chaos engineering: the seed's payment-service, its SLOs, its error-budget policy and its weekly latency
  // experiment, which stops while the policy freezes deploys.
  const payments = new Chart(app, 'payment-service', { namespace: paymentNamespace, disableResourceNameHashes: true });
  const paymentSlos = new SloService(payments, 'slos', { ...paymentService, metadata: { labels: { release: 'kube-prometheus-stack' } } });
  const paymentMonitoring = new ServiceMonitoring(payments, 'red', paymentServiceMonitoring);
  const paymentPolicy = new ErrorBudgetPolicy(payments, 'budget-policy', { service: paymentSlos, ...paymentServiceBudgetPolicy });
  const paymentChaos = new ChaosSchedule(payments, 'chaos', paymentServiceChaos(paymentSlos.definition, paymentPolicy));
  const paymentCapacity = new CapacityPlan(payments, 'capacity', paymentServiceCapacity);
  const paymentAutoscaling = new Autoscaling(payments, 'autoscaling', paymentServiceAutoscaling(paymentCapacity));
  const paymentAlertSources = [paymentSlos, paymentMonitoring, paymentPolicy, paymentChaos, paymentCapacity, paymentAutoscaling];
  new Runbooks(payments, 'runbooks', paymentsRunbooks(paymentAlertSources));
  new IncidentRouting(payments, 'routing', paymentsRouting(paymentAlertSources));

  // Production readiness: both services' workloads (cdk8s-plus), payment-service's tracing and dashboards,
  // and the review of the seed's checklist, which fails the synth on an error-level finding.
  new ServiceWorkload(chart, 'workload', userAuthenticationWorkload);
  new ServiceWorkload(payments, 'workload', paymentServiceWorkload);
  new Tracing(payments, 'tracing', paymentServiceTracing);
  new SloDashboard(payments, 'slo-dashboard', { service: paymentSlos, ...paymentDashboardPlacement });
  new RedDashboard(payments, 'red-dashboard', { monitoring: paymentMonitoring, ...paymentDashboardPlacement });
  Readiness.of(app).apply(ReadinessPack.seedChecklist(), readinessReview);
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
