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
// Disaster recovery
export { DisasterRecoveryPlan } from './disaster-recovery-plan';
export { DisasterRecoveryAwsArgs, DisasterRecoveryPlanArgs } from './disaster-recovery-args';
export { AwsBackup, AwsBackupArgs } from './aws-backup';
export { Route53Failover, Route53FailoverArgs } from './route53-failover';
