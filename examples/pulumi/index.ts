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
  paymentServiceChaos,
  paymentServiceMonitoring,
  paymentServiceTracing,
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
// Disaster recovery

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

// Automation and logging
export const autoscaling = new Autoscaling('user-authentication-autoscaling', userAuthenticationAutoscaling);
export const certificate = new CertificateRenewal('user-authentication-certificate', { ...userAuthenticationCertificate, alerts: resourceAlerts.definition });
export const logPolicy = new LogPolicy('identity-logs', identityLogPolicy);
export const logArchive = new AwsLogArchive('identity-logs', { ...identityLogArchive, bucketName: identityLogArchiveBucket, tags: { team: 'identity' } });

// Incident response: PagerDuty on-call whose integration keys land in the Secret the routing's receivers read.
export const onCall = new OnCall('user-authentication-oncall', identityOnCall);
export const runbooks = new Runbooks('identity-runbooks', identityRunbooks([slos, monitoring, resourceAlerts]));
export const routing = new IncidentRouting('identity-routing', inIdentity(identityRouting([slos, monitoring, resourceAlerts])));

// Capacity planning
export const capacity = new CapacityPlan('user-authentication-capacity', inIdentity(userAuthenticationCapacity));
export const capacityDashboard = new CapacityDashboard('user-authentication-capacity', { plan: capacity, ...dashboardPlacement });

// Disaster recovery: Kubernetes objects in identity, AWS Backup in eu-west-1 copied to eu-central-1, Route53 failover.
export const disasterRecovery = new DisasterRecoveryPlan('user-authentication-dr', inIdentity(userAuthenticationDisasterRecovery));
/** What an operator inverts to fail auth.example.com over to eu-central-1 (see the DR runbook). */
export const approvalHealthCheckIds = disasterRecovery.approvalHealthCheckIds;
export const endpointHealthCheckIds = disasterRecovery.endpointHealthCheckIds;

export const prometheusRuleName = slos.prometheusRuleName;
export const components: ComponentResource[] = [slos, monitoring, resourceAlerts, tracing, sloDashboard, redDashboard, useDashboard, autoscaling, certificate, logPolicy, logArchive, onCall, runbooks, routing, budgetPolicy, capacity, capacityDashboard, disasterRecovery];

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
