import { RedDashboard, ResourceAlerts, ServiceMonitoring, SloDashboard, SloService, Tracing, UseDashboard } from 'sre-constructs/pulumi';
import { CapacityDashboard, CapacityPlan } from 'sre-constructs/pulumi';
import {
  dashboardPlacement,
  identityResourceAlerts,
  userAuthentication,
  userAuthenticationCapacity,
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

// Capacity planning
export const capacity = new CapacityPlan('user-authentication-capacity', inIdentity(userAuthenticationCapacity));
export const capacityDashboard = new CapacityDashboard('user-authentication-capacity', { plan: capacity, ...dashboardPlacement });

export const prometheusRuleName = slos.prometheusRuleName;
export const components = [slos, monitoring, resourceAlerts, tracing, sloDashboard, redDashboard, useDashboard, capacity, capacityDashboard];
