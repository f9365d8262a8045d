import {
  AlertedSlo,
  BurnRateAlertingDefinition,
  BurnRateAlertingProps,
  defineBurnRateAlerting,
  optionalUrl,
} from '../alerting/burn-rate-alerts';
import { sloRunbookPage } from '../alerting/runbook-links';
import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { requireDnsLabel, requirePrometheusLabels } from '../common/names';
import { RuleSet } from '../rules/rule-set';
import type { RuleGroup } from '../rules/rule-types';
import { Objective, requireObjective, tidy } from './objective';
import { BASE_WINDOW, SloGroupLayout, renderAlertGroup, renderSloAlertGroups, renderSloRecordingGroups, renderSloRuleGroups } from './recording-rules';
import { CompiledSli, SliSpec, compileSli } from './sli';
import { WindowTiles, chooseTiles } from './window-composition';

/** One service level objective. */
export interface SloProps {
  /** Name, unique within the service: lowercase letters, digits and '-' (`availability`, `latency-p99`). */
  readonly name: string;
  /**
   * What the SLO promises, in words.
   * @default - none
   */
  readonly description?: string;
  /** What is measured. */
  readonly sli: SliSpec;
  /** The share of good events promised, e.g. `Objective.percent(99.95)`. */
  readonly objective: Objective;
  /**
   * Rolling window the objective is measured over (the SLO period): a whole number of days.
   * @default - the service's window (30 days unless set)
   */
  readonly window?: Duration;
  /**
   * Burn-rate alerting for this SLO; replaces the service's. `false` turns it off.
   * @default - the service's alerting
   */
  readonly alerting?: BurnRateAlertingProps | false;
  /**
   * Extra labels on this SLO's recorded series and alerts.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Runbook link for this SLO's alerts (`runbook_url`).
   * @default - the alerting's runbookUrl
   */
  readonly runbookUrl?: string;
  /**
   * Dashboard link for this SLO's alerts (`dashboard_url`).
   * @default - the alerting's dashboardUrl
   */
  readonly dashboardUrl?: string;
}

