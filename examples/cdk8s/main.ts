import { App, Chart } from 'cdk8s';
import { RedDashboard, ResourceAlerts, ServiceMonitoring, SloDashboard, SloService, Tracing, UseDashboard } from 'sre-constructs/cdk8s';
// Disaster recovery
import { DisasterRecoveryPlan } from 'sre-constructs/cdk8s';
import {
  dashboardPlacement,
  identityResourceAlerts,
  userAuthentication,
  userAuthenticationMonitoring,
  userAuthenticationPods,
  userAuthenticationTracing,
} from '../user-authentication';
// Disaster recovery
import { userAuthenticationDisasterRecoveryK8s } from '../user-authentication';

/**
 * The seed's service as a cdk8s chart: its SLOs, RED monitoring, resource alerts, tracing, and the SLO, RED
 * and USE dashboards that read what those record.
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
  // Disaster recovery
  new DisasterRecoveryPlan(chart, 'disaster-recovery', userAuthenticationDisasterRecoveryK8s);
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
