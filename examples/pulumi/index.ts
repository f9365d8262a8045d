import {
  Autoscaling,
  AwsLogArchive,
  CapacityDashboard,
  CapacityPlan,
  CertificateRenewal,
  ChaosSchedule,
  DisasterRecoveryPlan,
  ErrorBudgetPolicy,
  IncidentRouting,
  LogPolicy,
  OnCall,
  RedDashboard,
  ResourceAlerts,
  Runbooks,
  ServiceMonitoring,
  SloDashboard,
  SloService,
  Tracing,
  UseDashboard,
} from 'sre-constructs/pulumi';
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
import type { ComponentResource } from '@pulumi/pulumi';
import { paymentServiceWorkload, userAuthenticationWorkload } from '../readiness';
import { ServiceWorkload } from './workload';
import {
  dashboardPlacement,
  identityLogArchive,
  identityLogArchiveBucket,
  identityLogPolicy,
  identityOnCall,
  identityResourceAlerts,
  identityRouting,
  identityRunbooks,
  userAuthentication,
  userAuthenticationAutoscaling,
  userAuthenticationBudgetPolicy,
  userAuthenticationCapacity,
  userAuthenticationCertificate,
  userAuthenticationDisasterRecovery,
  userAuthenticationMonitoring,
  userAuthenticationPods,
  userAuthenticationTracing,
} from '../user-authentication';

/** The seed's service as a Pulumi program: `pulumi up` registers its rules, scraping, tracing, dashboards and error-budget policy. */
const inIdentity = <T extends { metadata?: object }>(props: T): T => ({ ...props, metadata: { namespace: 'identity', ...props.metadata } });

export const slos = new SloService('user-authentication', inIdentity({ ...userAuthentication, metadata: { labels: { release: 'kube-prometheus-stack' } } }));
const { scrape } = userAuthenticationMonitoring;
export const monitoring = new ServiceMonitoring('user-authentication-red', { ...inIdentity(userAuthenticationMonitoring), scrape: scrape && inIdentity(scrape) });
export const resourceAlerts = new ResourceAlerts('identity-resources', inIdentity(identityResourceAlerts));
export const tracing = new Tracing('user-authentication-tracing', inIdentity(userAuthenticationTracing));
export const sloDashboard = new SloDashboard('user-authentication-slo', { service: slos, ...dashboardPlacement });
export const redDashboard = new RedDashboard('user-authentication-red', { monitoring, ...dashboardPlacement });
export const useDashboard = new UseDashboard('user-authentication-use', { ...userAuthenticationPods, resourceAlerts, ...dashboardPlacement });
const { deployGates } = userAuthenticationBudgetPolicy;
export const budgetPolicy = new ErrorBudgetPolicy('user-authentication-budget-policy', {
  ...inIdentity({ ...userAuthenticationBudgetPolicy, metadata: { labels: { release: 'kube-prometheus-stack' } } }),
  service: slos,
  deployGates: deployGates && inIdentity(deployGates),
});

// Capacity planning
export const capacity = new CapacityPlan('user-authentication-capacity', inIdentity(userAuthenticationCapacity));
export const capacityDashboard = new CapacityDashboard('user-authentication-capacity', { plan: capacity, ...dashboardPlacement });

// Automation and logging: the HPA keeps the capacity plan's headroom
export const autoscaling = new Autoscaling('user-authentication-autoscaling', userAuthenticationAutoscaling(capacity));
export const certificate = new CertificateRenewal('user-authentication-certificate', { ...userAuthenticationCertificate, alerts: resourceAlerts.definition });
export const logPolicy = new LogPolicy('identity-logs', identityLogPolicy);
export const logArchive = new AwsLogArchive('identity-logs', { ...identityLogArchive, bucketName: identityLogArchiveBucket, tags: { team: 'identity' } });

// Disaster recovery: Kubernetes objects in identity, AWS Backup in eu-west-1 copied to eu-central-1, Route53 failover.
export const disasterRecovery = new DisasterRecoveryPlan('user-authentication-dr', inIdentity(userAuthenticationDisasterRecovery));
/** What an operator inverts to fail auth.example.com over to eu-central-1 (see the DR runbook). */
export const approvalHealthCheckIds = disasterRecovery.approvalHealthCheckIds;
export const endpointHealthCheckIds = disasterRecovery.endpointHealthCheckIds;

