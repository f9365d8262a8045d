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
// Automation and logging
export { Autoscaling, AutoscalingConstructProps } from './autoscaling';
export { CertificateRenewal } from './certificate-renewal';
export { LogPolicy } from './log-policy';
// Incident response
export { IncidentRouting } from './incident-routing';
export { Runbooks } from './runbooks';
// Error-budget policy
export { ErrorBudgetPolicy, ErrorBudgetPolicyConstructProps } from './error-budget-policy';
// Capacity planning
export { CapacityPlan } from './capacity-plan';
export { CapacityDashboard, CapacityDashboardConstructProps } from './capacity-dashboard';
// Disaster recovery
export { DisasterRecoveryPlan } from './disaster-recovery-plan';
export { RestoreDrill } from './restore-drill';
// Production readiness
export { Readiness, ReadinessOptions } from './readiness';
