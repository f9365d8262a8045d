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
  SliSpec,
} from './slo/sli';
export { SloMetrics } from './slo/metrics';
export { LatencyPercentileSloProps, Slo } from './slo/slo';
export { ErrorBudget, STANDARD_WINDOWS, SloDefinition, SloProps, SloServiceDefinition, SloServiceProps } from './slo/slo-service';
export { EcosystemSeverity, Severity, SeverityName } from './alerting/severity';
export { BurnRateTier, BurnRateTierDefinition, BurnRateTiers } from './alerting/burn-rate-tiers';
export { AbsentDataAlertProps, AlertedSlo, BurnRateAlertingDefinition, BurnRateAlertingProps } from './alerting/burn-rate-alerts';
export { BurnRateAlertsDefinition, BurnRateAlertsProps } from './alerting/burn-rate-alerts-definition';
export { AlertingRule, RecordingRule, Rule, RuleFile, RuleGroup } from './rules/rule-types';
export { RuleSet } from './rules/rule-set';
export { DashboardKind, dashboardUid, grafanaDashboardUrl } from './dashboards/grafana';
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
export { ReadSpecOptions } from './import/documents';
export { SlothImportOptions, fromSloth } from './import/sloth';
export { OpenSloImportOptions, fromOpenSlo } from './import/openslo';
export { NATIVE_API_VERSION, fromNativeYaml } from './import/native';
export { LoadSloSpecsOptions, LoadedService, SpecFormat, loadSloSpecs } from './import/load';
export { runCli } from './cli/main';
export { CliIO } from './cli/io';
export { InstantSample, PrometheusClient, PrometheusError, QueryRangeOptions, RangeSeries } from './cli/prometheus-client';
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
export { Delivery, ReceiverFact, RouteMatcher, RouteNode, RoutingTreeFact, deliveries } from './readiness/model/routing';
export { InlineSecretFact } from './readiness/model/secrets';
export { BudgetGateFact } from './readiness/model/gates';
export { BackupScheduleFact, DR_METADATA, RestoreDrillFact } from './readiness/model/backups';