// Incident response: PagerDuty on-call whose integration keys land in the Secret the routing's receivers read.
export const onCall = new OnCall('user-authentication-oncall', identityOnCall);
// Every alert pack of the service is routed, and each of its paging alerts has a runbook.
const alertSources = [slos, monitoring, resourceAlerts, budgetPolicy, capacity, autoscaling, logPolicy, disasterRecovery];
export const runbooks = new Runbooks('identity-runbooks', identityRunbooks(alertSources));
export const routing = new IncidentRouting('identity-routing', inIdentity(identityRouting(alertSources)));

export const prometheusRuleName = slos.prometheusRuleName;
export const components: ComponentResource[] = [slos, monitoring, resourceAlerts, tracing, sloDashboard, redDashboard, useDashboard, autoscaling, certificate, logPolicy, logArchive, onCall, runbooks, routing, budgetPolicy, capacity, capacityDashboard, disasterRecovery];

// Chaos engineering: the seed's payment-service, its SLOs, its error-budget policy and its weekly latency
// experiment, which stops while the policy freezes deploys.
export const paymentSlos = new SloService('payment-service', { ...paymentService, metadata: { namespace: paymentNamespace, labels: { release: 'kube-prometheus-stack' } } });
const paymentGates = paymentServiceBudgetPolicy.deployGates;
export const paymentBudgetPolicy = new ErrorBudgetPolicy('payment-service-budget-policy', {
  ...paymentServiceBudgetPolicy,
  service: paymentSlos,
  metadata: { namespace: paymentNamespace, ...paymentServiceBudgetPolicy.metadata },
  deployGates: paymentGates && { ...paymentGates, metadata: { namespace: paymentNamespace, ...paymentGates.metadata } },
});
export const paymentChaos = new ChaosSchedule('payment-service-chaos', {
  ...paymentServiceChaos(paymentSlos.definition, paymentBudgetPolicy),
  prometheusRule: { namespace: paymentNamespace, labels: { release: 'kube-prometheus-stack' } },
});
export const experimentCard = paymentChaos.card;
const inPayments = <T extends { metadata?: object }>(props: T): T => ({ ...props, metadata: { namespace: paymentNamespace, ...props.metadata } });
const { scrape: paymentScrape } = paymentServiceMonitoring;
export const paymentMonitoring = new ServiceMonitoring('payment-service-red', { ...inPayments(paymentServiceMonitoring), scrape: paymentScrape && inPayments(paymentScrape) });
export const paymentCapacity = new CapacityPlan('payment-service-capacity', inPayments(paymentServiceCapacity));
export const paymentAutoscaling = new Autoscaling('payment-service-autoscaling', paymentServiceAutoscaling(paymentCapacity));
const paymentAlertSources = [paymentSlos, paymentMonitoring, paymentBudgetPolicy, paymentChaos, paymentCapacity, paymentAutoscaling];
export const paymentRunbooks = new Runbooks('payment-service-runbooks', paymentsRunbooks(paymentAlertSources));
export const paymentRouting = new IncidentRouting('payment-service-routing', {
  ...paymentsRouting(paymentAlertSources),
  metadata: { namespace: paymentNamespace, labels: { release: 'kube-prometheus-stack' } },
});
export const paymentComponents = [paymentSlos, paymentMonitoring, paymentBudgetPolicy, paymentChaos, paymentCapacity, paymentAutoscaling, paymentRunbooks, paymentRouting];

// Production readiness: both services' workloads, and payment-service's tracing and dashboards.
// policy/ is the readiness review as a CrossGuard policy pack: pulumi up --policy-pack ./policy.
export const readinessComponents = [
  new ServiceWorkload('user-authentication', userAuthenticationWorkload),
  new ServiceWorkload('payment-service', paymentServiceWorkload),
  new Tracing('payment-service-tracing', inPayments(paymentServiceTracing)),
  new SloDashboard('payment-service-slo', { service: paymentSlos, ...paymentDashboardPlacement }),
  new RedDashboard('payment-service-red', { monitoring: paymentMonitoring, ...paymentDashboardPlacement }),
];
