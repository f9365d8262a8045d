import type { ComponentResource } from '@pulumi/pulumi';
import { RedDashboard, ResourceAlerts, ServiceMonitoring, SloDashboard, SloService, Tracing, UseDashboard } from 'sre-constructs/pulumi';
// Disaster recovery
import { DisasterRecoveryPlan } from 'sre-constructs/pulumi';
import {
  dashboardPlacement,
  identityResourceAlerts,
  userAuthentication,
  userAuthenticationMonitoring,
  userAuthenticationPods,
  userAuthenticationTracing,
} from '../user-authentication';
// Disaster recovery
import { userAuthenticationDisasterRecovery } from '../user-authentication';

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
export const components: ComponentResource[] = [slos, monitoring, resourceAlerts, tracing, sloDashboard, redDashboard, useDashboard];

// Disaster recovery: Kubernetes objects in identity, AWS Backup in eu-west-1 copied to eu-central-1, Route53 failover.
export const disasterRecovery = new DisasterRecoveryPlan('user-authentication-dr', inIdentity(userAuthenticationDisasterRecovery));
components.push(disasterRecovery);
/** What an operator inverts to fail auth.example.com over to eu-central-1 (see the DR runbook). */
export const approvalHealthCheckIds = disasterRecovery.approvalHealthCheckIds;
export const endpointHealthCheckIds = disasterRecovery.endpointHealthCheckIds;