/** A service and its SLOs. */
export interface SloServiceProps {
  /** Service name: lowercase letters, digits and '-'. It becomes the `service` label. */
  readonly service: string;
  /** The SLOs. Names must be unique. */
  readonly slos: readonly SloProps[];
  /**
   * Labels on every recorded series and alert of the service (owner, tier, ...).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Default rolling window of the SLOs: a whole number of days.
   * @default Duration.days(30)
   */
  readonly window?: Duration;
  /**
   * Burn-rate alerting for every SLO that does not set its own. `false` turns alerts off (for instance
   * to manage them with a separate BurnRateAlerts).
   * @default - the SRE Workbook's tiers, see BurnRateTiers.sreWorkbook()
   */
  readonly alerting?: BurnRateAlertingProps | false;
  /**
   * More windows to record the error ratio over, beyond 5m, 30m, 1h, 2h, 6h, 1d, 3d and the alert windows
   * (for a separate BurnRateAlerts with windows of its own).
   * @default - none
   */
  readonly extraWindows?: readonly Duration[];
  /**
   * Evaluation interval of the rule groups. With `windowDerivation: 'recorded'` it must divide 5 minutes
   * (15s, 30s, 1m, 5m), so that the 5-minute series recorded 5, 10, 15 … minutes ago line up end to end.
   * @default - the Prometheus server's global evaluation interval (which, for 'recorded', must divide 5 minutes too)
   */
  readonly evaluationInterval?: Duration;
  /**
   * How the SLI over windows longer than 5 minutes is computed.
   *
   * - `'recorded'`: only the 5-minute window reads the source series; every longer window adds up
   *   consecutive recorded shorter windows (30m = 6 × 5m, 1h = 2 × 30m, … 3d = 3 × 1d, the period = 10 × 3d),
   *   a handful of samples instead of every raw sample of the window. SLIs whose series do not add up over
   *   consecutive windows (a ready-made error ratio, a query template with `max_over_time` …) read every
   *   window from the source; `SloDefinition.windowDerivation` says which form each SLO got.
   * - `'raw'`: every window reads the source series over its whole length (`sum(rate(x[3d]))`), as Sloth
   *   does.
   *
   * Both record the same series with the same meanings; see the README's "Rule evaluation cost" for the
   * maths, the edges (restarts, young windows, churn, zero traffic) and the measured cost.
   * @default 'recorded'
   */
  readonly windowDerivation?: WindowDerivation;
  /**
   * Scrape interval of the SLIs' source series. When given, every window read from the source series
   * must hold at least two scrapes (`rate()` needs two samples), else the SloService is refused.
   * @default - not known, not checked
   */
  readonly scrapeInterval?: Duration;
  /**
   * How the rules are laid out in groups, for large installations, Thanos Ruler and Mimir.
   * @default - three groups per SLO: sli, budget and alerts
   */
  readonly ruleGroups?: SloRuleGroupsProps;
  /**
   * Metadata of the PrometheusRule.
   * @default - named "<service>-slos"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** Where the SLI over windows longer than 5 minutes comes from: see `SloServiceProps.windowDerivation`. */
export type WindowDerivation = 'raw' | 'recorded';

/**
 * How an SloService's rules are laid out in groups:
 *
 * - `'by-kind'`: per SLO, `<service>/<slo>/sli` (every window), `<service>/<slo>/budget` (the period,
 *   objective, budget and burn rates) and `<service>/<slo>/alerts`.
 * - `'by-speed'`: per SLO, `<service>/<slo>/fast` (the windows up to 6 hours, every window a paging tier
 *   reads and those it is added up from, the current burn rate, the paging and absent-data alerts) and
 *   `<service>/<slo>/slow` (the other windows, the period and budget series, the ticket alerts), each at
 *   its own interval. Every alert sits in the group that records its windows' newest values, so it never
 *   waits for another group; two groups per SLO of at most about 20 rules with the default tiers.
 */
export type RuleGroupLayout = 'by-kind' | 'by-speed';

/** Thanos Ruler's answer to a query some stores could not serve: fail the evaluation (`abort`) or go on with part of the data (`warn`). */
export type PartialResponseStrategy = 'abort' | 'warn';

/** Layout of an SloService's rule groups. */
export interface SloRuleGroupsProps {
  /**
   * Which rules share a group.
   * @default 'by-kind'
   */
  readonly layout?: RuleGroupLayout;
  /**
   * Evaluation interval of the `slow` group (layout `'by-speed'`): at most 5 minutes and a whole fraction
   * of it, so the period, the budget series and the ticket alerts are never more than 5 minutes behind.
   * @default - evaluationInterval
   */
  readonly slowInterval?: Duration;
  /**
   * Thanos Ruler's `partial_response_strategy`, written on every group. Prometheus does not know this
   * field (the PrometheusRule CRD accepts it, and the Prometheus Operator drops it for Prometheus), but
   * `promtool check rules` refuses a plain rule file that has it: set it only for rule files Thanos Ruler
   * reads. `warn` lets an alert see part of the data as all of it; Thanos itself defaults to `abort`.
   * @default - not written (Thanos Ruler uses abort)
   * @see https://thanos.io/tip/components/rule.md/#partial-response
   */
  readonly partialResponseStrategy?: PartialResponseStrategy;
  /**
   * The most rules a group may hold; a larger group is refused at construction. Mimir and Grafana Cloud
   * rulers refuse groups over their `ruler_max_rules_per_rule_group` limit (20 by default in Mimir).
   * @default - no limit
   * @see https://grafana.com/docs/mimir/latest/configure/configuration-parameters/#limits
   */
  readonly maxRulesPerGroup?: number;
}

/** The error budget of an SLO, as numbers. */
export interface ErrorBudget {
  /** Share of events allowed to fail (0.0005 for 99.95%). */
  readonly ratio: number;
  /** Minutes of total outage the budget allows per window (21.6 for 99.95% over 30 days). */
  readonly minutes: number;
}

/** A checked SLO with everything derived from it. */
export interface SloDefinition extends AlertedSlo {
  /** Description, when given. */
  readonly description?: string;
  /** Objective. */
  readonly objective: Objective;
  /** Error budget as numbers. */
  readonly budget: ErrorBudget;
  /** The compiled SLI. */
  readonly sli: CompiledSli;
  /** Windows the error ratio is recorded over (ascending), all shorter than the period, which is recorded apart. */
  readonly windows: readonly Duration[];
  /** Where each window's series come from, in the order of `windows`. */
  readonly windowSources: readonly WindowSource[];
  /** The shorter recorded window the period is added up from; undefined when the period adds up the 5-minute series over its length. */
  readonly periodTiles?: WindowTiles;
  /** The form this SLO's windows got: 'recorded' when at least one window is added up from recorded series. */
  readonly windowDerivation: WindowDerivation;
  /** Why the SLO reads every window from the source although 'recorded' was asked for. */
  readonly rawWindowsReason?: string;
  /** Burn-rate alerting from the SloService itself; undefined when off. */
  readonly alerting?: BurnRateAlertingDefinition;
  /** Runbook link. */
  readonly runbookUrl?: string;
  /** Dashboard link. */
  readonly dashboardUrl?: string;
}

/** Where one window's series come from. */
export interface WindowSource {
  /** The window. */
  readonly window: Duration;
  /** The shorter recorded window added up into this one; undefined when the window reads the source series. */
  readonly tiles?: WindowTiles;
}

/** Windows every SLO records, so dashboards and gates can rely on them (those not shorter than the period are skipped). */
export const STANDARD_WINDOWS: readonly Duration[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => Duration.parse(w));

/** Labels the library puts on recorded series itself. */
export const RESERVED_SLO_LABELS = ['service', 'slo', 'severity', 'sev', 'long', 'short', 'alertname'] as const;

/**
 * A checked SloService: its SLOs with error budgets and windows worked out, and its rules.
 *
 * The cdk8s and Pulumi `SloService` constructs build one of these and emit what it renders; use it
 * directly for a plain Prometheus rule file without any engine.
 *
 * @example
 * const svc = SloServiceDefinition.create({ service: 'checkout', slos: [...] });
 * writeFileSync('checkout.rules.yaml', toYaml(svc.ruleFile()));
 */
export class SloServiceDefinition extends RuleSet {
  /**
   * Checks the props and works out every SLO. Throws a {@link SpecError} naming `path`, the field and the
   * value at the first problem.
   *
   * @param path the construct path to name in errors
   * @default path - the service name
   */
  public static create(props: SloServiceProps, path?: string): SloServiceDefinition {
    return new SloServiceDefinition(props, path ?? String(props?.service ?? 'SloService'));
  }

