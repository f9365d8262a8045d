/**
 * The Pulumi door: ComponentResources that register the core's manifests as Kubernetes resources.
 *
 * @packageDocumentation
 */
export { SloService, SloServiceArgs } from './slo-service';
export { LabelsInput, MetadataArgs, WithMetadataArgs } from './metadata-args';
export { KubernetesResource } from './manifest-resource';
export { BurnRateAlerts, BurnRateAlertsArgs } from './burn-rate-alerts';
export { ScrapeArgs, ServiceMonitoring, ServiceMonitoringArgs } from './service-monitoring';
export { ResourceAlerts, ResourceAlertsArgs } from './resource-alerts';
export { Tracing, TracingArgs } from './tracing';
export { SloDashboard, SloDashboardArgs } from './slo-dashboard';
export { RedDashboard, RedDashboardArgs } from './red-dashboard';
export { UseDashboard, UseDashboardArgs } from './use-dashboard';
