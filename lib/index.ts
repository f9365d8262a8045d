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
export { ReadSpecOptions } from './import/documents';
export { SlothImportOptions, fromSloth } from './import/sloth';
export { OpenSloImportOptions, fromOpenSlo } from './import/openslo';
export { NATIVE_API_VERSION, fromNativeYaml } from './import/native';
export { LoadSloSpecsOptions, LoadedService, SpecFormat, loadSloSpecs } from './import/load';
export { runCli } from './cli/main';
export { CliIO, OutputFile } from './cli/io';
export { InstantSample, PrometheusClient, PrometheusError, QueryRangeOptions, RangeSeries } from './cli/prometheus-client';