  /** Service name. */
  public readonly service: string;
  /** Service-wide labels. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The SLOs, in the order given. */
  public readonly slos: readonly SloDefinition[];
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;
  /** Evaluation interval of the rule groups, when set. */
  public readonly evaluationInterval?: Duration;
  /** The window derivation asked for (each SLO's `windowDerivation` says what it got). */
  public readonly windowDerivation: WindowDerivation;
  /** Scrape interval of the source series, when given. */
  public readonly scrapeInterval?: Duration;
  /** How the rules are laid out in groups. */
  public readonly groupLayout: SloGroupLayout;
  /** Construct path, for errors raised later (e.g. by a separate BurnRateAlerts). */
  public readonly path: string;

  private constructor(props: SloServiceProps, path: string) {
    super();
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not an SloService spec', 'Give { service, slos: [...] }.');
    }
    this.path = path;
    this.service = requireDnsLabel(at, 'service', props.service);
    this.labels = requirePrometheusLabels(at, 'labels', props.labels, RESERVED_SLO_LABELS);
    const defaultWindow = props.window === undefined ? Duration.days(30) : requirePeriod(at, 'window', props.window);
    const extraWindows = (props.extraWindows ?? []).map((w, i) => requirePositiveDuration(at, `extraWindows[${i}]`, w));
    this.evaluationInterval =
      props.evaluationInterval === undefined ? undefined : requirePositiveDuration(at, 'evaluationInterval', props.evaluationInterval);
    this.windowDerivation = requireWindowDerivation(at, props.windowDerivation);
    if (this.windowDerivation === 'recorded' && this.evaluationInterval) requireFractionOfBase(at, 'evaluationInterval', this.evaluationInterval, 'the rules are evaluated');
    this.scrapeInterval = props.scrapeInterval === undefined ? undefined : requirePositiveDuration(at, 'scrapeInterval', props.scrapeInterval);
    this.groupLayout = defineGroupLayout(at, props.ruleGroups, this.evaluationInterval);
    this.metadata = defineMetadata(at, props.metadata, `${this.service}-slos`);

