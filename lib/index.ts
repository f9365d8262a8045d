/**
 * sre-constructs: reliability practice as typed code. This is the engine-free core: spec types,
 * validation, error-budget maths and renderers to plain objects. The cdk8s and Pulumi doors are
 * `sre-constructs/cdk8s` and `sre-constructs/pulumi`.
 *
 * @packageDocumentation
 */
export { Duration } from './common/duration';
export { SpecError, SpecErrorDetail } from './common/errors';
export { KubernetesManifest, ManifestMetadata, ManifestMetadataProps } from './common/manifest';
export {
  LabelMatcher,
  MatchOperator,
  Selector,
  WINDOW_PLACEHOLDER,
  escapeTemplateText,
  findPromQLSyntaxError,
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
export { BurnRateTier, BurnRateTierDefinition, BurnRateTiers } from './alerting/burn-rate-tiers';
export { AbsentDataAlertProps, AlertedSlo, BurnRateAlertingDefinition, BurnRateAlertingProps } from './alerting/burn-rate-alerts';
export { BurnRateAlertsDefinition, BurnRateAlertsProps } from './alerting/burn-rate-alerts-definition';
export { AlertingRule, RecordingRule, Rule, RuleFile, RuleGroup } from './rules/rule-types';
