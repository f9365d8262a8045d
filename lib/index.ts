/**
 * sre-constructs: reliability practice as typed code. This is the engine-free core: spec types,
 * validation, error-budget maths and renderers to plain objects. The cdk8s and Pulumi doors are
 * `sre-constructs/cdk8s` and `sre-constructs/pulumi`.
 *
 * @packageDocumentation
 */
export { Duration } from './common/duration';
export { CronDialect, CronSchedule, cronForInterval, parseCron } from './common/cron';
export { SpecError, SpecErrorDetail } from './common/errors';
export { ConfigMapManifest, KubernetesManifest, ManifestMetadata, ManifestMetadataProps } from './common/manifest';
export {
  LabelMatcher,
  MatchOperator,
  Selector,
  WINDOW_PLACEHOLDER,
  escapeTemplateText,
  findPromQLSyntaxError,
  metricNamesIn,
  parseSelector,
  quotePromQLString,
  renderSelector,
} from './common/promql';
export { toYaml, toYamlDocuments } from './common/yaml';
export { Objective } from './slo/objective';
export {
  AvailabilitySliProps,
  BoolGaugeSliProps,
  CompiledSli,
  ErrorRatioSliProps,
  EventsSliProps,
  HistogramUnit,
  LatencySliProps,
  NativeLatencySliProps,
  Sli,
  SliComposition,
  SliSpec,
} from './slo/sli';
export { SloMetrics } from './slo/metrics';
export { LatencyPercentileSloProps, Slo } from './slo/slo';
export {
  ErrorBudget,
  PartialResponseStrategy,
  RuleGroupLayout,
  STANDARD_WINDOWS,
  SloDefinition,
  SloProps,
  SloRuleGroupsProps,
  SloServiceDefinition,
  SloServiceProps,
  WindowDerivation,
  WindowSource,
} from './slo/slo-service';
export { BASE_WINDOW, SloGroupLayout } from './slo/recording-rules';
export { MAX_TILES, WindowComposition, WindowTiles } from './slo/window-composition';
export { EcosystemSeverity, Severity, SeverityName } from './alerting/severity';
export { RunbookLinkDefinition, alertPageName, runbookPage, sloRunbookPage } from './alerting/runbook-links';
export { BurnRateTier, BurnRateTierDefinition, BurnRateTiers } from './alerting/burn-rate-tiers';
export { AbsentDataAlertProps, AlertedSlo, BurnRateAlertingDefinition, BurnRateAlertingProps } from './alerting/burn-rate-alerts';
export { BurnRateAlertsDefinition, BurnRateAlertsProps } from './alerting/burn-rate-alerts-definition';
export { AlertingRule, RecordingRule, Rule, RuleFile, RuleGroup } from './rules/rule-types';
export { RuleSet } from './rules/rule-set';
export { DashboardKind, dashboardUid, grafanaDashboardUrl } from './dashboards/dashboard-uid';
export { DashboardModel, DashboardPanelModel, DashboardVariableModel } from './dashboards/dashboard-model';
export { DashboardCatalog, DashboardDefinition, DashboardProps } from './dashboards/dashboard';
export {
  ConfigMapDeliveryProps,
  DashboardDelivery,
  DashboardDeliveryDefinition,
  DashboardDeliveryProps,
  GrafanaOperatorDeliveryProps,
  MAX_DASHBOARD_BYTES,
} from './dashboards/delivery';
export { SloDashboardDefinition, SloDashboardProps } from './dashboards/slo-dashboard';
export { RedDashboardDefinition, RedDashboardProps } from './dashboards/red-dashboard';
export { UseDashboardDefinition, UseDashboardProps } from './dashboards/use-dashboard';
export { AlertRuleDefinition, AlertRuleProps } from './monitoring/alert-rules';
export { KubernetesMetrics } from './monitoring/kubernetes-metrics';
export { RedMetrics } from './monitoring/red-metrics';
export {
  ErrorRateAlertDefinition,
  ErrorRateAlertProps,
  LatencyAlertDefinition,
  LatencyAlertProps,
  ScrapeDefinition,
  ScrapeKind,
  ScrapeProps,
  ServiceMonitoringDefinition,
  ServiceMonitoringProps,
} from './monitoring/service-monitoring';
export {
  CertificateExpiryAlertDefinition,
  CertificateExpiryAlertProps,
  CpuThrottlingAlertDefinition,
  CpuThrottlingAlertProps,
  OomKilledAlertDefinition,
  OomKilledAlertProps,
  ResourceAlertsDefinition,
  ResourceAlertsProps,
} from './monitoring/resource-alerts';
export { TracePropagator, TraceSampler, TracingDefinition, TracingProps } from './monitoring/tracing';
// Incident response
export { Credential, OPERATOR_SECRETS_DIR, SecretKeySelector } from './incidents/credential';
export {
  EmailReceiverProps,
  OpsgenieReceiverProps,
  OpsgenieResponder,
  PagerDutyReceiverProps,
  Receiver,
  ReceiverCommonProps,
  ReceiverDefinition,
  ReceiverKind,
  ReceiverSpec,
  SlackReceiverProps,
  WebhookReceiverProps,
} from './incidents/receiver';
export {
  EscalationProps,
  IncidentRoutingDefinition,
  IncidentRoutingProps,
  InhibitRuleDefinition,
  InhibitionProps,
  OperatorMatcherStrategy,
  RouteDefinition,
  RouteMatcher,
  RouteTiming,
  ServiceRouteProps,
  TestTimingProps,
  WatchdogRouteProps,
  sevTiming,
} from './incidents/incident-routing';
export { AlertSource, AlertSourceLike, EmittedAlert, EmittedAlertKind, emittedAlerts } from './incidents/emitted-alerts';
export { DiagnosisStep, MitigationOption, MitigationRisk, RunbookDefinition, RunbookEscalation, RunbookProps, RunbookYamlOptions } from './incidents/runbook';
export { RunbookConfigMapProps, RunbooksDefinition, RunbooksProps, runbookCoverageProblems } from './incidents/runbooks';
export { POSTMORTEM_DUE, PostmortemIncident, PostmortemTemplateDefinition } from './incidents/postmortem';
export { OnCallDefinition, OnCallProps, OnCallSecretProps, PagerDutyServiceArgs, RotationProps, ScheduleArgsWithoutUsers } from './incidents/on-call';
export { ReadSpecOptions } from './import/documents';
export { SlothImportOptions, fromSloth } from './import/sloth';
export { OpenSloImportOptions, fromOpenSlo } from './import/openslo';
export { NATIVE_API_VERSION, fromNativeYaml } from './import/native';
export { LoadSloSpecsOptions, LoadedService, SpecFormat, loadSloSpecs } from './import/load';
// Capacity planning
export { Headroom } from './capacity/headroom';
export { CapacityMetrics, CapacitySourceMetrics } from './capacity/capacity-metrics';
export {
  CapacityResource,
  CapacityResourceBaseProps,
  CapacityResourceDefinition,
  CapacityResourceSpec,
  ComputeBound,
  DatabaseConnectionsProps,
  GaugeCapacityProps,
  NodeComputeProps,
  VolumeCapacityProps,
  WorkloadComputeProps,
} from './capacity/capacity-resource';
export { CapacityAlertDefinition, CapacityAlertProps, CapacityPlanDefinition, CapacityPlanProps, RunwayAlertProps } from './capacity/capacity-plan';
export { CapacityDashboardDefinition } from './capacity/capacity-dashboard';
export { runCli } from './cli/main';
// Chaos engineering
export {
  Bound,
  BurnRateAlertConditionProps,
  ChaosComparator,
  ChaosCondition,
  ChaosConditionBaseProps,
  ChaosConditionDefinition,
  ChaosConditionSpec,
  ChaosConditionUnit,
  ErrorBudgetConditionProps,
  HistogramQuantileConditionProps,
  LowerBound,
  PromQLConditionProps,
  SloErrorRatioConditionProps,
  SloLatencyConditionProps,
  UpperBound,
} from './chaos/conditions';
export {
  ChaosFault,
  ChaosFaultDefinition,
  ChaosFaultKind,
  ChaosFaultSpec,
  CpuStressProps,
  ExternalTargetsProps,
  HttpDelayProps,
  HttpTargetProps,
  MemoryStressProps,
  NetworkDirection,
  NetworkLatencyProps,
  NetworkLossProps,
  NetworkPartitionProps,
  PodKillProps,
} from './chaos/faults';
export { ChaosEnvironment, ChaosOptIn, ChaosPause } from './chaos/safety';
export { ChaosTargetDefinition, ChaosTargetProps, ChaosWorkloadKind } from './chaos/target';
export { ChaosChecksDefinition, ChaosChecksProps } from './chaos/checks';
export {
  ChaosAlertsDefinition,
  ChaosAlertsProps,
  ChaosVerificationDefinition,
  ChaosVerificationProps,
  CircuitBreakerProps,
} from './chaos/verification';
export { CHAOS_ANNOTATIONS, CHAOS_LABELS, ChaosEngineKind, ChaosExperimentDefinition, ChaosExperimentProps, ENGINE_NAME_LIMITS } from './chaos/experiment';
export { WeeklyRuns } from './chaos/run-window';
export { CHAOS_ALERTS } from './chaos/chaos-alerts';
export { CHAOS_MESH_ABORT_ANNOTATION, CHAOS_MESH_PAUSE_ANNOTATION, statusCheckQuery } from './chaos/chaos-mesh';
export { LITMUS_EXPERIMENTS, litmusQuery } from './chaos/litmus';
export { LitmusIdentity, RbacRule, RoleBindingManifest, RoleManifest, ServiceAccountManifest } from './chaos/litmus-rbac';
export { ChaosManifest, ChaosScheduleDefinition, ChaosScheduleProps, LitmusOptions } from './chaos/chaos-schedule';
// Automation: self-healing and scaling, remediations, automation-stuck alerts
export { AutomationAlertDefinition, AutomationAlertProps } from './automation/automation-alert';
export { CapacityPlanHeadroom, DEFAULT_HEADROOM_PERCENT, HeadroomDefinition, HeadroomSource } from './automation/headroom';
export {
  MemoryPolicy,
  MemoryPolicyDefinition,
  MemoryRecommendationProps,
  RaiseOnOomProps,
  RepeatedOomKillsAlertProps,
  RestartAndTicketProps,
  RUNBOOK_ANNOTATION,
} from './automation/memory-policy';
export {
  AutoscalingDefinition,
  AutoscalingProps,
  CpuScalingProps,
  HorizontalScalingDefinition,
  HorizontalScalingProps,
  REQUESTS_EXTERNAL_METRIC,
  RequestsPerPodProps,
  ScalingRulesDefinition,
  ScalingRulesProps,
  WorkloadRef,
} from './automation/autoscaling';
export { CertificateIssuerRef, CertificateRenewalDefinition, CertificateRenewalProps } from './automation/certificate-renewal';
// Logging policy
export { RetentionTiersDefinition, RetentionTiersProps } from './logging/retention';
export {
  DEFAULT_REQUIRED_FIELDS,
  LOG_POLICY_ATTRIBUTES,
  LOG_RECORDS_METRIC,
  LogPolicyDefinition,
  LogPolicyMetrics,
  LogPolicyProps,
  NonConformingLogsAlertProps,
} from './logging/log-policy';
export {
  AwsLogArchiveDefinition,
  AwsLogArchiveProps,
  CLOUDWATCH_RETENTION_DAYS,
  EncryptionRuleArgs,
  LifecycleRuleArgs,
  LogGroupArgs,
  S3StorageClass,
} from './logging/aws-log-archive';
export { AlertingRuleInfo, InstantSample, PrometheusClient, PrometheusError, QueryRangeOptions, RangeSeries } from './cli/prometheus-client';
// Error-budget policy
export { BudgetPolicyMetrics } from './policy/metrics';
export {
  BudgetExemption,
  DeployFreeze,
  DeployGateObject,
  ErrorBudgetAlertDefinition,
  ErrorBudgetAlertProps,
  ErrorBudgetPolicyDefinition,
  ErrorBudgetPolicyProps,
} from './policy/error-budget-policy';
export { AnalysisTemplateKind, DeployGatesDefinition, DeployGatesProps, NO_EXEMPTION } from './policy/deploy-gates';
export { AnalysisMetric, AnalysisTemplateArgs, EXEMPTION_ARG } from './policy/argo-rollouts';
export { EXEMPTION_VARIABLE, FlaggerCanaryMetric } from './policy/flagger';
export { BudgetReport, BudgetSelection, SloBudget, SloPolicyState, exhaustion, readSloBudgets } from './policy/budget-report';
// Disaster recovery
export {
  DisasterRecoveryPlanDefinition,
  DisasterRecoveryPlanProps,
  DrAlertsProps,
  RegionsProps,
} from './dr/disaster-recovery-plan';
export { BackupCadence, BackupEncryption, BackupPolicyDefinition, BackupPolicyProps } from './dr/backup-policy';
export {
  AwsBackupSelectionDefinition,
  AwsBackupSelectionProps,
  DataStoreDefinition,
  DataStoreProps,
  PostgresBackupDefinition,
  PostgresBackupMethod,
  PostgresBackupProps,
  PostgresRecoveryProps,
  RpoOverrideProps,
  VolumeBackupDefinition,
  VolumeBackupHookDefinition,
  VolumeBackupHookProps,
  VolumeBackupProps,
} from './dr/data-store';
export {
  FailoverAutomation,
  FailoverKind,
  FailoverProcedureDefinition,
  FailoverProcedureProps,
  FailoverTriggerProps,
} from './dr/failover-procedure';
export {
  EndpointHealthCheckProps,
  ExistingHealthCheckIds,
  FailoverDnsDefinition,
  FailoverDnsManager,
  FailoverDnsProps,
  FailoverTargetDefinition,
  FailoverTargetProps,
  HealthCheckSpec,
  RecordSpec,
  Route53FailoverSpec,
  mapFailoverDnsNames,
} from './dr/failover-dns';
export { DrillContainer, DrillGrant, DrillJobPolicy, RestoreDrillDefinition, RestoreDrillManifests, RestoreDrillProps } from './dr/restore-drill';
export { AwsBackupSpec, BackupRuleSpec, StoreBackupPlanSpec } from './dr/aws-backup';
export { BaseBackupMetrics, CronJobMetrics, DrMetrics } from './dr/metrics';
// Production readiness
export { CHECKLIST, CHECKLIST_SECTIONS, ChecklistItem, ChecklistSection } from './readiness/checklist';
export { ReadinessContext, ReadinessFinding, ReadinessLevel, ReadinessRule } from './readiness/rule';
export { READINESS_RULES } from './readiness/rules';
export { ReadinessPack, ReadinessPackEntry, ReadinessPackProps, ReadinessRuleSettings } from './readiness/pack';
export { AttestationDefinition, AttestationProps } from './readiness/attestation';
export { ReadinessAcknowledgement, ReadinessAcknowledgementProps } from './readiness/acknowledgement';
export { ReadinessReviewDefinition, ReadinessReviewProps } from './readiness/review';
export {
  AcknowledgedFinding,
  ReadinessCounts,
  ReadinessReport,
  ReadinessReportProps,
  ReadinessResult,
  ReadinessStatus,
  ReadinessTreeSummary,
  findingText,
} from './readiness/report';
export { READINESS_FILE, ReadinessFileContent, isReadinessFile, packNamed, readReadinessFile, readinessFileContent, reviewPropsFromFile } from './readiness/file';
export { ReadinessModel, ServiceFact } from './readiness/model/model';
export { ManifestSource, ObjectRef, PLAIN_FILE_KINDS, ReviewedObject, SkippedDocument, describeObject } from './readiness/model/objects';
export { StackResource, manifestsFromStack } from './readiness/model/stack';
export { LabelSelector } from './readiness/model/selectors';
export { AlertFact, RecordingFact, SloFact, isBudgetSeries, isPaging } from './readiness/model/prometheus';
export {
  AutoscalerFact,
  ContainerFact,
  DisruptionBudgetFact,
  InstrumentationFact,
  NetworkPolicyFact,
  SERVICE_LABEL,
  SINGLE_REPLICA_REASON,
  ScrapeFact,
  ServiceObjectFact,
  WorkloadFact,
  WorkloadFacts,
} from './readiness/model/workloads';
export { DashboardFact } from './readiness/model/dashboards';
export { ChaosFact } from './readiness/model/chaos';
export { Delivery, ReceiverFact, RouteMatcherFact, RouteNode, RoutingTreeFact, deliveries } from './readiness/model/routing';
export { InlineSecretFact } from './readiness/model/secrets';
export { BudgetGateFact } from './readiness/model/gates';
export { BackupScheduleFact, DR_METADATA, RestoreDrillFact } from './readiness/model/backups';
export { CliIO, OutputFile } from './cli/io';
// Integration: concerns reading each other (chaos pauses on a budget freeze)
export { BudgetFreezeSource } from './chaos/conditions';
export { DeclaredFreeze } from './policy/error-budget-policy';
export { POLICY_ANNOTATIONS } from './policy/argo-rollouts';
export { ResultLabel, resultLabel } from './common/series-labels';