    if (!Array.isArray(props.slos) || props.slos.length === 0) {
      at.fail('slos', props.slos, 'is empty', 'Give at least one SLO.');
    }
    const seen = new Set<string>();
    this.slos = props.slos.map((slo, i) => {
      const name = requireDnsLabel(at.at('slos', String(i)), 'name', slo?.name);
      if (seen.has(name)) {
        at.fail(`slos[${name}].name`, name, 'is used by another SLO of this service', 'Give every SLO of a service its own name.');
      }
      seen.add(name);
      return this.defineSlo(at.at('slos', name), slo, defaultWindow, props.alerting, extraWindows);
    });
    for (const slo of this.slos) this.checkScrapes(at, slo);
    const limit = this.groupLayout.maxRulesPerGroup;
    if (limit !== undefined) {
      const big = this.ruleGroups().find((g) => g.rules.length > limit);
      if (big) {
        at.fail(
          'ruleGroups.maxRulesPerGroup',
          limit,
          `is exceeded by group ${big.name}, which holds ${big.rules.length} rules`,
          "Use layout 'by-speed' (two groups per SLO of at most about 20 rules with the default tiers), drop extraWindows or tiers, or raise the limit your ruler allows.",
        );
      }
    }
  }

  /** Refuses windows read from the source series that would hold fewer than two scrapes. */
  private checkScrapes(at: SpecPath, slo: SloDefinition): void {
    if (!this.scrapeInterval) return;
    const least = Duration.millis(2 * this.scrapeInterval.toMilliseconds());
    const short = slo.windowSources.find((s) => !s.tiles && compareDurations(s.window, least) < 0);
    if (short) {
      at.fail(
        'scrapeInterval',
        this.scrapeInterval.toPrometheus(),
        `leaves fewer than two scrapes in the ${short.window.toPrometheus()} window SLO ${slo.name} reads from its source series, where rate() needs two samples: that window would be empty and alerts reading it could never fire`,
        `Scrape at least every ${Duration.millis(short.window.toMilliseconds() / 2).toPrometheus()}, or use windows of at least ${least.toPrometheus()}.`,
      );
    }
  }

  private defineSlo(
    at: SpecPath,
    props: SloProps,
    defaultWindow: Duration,
    serviceAlerting: BurnRateAlertingProps | false | undefined,
    extraWindows: readonly Duration[],
  ): SloDefinition {
    const objective = requireObjective(at, 'objective', props.objective);
    const period = props.window === undefined ? defaultWindow : requirePeriod(at, 'window', props.window);
    const sli = compileSli(at.at('sli'), props.sli);
    if (props.description !== undefined && typeof props.description !== 'string') {
      at.fail('description', props.description, 'is not a string', 'Describe the SLO in words.');
    }
    const selector = { service: this.service, slo: props.name };
    const labels = sortKeys({ ...this.labels, ...requirePrometheusLabels(at, 'labels', props.labels, RESERVED_SLO_LABELS), ...selector });
    const runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl);
    const dashboardUrl = optionalUrl(at, 'dashboardUrl', props.dashboardUrl);
    const alertingProps = props.alerting !== undefined ? props.alerting : serviceAlerting ?? {};
    // Service-wide alerting is written once but checked against each SLO's budget and period.
    const alertingAt = props.alerting !== undefined ? at.at('alerting') : new SpecPath(at.path, 'alerting', `for ${at.field()}`);
    const sloFacts = { errorBudget: objective.errorBudget, period, objectiveText: objective.toString() };
    const links = { runbookUrl, dashboardUrl, runbookPage: sloRunbookPage(this.service, props.name), sloAt: at };
    const alerting = alertingProps === false ? undefined : defineBurnRateAlerting(alertingAt, alertingProps, sloFacts, links);

