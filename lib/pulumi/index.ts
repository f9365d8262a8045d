/**
 * The Pulumi door: ComponentResources that register the core's manifests as Kubernetes resources.
 *
 * @packageDocumentation
 */
export { SloService, SloServiceArgs } from './slo-service';
export { InputFields, LabelsInput, MetadataArgs, WithMetadataArgs, Writable } from './metadata-args';
export { KubernetesResource } from './manifest-resource';
export { BurnRateAlerts, BurnRateAlertsArgs } from './burn-rate-alerts';
export { ScrapeArgs, ServiceMonitoring, ServiceMonitoringArgs } from './service-monitoring';
export { ResourceAlerts, ResourceAlertsArgs } from './resource-alerts';
export { Tracing, TracingArgs } from './tracing';
export { SloDashboard, SloDashboardArgs } from './slo-dashboard';
export { RedDashboard, RedDashboardArgs } from './red-dashboard';
export { UseDashboard, UseDashboardArgs } from './use-dashboard';
// Chaos engineering
export { ChaosExperimentArgs, ChaosSchedule, ChaosScheduleArgs, ChaosTargetArgs } from './chaos-schedule';
// Automation and logging
export { Autoscaling, AutoscalingArgs } from './autoscaling';
export { CertificateRenewal, CertificateRenewalArgs } from './certificate-renewal';
export { LogPolicy, LogPolicyArgs } from './log-policy';
export { AwsLogArchive, AwsLogArchiveArgs } from './aws-log-archive';
// Incident response
export { IncidentRouting, IncidentRoutingArgs } from './incident-routing';
export { Runbooks, RunbooksArgs } from './runbooks';
export { OnCall, OnCallArgs, RotationArgs } from './on-call';
// Error-budget policy
export { ErrorBudgetPolicy, ErrorBudgetPolicyArgs } from './error-budget-policy';
// Capacity planning
export { CapacityPlan, CapacityPlanArgs } from './capacity-plan';
export { CapacityDashboard, CapacityDashboardArgs } from './capacity-dashboard';
// Disaster recovery
export { DisasterRecoveryPlan } from './disaster-recovery-plan';
export { DisasterRecoveryAwsArgs, DisasterRecoveryPlanArgs } from './disaster-recovery-args';
export { AwsBackup, AwsBackupArgs } from './aws-backup';
export { AwsProvider, AwsResource, PeerResource } from './peer-types';
export { Route53Failover, Route53FailoverArgs } from './route53-failover';
// Production readiness
export { ReadinessPolicy, readinessPolicies, readinessReport } from './readiness';
