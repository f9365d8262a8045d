import { RedDashboard, ResourceAlerts, ServiceMonitoring, SloDashboard, SloService, Tracing, UseDashboard } from 'sre-constructs/pulumi';
import { ChaosSchedule } from 'sre-constructs/pulumi';
import { paymentNamespace, paymentService, paymentServiceChaos } from '../payment-service';
import { paymentDashboardPlacement, paymentServiceMonitoring, paymentServiceTracing } from '../payment-service';
import { paymentServiceWorkload, userAuthenticationWorkload } from '../readiness';
import { ServiceWorkload } from './workload';
import {
  dashboardPlacement,
  identityResourceAlerts,
  userAuthentication,
  userAuthenticationMonitoring,
  userAuthenticationPods,
  userAuthenticationTracing,
} from '../user-authentication';

/** The seed's service as a Pulumi program: `pulumi up` registers its rules, scraping, tracing and dashboards. */
const inIdentity = <T extends { metadata?: object }>(props: T): T => ({ ...props, metadata: { namespace: 'identity', ...props.metadata } });

export const slos = new SloService('user-authentication', inIdentity({ ...userAuthentication, metadata: { labels: { release: 'kube-prometheus-stack' } } }));
const { scrape } = userAuthenticationMonitoring;
export const monitoring = new ServiceMonitoring('user-authentication-red', { ...inIdentity(userAuthenticationMonitoring), scrape: scrape && inIdentity(scrape) });
export const resourceAlerts = new ResourceAlerts('identity-resources', inIdentity(identityResourceAlerts));
export const tracing = new Tracing('user-authentication-tracing', inIdentity(userAuthenticationTracing));
export const sloDashboard = new SloDashboard('user-authentication-slo', { service: slos, ...dashboardPlacement });
export const redDashboard = new RedDashboard('user-authentication-red', { monitoring, ...dashboardPlacement });
export const useDashboard = new UseDashboard('user-authentication-use', { ...userAuthenticationPods, resourceAlerts, ...dashboardPlacement });

export const prometheusRuleName = slos.prometheusRuleName;
export const components = [slos, monitoring, resourceAlerts, tracing, sloDashboard, redDashboard, useDashboard];

// Chaos engineering: the seed's payment-service, its SLOs and its weekly latency experiment.
export const paymentSlos = new SloService('payment-service', { ...paymentService, metadata: { namespace: paymentNamespace, labels: { release: 'kube-prometheus-stack' } } });
export const paymentChaos = new ChaosSchedule('payment-service-chaos', {
  ...paymentServiceChaos(paymentSlos.definition),
  prometheusRule: { namespace: paymentNamespace, labels: { release: 'kube-prometheus-stack' } },
});
export const experimentCard = paymentChaos.card;
export const paymentComponents = [paymentSlos, paymentChaos];

// Production readiness: both services' workloads, and payment-service's scraping, tracing and dashboards.
// policy/ is the readiness review as a CrossGuard policy pack: pulumi up --policy-pack ./policy.
const inPayments = <T extends { metadata?: object }>(props: T): T => ({ ...props, metadata: { namespace: paymentNamespace, ...props.metadata } });
const { scrape: paymentScrape } = paymentServiceMonitoring;
export const paymentMonitoring = new ServiceMonitoring('payment-service-red', { ...inPayments(paymentServiceMonitoring), scrape: paymentScrape && inPayments(paymentScrape) });
export const readinessComponents = [
  new ServiceWorkload('user-authentication', userAuthenticationWorkload),
  new ServiceWorkload('payment-service', paymentServiceWorkload),
  paymentMonitoring,
  new Tracing('payment-service-tracing', inPayments(paymentServiceTracing)),
  new SloDashboard('payment-service-slo', { service: paymentSlos, ...paymentDashboardPlacement }),
  new RedDashboard('payment-service-red', { monitoring: paymentMonitoring, ...paymentDashboardPlacement }),
];