    // A window as long as the period is the period series itself (a ratio of sums), recorded once.
    const windows = uniqueDurations([
      ...STANDARD_WINDOWS,
      ...(alerting?.tiers.flatMap((t) => [t.longWindow, t.shortWindow]) ?? []),
      ...extraWindows,
    ]).filter((w) => compareDurations(w, period) < 0);
    const rawWindowsReason =
      this.windowDerivation === 'recorded' && typeof sli.composition === 'string' ? `its SLI cannot be added up over consecutive windows: ${sli.composition}` : undefined;
    const derive = this.windowDerivation === 'recorded' && !rawWindowsReason;
    const windowSources = windows.map((window) => ({ window, tiles: derive ? tilesFor(window, windows) : undefined }));
    const periodTiles = derive ? chooseTiles(period, tileSources(windows)) : undefined;
    return {
      service: this.service,
      name: props.name,
      description: props.description,
      objective,
      objectiveText: objective.toString(),
      errorBudget: objective.errorBudget,
      budget: { ratio: objective.errorBudget, minutes: tidy(objective.errorBudget * period.toMinutes()) },
      period,
      sli,
      eventBased: sli.eventBased,
      selector,
      labels,
      windows,
      windowSources,
      periodTiles,
      windowDerivation: windowSources.some((w) => w.tiles) ? 'recorded' : 'raw',
      rawWindowsReason,
      alerting,
      runbookUrl,
      dashboardUrl,
    };
  }

  /** The SLO called `name`. Throws when there is none. */
  public slo(name: string): SloDefinition {
    const found = this.slos.find((s) => s.name === name);
    if (!found) {
      throw new Error(`${this.path}: no SLO named ${JSON.stringify(name)}; this service has ${this.slos.map((s) => s.name).join(', ')}`);
    }
    return found;
  }

  /**
   * Recording rules, in the groups `ruleGroups()` puts them in (with layout 'by-speed' those groups hold
   * alerts too, left out here): per SLO, the SLI over every window, then the period and budget series.
   */
  public recordingRuleGroups(): RuleGroup[] {
    return this.slos.flatMap((slo) => renderSloRecordingGroups(slo, this.groupLayout));
  }

  /** Alerting rules of the SLOs that alert from the service itself, in the groups `ruleGroups()` puts them in. */
  public alertingRuleGroups(): RuleGroup[] {
    return this.slos.flatMap((slo) => renderSloAlertGroups(slo, this.groupLayout));
  }

  /** Every group, in evaluation order: per SLO, recordings before the alerts that read them. */
  public ruleGroups(): RuleGroup[] {
    if (this.groupLayout.layout === 'by-speed') return this.slos.flatMap((slo) => renderSloRuleGroups(slo, this.groupLayout));
    return [...this.recordingRuleGroups(), ...this.alertingRuleGroups()];
  }
}

/** The alert group of one SLO. Shared by SloService and a separate BurnRateAlerts. */
export function alertGroup(
  slo: SloDefinition,
  alerting: BurnRateAlertingDefinition,
  interval: string | undefined,
  partialResponseStrategy?: PartialResponseStrategy,
): RuleGroup {
  return renderAlertGroup(slo, alerting, interval, partialResponseStrategy);
}

/**
 * The recorded window to add up for `window`, when it is a whole multiple of 5 minutes longer than 5
 * minutes; windows that are not (a 150s short window) read the source series, and are never added up
 * into others.
 */
function tilesFor(window: Duration, windows: readonly Duration[]): WindowTiles | undefined {
  if (compareDurations(window, BASE_WINDOW) <= 0) return undefined;
  return chooseTiles(window, tileSources(windows));
}

/** Windows that can be added up into longer ones: 5 minutes and its multiples (themselves added up, bottom to top). */
function tileSources(windows: readonly Duration[]): Duration[] {
  return windows.filter((w) => w.toMilliseconds() % BASE_WINDOW.toMilliseconds() === 0);
}

function requireWindowDerivation(at: SpecPath, value: unknown): WindowDerivation {
  if (value === undefined) return 'recorded';
  if (value !== 'raw' && value !== 'recorded') {
    return at.fail('windowDerivation', value, "is not 'raw' nor 'recorded'", "Use 'recorded' (long windows added up from recorded 5-minute series) or 'raw' (every window reads the source series).");
  }
  return value;
}

/**
 * Checks an evaluation interval for added-up windows: the 5-minute series recorded 5, 10, 15 … minutes ago
 * must be samples of an evaluation, which they are only when the interval divides 5 minutes.
 */
