import type { BurnRateTierDefinition } from '../alerting/burn-rate-tiers';
import { Duration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { SloMetrics } from '../slo/metrics';
import { tidy } from '../slo/objective';
import type { SloDefinition, SloServiceDefinition } from '../slo/slo-service';
import { DashboardDefinition, DashboardProps, defineDashboardSettings } from './dashboard';
import { dashboardUid } from './dashboard-uid';
import { DashboardCanvas, PanelQuery, SelectorScope, ThresholdStep, clusterScope, datasourceVariable } from './grafana';

/** An SLO dashboard for every SLO of an SloService. */
export type SloDashboardProps = DashboardProps;

const FIVE_MINUTES = Duration.minutes(5);
const ONE_HOUR = Duration.hours(1);

/**
 * The SLO dashboard of a service: an overview row, then per SLO the SLI against the objective, the error
 * budget remaining and consumed over the period, the burn rate over each alert tier's windows with the
 * tier's threshold drawn, and the state of its alerts.
 *
 * Every query reads a series the SloService records (`SloMetrics`) or the `ALERTS` series of its alerts; none
 * repeats the SLI's PromQL, and burn rates are divided by the same budget the alerts divide by, so the
 * dashboard and the alerts cannot disagree.
 */
export class SloDashboardDefinition extends DashboardDefinition {
  /** The uid an SLO dashboard of `service` gets unless told otherwise, for alert links made before the dashboard. */
  public static uidFor(service: string): string {
    return dashboardUid('slo', service);
  }

  /** Builds the dashboard. Throws a SpecError naming `path` at the first problem. */
  public static create(service: SloServiceDefinition, props: SloDashboardProps = {}, path?: string): SloDashboardDefinition {
    const where = path ?? `${service.path}-dashboard`;
    const at = new SpecPath(where);
    const settings = defineDashboardSettings(at, props, { kind: 'slo', name: service.service, title: `${service.service} SLOs` });
    const cluster = clusterScope(settings, SloMetrics.OBJECTIVE);
    const scope = new SelectorScope(cluster.matchers);
    const canvas = new DashboardCanvas({
      uid: settings.uid,
      title: settings.title,
      description: `Service level objectives of ${service.service}, from the series its SloService records.`,
      tags: settings.tags,
      from: 'now-7d',
      variables: [datasourceVariable(), ...cluster.variables],
    });
    const alertNames = [...new Set(service.slos.flatMap(alertNamesOf))].sort();
    overview(canvas, scope, service, alertNames);
    for (const slo of service.slos) sloSection(canvas, scope, slo);
    return new SloDashboardDefinition({
      kind: 'slo',
      settings,
      model: canvas.build(),
      queries: canvas.queries(),
      // The SLO dashboard reads only what the SloService records, and ALERTS.
      sourceMetrics: [],
      path: where,
    });
  }
}

/** Title of an SLO's row on its dashboard, for runbooks that send readers there. */
export function sloRowTitle(slo: SloDefinition): string {
  return `${slo.name}: ${slo.objectiveText} over ${slo.period.toPrometheus()}`;
}

/** Title of a burn-rate tier's panel on the SLO dashboard, for runbooks that send readers there. */
export function burnRatePanelTitle(tier: BurnRateTierDefinition): string {
  return `Burn rate: ${tier.key} (${tier.longWindow.toPrometheus()} / ${tier.shortWindow.toPrometheus()}), ${tier.page ? 'pages' : 'tickets'} above ${tier.factor}x`;
}

function alertNamesOf(slo: SloDefinition): string[] {
  if (!slo.alerting) return [];
  return [slo.alerting.alertName, ...(slo.alerting.absentData ? [slo.alerting.absentData.alertName] : [])];
}

function alertsSelector(scope: SelectorScope, labels: Readonly<Record<string, string>>, alertNames: readonly string[]): string {
  return scope.select('ALERTS', labels, [
    { name: 'alertname', op: '=~', value: alertNames.join('|') },
    { name: 'alertstate', op: '=', value: 'firing' },
  ]);
}

function overview(canvas: DashboardCanvas, scope: SelectorScope, service: SloServiceDefinition, alertNames: readonly string[]): void {
  canvas.row(`${service.service}: overview`);
  const perSlo = (query: (slo: SloDefinition) => string): PanelQuery[] => service.slos.map((slo) => ({ expr: query(slo), legend: slo.name }));
  const width = alertNames.length > 0 ? 6 : 8;
  canvas.stat({
    title: 'Error budget remaining',
    description: 'Share of each SLO\'s error budget left over its period: 100% untouched, 0% spent, below 0 overspent.',
    queries: perSlo((slo) => scope.select(SloMetrics.ERROR_BUDGET_REMAINING, slo.selector)),
    unit: 'percentunit',
    decimals: 1,
    width,
    baseColor: 'red',
    thresholds: [
      { value: 0, color: 'orange' },
      { value: 0.25, color: 'green' },
    ],
  });
  canvas.stat({
    title: 'SLI over the period',
    description: 'Share of good events over each SLO\'s whole period.',
    queries: perSlo((slo) => `1 - ${scope.select(SloMetrics.errorRatio(slo.period), slo.selector)}`),
    unit: 'percentunit',
    decimals: 3,
    width,
    baseColor: 'blue',
  });
  canvas.stat({
    title: 'Burn rate now',
    description: 'How fast each SLO spends its budget over the last 5 minutes: 1 spends it exactly over the period.',
    queries: perSlo((slo) => scope.select(SloMetrics.CURRENT_BURN_RATE, slo.selector)),
    unit: 'suffix:x',
    decimals: 2,
    width,
    baseColor: 'green',
    thresholds: [{ value: 1, color: 'orange' }],
  });
  if (alertNames.length > 0) {
    canvas.stat({
      title: 'SLO alerts firing',
      description: `Alerts of ${alertNames.join(', ')} firing for ${service.service} now.`,
      queries: [{ expr: `count(${alertsSelector(scope, { service: service.service }, alertNames)}) or vector(0)`, legend: 'firing' }],
      unit: 'none',
      width,
      baseColor: 'green',
      thresholds: [{ value: 1, color: 'red' }],
    });
  }
}

function sloSection(canvas: DashboardCanvas, scope: SelectorScope, slo: SloDefinition): void {
  const sel = (metric: string) => scope.select(metric, slo.selector);
  const period = slo.period.toPrometheus();
  const budget = tidy(slo.errorBudget);
  const tiers = slo.alerting?.tiers ?? [];
  const link = slo.runbookUrl ?? slo.alerting?.runbookUrl;
  const runbook = link ? { link: { title: 'Runbook', url: link } } : {};
  const what = slo.description ?? slo.sli.description;
  canvas.row(sloRowTitle(slo));

  // Stats: where the SLO stands now.
  canvas.stat({
    title: `SLI over ${period}`,
    description: `${what}, as the share of good events over the last ${slo.period.toHumanString()}. Red below the objective.`,
    queries: [{ expr: `1 - ${sel(SloMetrics.errorRatio(slo.period))}`, legend: 'SLI' }],
    unit: 'percentunit',
    decimals: 3,
    width: 4,
    baseColor: 'red',
    thresholds: [{ value: slo.objective.ratio, color: 'green' }],
    ...runbook,
  });
  canvas.stat({
    title: 'Objective',
    description: `The promise: ${slo.objectiveText} of events good over ${slo.period.toHumanString()}.`,
    queries: [{ expr: sel(SloMetrics.OBJECTIVE), legend: 'objective' }],
    unit: 'percentunit',
    decimals: 3,
    width: 4,
    baseColor: 'blue',
  });
  canvas.stat({
    title: 'Error budget remaining',
    description: `Share of the ${slo.period.toHumanString()} error budget (${slo.budget.minutes} minutes of total outage) still left.`,
    queries: [{ expr: sel(SloMetrics.ERROR_BUDGET_REMAINING), legend: 'remaining' }],
    unit: 'percentunit',
    decimals: 1,
    width: 4,
    baseColor: 'red',
    thresholds: [
      { value: 0, color: 'orange' },
      { value: 0.25, color: 'green' },
    ],
  });
  canvas.stat({
    title: 'Error budget consumed',
    description: `Share of the error budget spent over the last ${slo.period.toHumanString()} (the burn rate over the whole period).`,
    queries: [{ expr: sel(SloMetrics.PERIOD_BURN_RATE), legend: 'consumed' }],
    unit: 'percentunit',
    decimals: 1,
    width: 4,
    baseColor: 'green',
    thresholds: [
      { value: 0.75, color: 'orange' },
      { value: 1, color: 'red' },
    ],
  });
  canvas.stat({
    title: 'Burn rate (5m)',
    description: 'How fast the budget burns over the last 5 minutes: 1 spends it exactly over the period.',
    queries: [{ expr: sel(SloMetrics.CURRENT_BURN_RATE), legend: 'burn rate' }],
    unit: 'suffix:x',
    decimals: 2,
    width: 4,
    baseColor: 'green',
    thresholds: tierSteps(tiers, { value: 1, color: 'orange' }),
  });
  const names = alertNamesOf(slo);
  if (names.length > 0) {
    canvas.stat({
      title: 'Alerts firing',
      description: `${names.join(', ')} alerts of this SLO firing now.`,
      queries: [{ expr: `count(${alertsSelector(scope, slo.selector, names)}) or vector(0)`, legend: 'firing' }],
      unit: 'none',
      width: 4,
      baseColor: 'green',
      thresholds: [{ value: 1, color: 'red' }],
    });
  } else {
    canvas.stat({
      title: 'Error ratio (5m)',
      description: 'Share of bad events over the last 5 minutes. This SLO has no alerts of its own.',
      queries: [{ expr: sel(SloMetrics.errorRatio(FIVE_MINUTES)), legend: 'error ratio' }],
      unit: 'percentunit',
      decimals: 3,
      width: 4,
      baseColor: 'green',
      thresholds: [{ value: budget, color: 'orange' }],
    });
  }

  // Over time.
  const sliWindows = [FIVE_MINUTES, ONE_HOUR].filter((w) => slo.windows.some((r) => r.equals(w)));
  canvas.timeseries({
    title: 'SLI against the objective',
    description: `${what}. The SLI over short windows against the objective line; dips below it spend error budget.`,
    queries: [
      ...sliWindows.map((w) => ({ expr: `1 - ${sel(SloMetrics.errorRatio(w))}`, legend: `SLI over ${w.toPrometheus()}` })),
      { expr: sel(SloMetrics.OBJECTIVE), legend: 'objective' },
    ],
    unit: 'percentunit',
    decimals: 3,
    width: 12,
  });
  canvas.timeseries({
    title: 'Error budget over the period',
    description: `Share of the ${slo.period.toHumanString()} error budget remaining and consumed. Below the dashed line the budget is spent.`,
    queries: [
      { expr: sel(SloMetrics.ERROR_BUDGET_REMAINING), legend: 'remaining' },
      { expr: sel(SloMetrics.PERIOD_BURN_RATE), legend: 'consumed' },
    ],
    unit: 'percentunit',
    decimals: 1,
    width: 12,
    thresholds: [{ value: 0, color: 'red' }],
  });

  if (tiers.length === 0) {
    canvas.timeseries({
      title: 'Burn rate',
      description: 'Burn rate over the last 5 minutes and over the whole period. This SLO has no burn-rate alerts; above 1 the budget runs out before the period ends.',
      queries: [
        { expr: sel(SloMetrics.CURRENT_BURN_RATE), legend: 'over 5m' },
        { expr: sel(SloMetrics.PERIOD_BURN_RATE), legend: `over ${period}` },
      ],
      unit: 'suffix:x',
      decimals: 2,
      width: 24,
      min: 0,
      thresholds: [{ value: 1, color: 'orange' }],
    });
  }
  tiers.forEach((tier) => {
    const long = tier.longWindow.toPrometheus();
    const short = tier.shortWindow.toPrometheus();
    const severity = tier.severity;
    canvas.timeseries({
      title: burnRatePanelTitle(tier),
      description:
        `The ${slo.alerting!.alertName} alert with severity ${severity} fires when the burn rate over both ${long} and ${short} is above ` +
        `${tier.factor}x (the dashed line) for ${tier.for.toPrometheus()}. At ${tier.factor}x, ${tier.budgetPercent}% of the budget goes every ${long}.`,
      queries: [
        { expr: `${sel(SloMetrics.errorRatio(tier.longWindow))} / ${budget}`, legend: `over ${long}` },
        { expr: `${sel(SloMetrics.errorRatio(tier.shortWindow))} / ${budget}`, legend: `over ${short}` },
      ],
      unit: 'suffix:x',
      decimals: 2,
      width: tiers.length === 1 ? 24 : 12,
      min: 0,
      thresholds: [{ value: tier.factor, color: tier.page ? 'red' : 'orange' }],
    });
  });

  if (slo.alerting) {
    const alerting = slo.alerting;
    const firing = (labels: Record<string, string>, alertName: string) =>
      `max(${scope.select('ALERTS', { ...slo.selector, ...labels }, [
        { name: 'alertname', op: '=', value: alertName },
        { name: 'alertstate', op: '=', value: 'firing' },
      ])}) or vector(0)`;
    canvas.stateTimeline({
      title: 'Alert state',
      description: 'Each alert of this SLO over time: OK, or firing.',
      queries: [
        ...alerting.tiers.map((t) => ({
          expr: firing({ severity: t.severity, long: t.longWindow.toPrometheus(), short: t.shortWindow.toPrometheus() }, alerting.alertName),
          legend: `${t.key} (${t.severity})`,
        })),
        ...(alerting.absentData ? [{ expr: firing({}, alerting.absentData.alertName), legend: `${alerting.absentData.alertName} (${alerting.absentData.severity})` }] : []),
      ],
      unit: 'none',
      width: 24,
      height: Math.min(12, 3 + 2 * alerting.tiers.length),
      states: [
        { value: 0, text: 'OK', color: 'green' },
        { value: 1, text: 'Firing', color: 'red' },
      ],
    });
  }
}

/** Colour steps at each tier's factor: orange for tickets, red for pages. */
function tierSteps(tiers: NonNullable<SloDefinition['alerting']>['tiers'], fallback: ThresholdStep): ThresholdStep[] {
  if (tiers.length === 0) return [fallback];
  const byValue = new Map<number, string>();
  for (const t of tiers) {
    const color = t.page ? 'red' : 'orange';
    if (byValue.get(t.factor) !== 'red') byValue.set(t.factor, color);
  }
  return [...byValue.entries()].map(([value, color]) => ({ value, color }));
}
