import { App, Chart } from 'cdk8s';
import { RedDashboard, ResourceAlerts, ServiceMonitoring, SloDashboard, SloService, Tracing, UseDashboard } from 'sre-constructs/cdk8s';
import { ChaosSchedule } from 'sre-constructs/cdk8s';
import { paymentNamespace, paymentService, paymentServiceChaos } from '../payment-service';
import { ReadinessPack } from 'sre-constructs';
import { Readiness } from 'sre-constructs/cdk8s';
import { paymentDashboardPlacement, paymentServiceMonitoring, paymentServiceTracing } from '../payment-service';
import { paymentServiceWorkload, readinessReview, userAuthenticationWorkload } from '../readiness';
import { ServiceWorkload } from './workload';
import {
  dashboardPlacement,
  identityResourceAlerts,
  userAuthentication,
  userAuthenticationMonitoring,
  userAuthenticationPods,
  userAuthenticationTracing,
} from '../user-authentication';

/**
 * The seed's services as cdk8s charts: `user-authentication` with its SLOs, RED monitoring, resource
 * alerts, tracing, and the SLO, RED and USE dashboards that read what those record; `payment-service` with
 * its SLOs and its scheduled chaos experiment; both with their workloads, reviewed for production readiness.
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

  // Chaos engineering: the seed's payment-service, its SLOs and its weekly latency experiment.
  const payments = new Chart(app, 'payment-service', { namespace: paymentNamespace, disableResourceNameHashes: true });
  const paymentSlos = new SloService(payments, 'slos', { ...paymentService, metadata: { labels: { release: 'kube-prometheus-stack' } } });
  new ChaosSchedule(payments, 'chaos', paymentServiceChaos(paymentSlos.definition));

  // Production readiness: both services' workloads (cdk8s-plus), payment-service's scraping, tracing and
  // dashboard, and the review of the seed's checklist, which fails the synth on an error-level finding.
  new ServiceWorkload(chart, 'workload', userAuthenticationWorkload);
  new ServiceWorkload(payments, 'workload', paymentServiceWorkload);
  const paymentMonitoring = new ServiceMonitoring(payments, 'red', paymentServiceMonitoring);
  new Tracing(payments, 'tracing', paymentServiceTracing);
  new SloDashboard(payments, 'slo-dashboard', { service: paymentSlos, ...paymentDashboardPlacement });
  new RedDashboard(payments, 'red-dashboard', { monitoring: paymentMonitoring, ...paymentDashboardPlacement });
  Readiness.of(app).apply(ReadinessPack.seedChecklist(), readinessReview);
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