function requireFractionOfBase(at: SpecPath, field: string, interval: Duration, what: string): Duration {
  const base = BASE_WINDOW.toMilliseconds();
  if (interval.toMilliseconds() > base) {
    return at.fail(
      field,
      interval.toPrometheus(),
      `is longer than the 5-minute window every longer window is added up from: ${what} less often than that window, so the 5-minute series would leave gaps between samples that no window counts`,
      "Evaluate at most every 5 minutes (15s, 30s, 1m, 5m), or use windowDerivation: 'raw'.",
    );
  }
  if (base % interval.toMilliseconds() !== 0) {
    return at.fail(
      field,
      interval.toPrometheus(),
      `does not divide 5 minutes: ${what} at times that miss the ends of the 5-minute windows added up into longer ones, so those would overlap and leave gaps`,
      "Use an interval that divides 5 minutes (15s, 20s, 30s, 1m, 2m30s, 5m), or windowDerivation: 'raw'.",
    );
  }
  return interval;
}

function defineGroupLayout(at: SpecPath, props: SloRuleGroupsProps | undefined, interval: Duration | undefined): SloGroupLayout {
  if (props !== undefined && (props === null || typeof props !== 'object')) {
    at.fail('ruleGroups', props, 'is not a rule group layout', "Give { layout: 'by-speed', slowInterval: Duration.minutes(5) } or leave it out.");
  }
  const p = props ?? {};
  const layout = p.layout ?? 'by-kind';
  if (layout !== 'by-kind' && layout !== 'by-speed') {
    at.fail('ruleGroups.layout', layout, "is not 'by-kind' nor 'by-speed'", "Use 'by-kind' (sli, budget and alerts groups per SLO) or 'by-speed' (fast and slow groups per SLO).");
  }
  let slowInterval: Duration | undefined;
  if (p.slowInterval !== undefined) {
    slowInterval = requirePositiveDuration(at, 'ruleGroups.slowInterval', p.slowInterval);
    if (layout !== 'by-speed') {
      at.fail('ruleGroups.slowInterval', slowInterval.toPrometheus(), "is set but layout is not 'by-speed', so there is no slow group", "Set layout: 'by-speed' too, or leave slowInterval out.");
    }
    requireFractionOfBase(at, 'ruleGroups.slowInterval', slowInterval, 'the slow group is evaluated');
    if (interval && compareDurations(slowInterval, interval) < 0) {
      at.fail('ruleGroups.slowInterval', slowInterval.toPrometheus(), `is shorter than evaluationInterval (${interval.toPrometheus()})`, 'The slow group is for evaluating less often: give an interval at least as long as evaluationInterval.');
    }
  }
  const strategy = p.partialResponseStrategy;
  if (strategy !== undefined && strategy !== 'abort' && strategy !== 'warn') {
    at.fail('ruleGroups.partialResponseStrategy', strategy, "is not 'abort' nor 'warn'", "Use 'abort' (Thanos Ruler's default, and the safe one for alerts) or 'warn'.");
  }
  const max = p.maxRulesPerGroup;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) {
    at.fail('ruleGroups.maxRulesPerGroup', max, 'is not a positive whole number', 'Give the limit your ruler enforces, e.g. 20 for Mimir’s default.');
  }
  return {
    layout,
    interval: interval?.toPrometheus(),
    slowInterval: (slowInterval ?? interval)?.toPrometheus(),
    partialResponseStrategy: strategy,
    maxRulesPerGroup: max,
  };
}

function requirePeriod(at: SpecPath, field: string, value: unknown): Duration {
  const d = requirePositiveDuration(at, field, value);
  if (d.toMilliseconds() % Duration.days(1).toMilliseconds() !== 0) {
    return at.fail(field, d.toPrometheus(), 'is not a whole number of days', 'Give a rolling window such as Duration.days(30), Duration.days(28) or Duration.days(7).');
  }
  return d;
}

function uniqueDurations(list: Duration[]): Duration[] {
  const byMs = new Map<number, Duration>();
  for (const d of list) byMs.set(d.toMilliseconds(), d);
  return [...byMs.values()].sort(compareDurations);
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}
