import { parseHttpUrl } from '../common/urls';
import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';

/** Which Argo Rollouts template kind to emit: namespaced, or for the whole cluster. */
export type AnalysisTemplateKind = 'AnalysisTemplate' | 'ClusterAnalysisTemplate';

/**
 * Templates that let a progressive-delivery controller gate deploys on the error-budget policy.
 *
 * Argo Rollouts gets one AnalysisTemplate with two metrics: `error-budget` fails while the policy freezes
 * deploys, `canary-burn-rate` fails while the service burns faster than the policy's canary ceiling. Flagger
 * gets one MetricTemplate for each; the thresholds go in the Canary (see
 * `ErrorBudgetPolicyDefinition.flaggerCanaryMetrics()`).
 *
 * No data never passes: an empty or NaN answer is Inconclusive in Argo Rollouts (the rollout pauses for a
 * person to decide) and "no values found" in Flagger (the canary halts).
 *
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/analysis/
 * @see https://docs.flagger.app/usage/metrics#custom-metrics
 */
export interface DeployGatesProps {
  /** Prometheus as the rollout controller reaches it, e.g. "http://prometheus-operated.monitoring:9090". */
  readonly prometheusUrl: string;
  /**
   * The Argo Rollouts template kind, or `false` for none.
   * @default "AnalysisTemplate"
   */
  readonly argoRollouts?: AnalysisTemplateKind | false;
  /**
   * Also emit Flagger MetricTemplates.
   * @default false
   */
  readonly flagger?: boolean;
  /**
   * Time between measurements (Argo Rollouts `interval`; the Canary metrics' `interval` for Flagger).
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Measurements per analysis run (Argo Rollouts `count`): an inline analysis step finishes after this
   * many; a background analysis stops watching after this many, so give it more to cover the whole rollout.
   * @default 5
   */
  readonly count?: number;
  /**
   * Metadata of the templates. Flagger's canary template adds "-burn-rate" to the name.
   * @default - named "<service>-error-budget"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** Checked deploy gates. */
export interface DeployGatesDefinition {
  /** Prometheus URL. */
  readonly prometheusUrl: string;
  /** Argo Rollouts template kind, when one is emitted. */
  readonly argoRollouts?: AnalysisTemplateKind;
  /** Whether Flagger MetricTemplates are emitted. */
  readonly flagger: boolean;
  /** Time between measurements. */
  readonly interval: Duration;
  /** Measurements per analysis run. */
  readonly count: number;
  /** Metadata of the templates. */
  readonly metadata: ManifestMetadata;
}

/** What the Flagger canary burn-rate MetricTemplate adds to the templates' name. */
export const BURN_RATE_SUFFIX = '-burn-rate';

/** The value of the `budget-exemption` arg (and Flagger variable) that claims no exemption. */
export const NO_EXEMPTION = 'none';

const KINDS: readonly AnalysisTemplateKind[] = ['AnalysisTemplate', 'ClusterAnalysisTemplate'];

/** Checks the address the gates query: set, an http(s) URL, and free of the braces the controllers read as placeholders. */
export function requirePrometheusUrl(at: SpecPath, field: string, value: unknown): string {
  if (value === undefined) {
    at.fail(field, undefined, 'is not set', 'Give the address the rollout controller reaches Prometheus at, e.g. "http://prometheus-operated.monitoring:9090".');
  }
  const parsed = parseHttpUrl(value);
  if (!parsed) {
    at.fail(field, value, 'is not an absolute http(s) URL', 'Give the address the rollout controller reaches Prometheus at, e.g. "http://prometheus-operated.monitoring:9090".');
  }
  const url = value as string;
  if (/[{}]/.test(url)) {
    at.fail(field, url, 'holds braces, which Argo Rollouts and Flagger read as template placeholders', 'Give a plain address such as "http://prometheus-operated.monitoring:9090".');
  }
  return url;
}

/** Checks deploy-gate props. */
export function defineDeployGates(at: SpecPath, props: DeployGatesProps, service: string): DeployGatesDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not a deploy-gates configuration', 'Give { prometheusUrl: "http://prometheus-operated.monitoring:9090" }.');
  }
  const prometheusUrl = requirePrometheusUrl(at, 'prometheusUrl', props.prometheusUrl);
  const argoRollouts = props.argoRollouts ?? 'AnalysisTemplate';
  if (argoRollouts !== false && !KINDS.includes(argoRollouts)) {
    at.fail('argoRollouts', argoRollouts, 'is not an Argo Rollouts template kind', 'Use "AnalysisTemplate", "ClusterAnalysisTemplate" or false.');
  }
  const flagger = props.flagger ?? false;
  if (typeof flagger !== 'boolean') at.fail('flagger', flagger, 'is not true or false', 'Give true to emit Flagger MetricTemplates.');
  if (argoRollouts === false && !flagger) {
    at.fail('argoRollouts', false, 'leaves no template to emit (flagger is off too)', 'Keep one of argoRollouts and flagger, or leave deployGates out.');
  }
  const interval = props.interval === undefined ? Duration.minutes(1) : requirePositiveDuration(at, 'interval', props.interval);
  const count = props.count ?? 5;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    at.fail('count', count, 'is not a whole number of at least 1', 'Give how many measurements an analysis run takes, e.g. 5.');
  }
  const metadata = defineMetadata(at, props.metadata, `${service}-error-budget`);
  if (flagger && metadata.name.length > 253 - BURN_RATE_SUFFIX.length) {
    at.fail('metadata.name', metadata.name, `leaves no room for the "${BURN_RATE_SUFFIX}" of the second MetricTemplate`, `Give a name of at most ${253 - BURN_RATE_SUFFIX.length} characters.`);
  }
  if (argoRollouts === 'ClusterAnalysisTemplate' && metadata.namespace !== undefined) {
    at.fail('metadata.namespace', metadata.namespace, 'is set on a cluster-scoped ClusterAnalysisTemplate', 'Leave the namespace out, or use argoRollouts: "AnalysisTemplate".');
  }
  return { prometheusUrl, argoRollouts: argoRollouts || undefined, flagger, interval, count, metadata };
}
