import { App, Chart } from 'cdk8s';
import {
  Autoscaling,
  CapacityDashboard,
  CapacityPlan,
  CertificateRenewal,
  ChaosSchedule,
  ErrorBudgetPolicy,
  IncidentRouting,
  LogPolicy,
  RedDashboard,
  ResourceAlerts,
  Runbooks,
  ServiceMonitoring,
  SloDashboard,
  SloService,
  Tracing,
  UseDashboard,
} from 'sre-constructs/cdk8s';
import { paymentNamespace, paymentService, paymentServiceBudgetPolicy, paymentServiceChaos, paymentsRouting, paymentsRunbooks } from '../payment-service';
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
  userAuthenticationMonitoring,
  userAuthenticationPods,
  userAuthenticationTracing,
} from '../user-authentication';

/**
 * The seed's services as cdk8s charts: `user-authentication` with its SLOs, RED monitoring, resource
 * alerts, tracing, the SLO, RED and USE dashboards that read what those record, its incident routing (an
 * AlertmanagerConfig), its error-budget policy with the deploy gates, autoscaling, certificate renewal and
 * log policy; `payment-service` with its SLOs, its error-budget policy and its scheduled chaos experiment, paused
 * while the policy freezes deploys. The runbooks are checked
 * at synth (every alert's link finds its page); examples/rules writes their files.
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

  // Incident response: every alert pack of the service is routed, and each of its paging alerts has a runbook.
  const alertSources = [slos, monitoring, resourceAlerts, budgetPolicy, capacity, autoscaling, logPolicy];
  new Runbooks(chart, 'runbooks', identityRunbooks(alertSources));
  new IncidentRouting(chart, 'routing', identityRouting(alertSources));

  // Chaos engineering: the seed's payment-service, its SLOs, its error-budget policy and its weekly latency
  // experiment, which stops while the policy freezes deploys.
  const payments = new Chart(app, 'payment-service', { namespace: paymentNamespace, disableResourceNameHashes: true });
  const paymentSlos = new SloService(payments, 'slos', { ...paymentService, metadata: { labels: { release: 'kube-prometheus-stack' } } });
  const paymentPolicy = new ErrorBudgetPolicy(payments, 'budget-policy', { service: paymentSlos, ...paymentServiceBudgetPolicy });
  const paymentChaos = new ChaosSchedule(payments, 'chaos', paymentServiceChaos(paymentSlos.definition, paymentPolicy));
  new Runbooks(payments, 'runbooks', paymentsRunbooks([paymentSlos, paymentPolicy, paymentChaos]));
  new IncidentRouting(payments, 'routing', paymentsRouting([paymentSlos, paymentPolicy, paymentChaos]));
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
