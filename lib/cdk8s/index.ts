/**
 * The cdk8s door: constructs that add the core's manifests to a cdk8s chart.
 *
 * @packageDocumentation
 */
export { SloService } from './slo-service';
export { BurnRateAlerts, BurnRateAlertsConstructProps } from './burn-rate-alerts';
export { ServiceMonitoring } from './service-monitoring';
export { ResourceAlerts } from './resource-alerts';
export { Tracing } from './tracing';
export { SloDashboard, SloDashboardConstructProps } from './slo-dashboard';
export { RedDashboard, RedDashboardConstructProps } from './red-dashboard';
export { UseDashboard, UseDashboardConstructProps } from './use-dashboard';
// Chaos engineering
export { ChaosSchedule } from './chaos-schedule';
// Production readiness
export { Readiness, ReadinessOptions } from './readiness';
