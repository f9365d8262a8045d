/**
 * The Pulumi door: ComponentResources that register the core's manifests as Kubernetes resources.
 *
 * @packageDocumentation
 */
export { SloService, SloServiceArgs } from './slo-service';
export { MetadataArgs, WithMetadataArgs } from './metadata-args';
export { KubernetesResource } from './manifest-resource';
export { BurnRateAlerts, BurnRateAlertsArgs } from './burn-rate-alerts';
export { ServiceMonitoring } from './service-monitoring';
export { ResourceAlerts } from './resource-alerts';
export { Tracing } from './tracing';
export { SloDashboard, SloDashboardArgs } from './slo-dashboard';
export { RedDashboard, RedDashboardArgs } from './red-dashboard';
export { UseDashboard, UseDashboardArgs } from './use-dashboard';
// Chaos engineering
export { ChaosExperimentArgs, ChaosSchedule, ChaosScheduleArgs, ChaosTargetArgs } from './chaos-schedule';
// Production readiness
export { ReadinessPolicy, readinessPolicies, readinessReport } from './readiness';
