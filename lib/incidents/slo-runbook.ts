import type { BurnRateAlertingDefinition } from '../alerting/burn-rate-alerts';
import type { BurnRateTierDefinition } from '../alerting/burn-rate-tiers';
import { Duration } from '../common/duration';
import { mdCode, mdCodeBlock, mdDocument, mdHeading, mdLink, mdList, mdNumbered, mdTable, mdText } from '../common/markdown';
import { labelSelector } from '../common/promql';
import { burnRatePanelTitle, sloRowTitle } from '../dashboards/slo-dashboard';
import { SloMetrics } from '../slo/metrics';
import { tidy } from '../slo/objective';
import type { SloDefinition } from '../slo/slo-service';

/** What the generated runbook says about escalation. */
export interface SloRunbookContext {
  /** Escalation delay. */
  readonly escalateAfter: Duration;
  /** Who is escalated to. */
  readonly escalateTo: string;
  /**
   * Relative link of the service's postmortem template, when one is rendered.
   * @default - no link
   */
  readonly postmortemLink?: string;
}

/**
 * The generated burn-rate runbook of one SLO: what each alert's burn rate means in budget minutes, how long
 * until the budget is gone at that rate, which dashboard panel to open, and the first queries to run. Every
 * query reads a series the SloService records (`SloMetrics`), so the runbook, the dashboard and the alerts
 * agree by construction.
 */
export function sloRunbookMarkdown(slo: SloDefinition, alerting: BurnRateAlertingDefinition, context: SloRunbookContext): string {
  const sel = (metric: string) => labelSelector(metric, slo.selector);
  const budget = tidy(slo.errorBudget);
  const periodText = slo.period.toHumanString();
  const budgetMinutes = slo.budget.minutes;
  const tiers = [...alerting.tiers].sort((a, b) => b.factor - a.factor);
  const absent = alerting.absentData;
  const what = slo.description ?? slo.sli.description;

  const tierRow = (t: BurnRateTierDefinition) => [
    mdText(`${t.sev.name} (${t.severity})`),
    t.page ? 'pages' : 'ticket',
    mdText(`${t.factor}x`),
    mdCode(`${t.longWindow.toPrometheus()} / ${t.shortWindow.toPrometheus()}`),
    mdText(`${t.budgetPercent}% (${minutes(budgetMinutes * t.budgetPercent / 100)})`),
    mdText(humanDays(slo.period.toDays() / t.factor)),
    mdText(t.sev.responseTime.toHumanString()),
  ];

  const firstQueries: Array<[string, string]> = [
    ['Budget left (1 is untouched, 0 spent, below 0 overspent)', sel(SloMetrics.ERROR_BUDGET_REMAINING)],
    ['Burn rate now, over 5 minutes (1 spends the budget exactly over the period)', sel(SloMetrics.CURRENT_BURN_RATE)],
    ...tiers.map((t): [string, string] => [
      `Burn rate over ${theLast(t.longWindow)} (the ${t.key} tier fires above ${t.factor})`,
      `${sel(SloMetrics.errorRatio(t.longWindow))} / ${budget}`,
    ]),
    ...(tiers.length
      ? [
          [
            `Days until the budget is gone at the burn rate of ${theLast(tiers[0].longWindow)}`,
            `${sel(SloMetrics.ERROR_BUDGET_REMAINING)} * ${tidy(slo.period.toDays())} / (${sel(SloMetrics.errorRatio(tiers[0].longWindow))} / ${budget})`,
          ] as [string, string],
        ]
      : []),
    ...(slo.eventBased
      ? [['Events per second now: a drop or a spike in traffic changes what a burn rate means', sel(SloMetrics.total(Duration.minutes(5)))] as [string, string]]
      : []),
  ];

  const dashboard = alerting.dashboardUrl;
  const panels = [sloRowTitle(slo), ...tiers.map(burnRatePanelTitle), 'Error budget remaining'];

  return mdDocument([
    mdHeading(1, `${slo.service} ${slo.name}: error budget burn`),
    mdText(
      `The ${slo.name} SLO of ${slo.service} promises ${slo.objectiveText} over ${periodText}: ${what}. ` +
        `Its error budget is ${tidy(budget * 100)}% of events: as much as ${minutes(budgetMinutes)} of every event failing in ${periodText}.`,
    ),
    mdHeading(2, 'The alerts'),
    mdText(
      `${alerting.alertName} fires when the error ratio over both windows of a tier is above the tier's burn rate times the budget. ` +
        'Burn rate 1 spends the budget exactly over the period.',
    ),
    tiers.length
      ? mdTable(['SEV', 'class', 'burn rate', 'windows (long / short)', 'budget spent per long window', 'a full budget lasts', 'respond within'], tiers.map(tierRow))
      : mdText('This SLO has no burn-rate tiers.'),
    ...tiers.map((t) =>
      mdText(
        `${t.key}: over ${theLast(t.longWindow)} (and ${theLast(t.shortWindow)}) the SLO spent its budget at least ${t.factor} times as fast as it can sustain. ` +
          `At that rate ${minutes(budgetMinutes * t.budgetPercent / 100)} of the ${minutes(budgetMinutes)} go every ${unitOrCount(t.longWindow)}, and what is left lasts ` +
          `(budget left) × ${humanDays(slo.period.toDays() / t.factor)}.`,
      ),
    ),
    absent &&
      mdText(
        `${absent.alertName} (${absent.sev.name}) fires when the SLI has had no data for ${absent.for.toHumanString()}. ` +
          'No data means unknown, not healthy: the burn-rate alerts cannot fire while it lasts.',
      ),
    mdHeading(2, 'Dashboard'),
    mdText(
      dashboard
        ? 'Open the SLO dashboard and read, in this order:'
        : 'Open the SLO dashboard of the service (the SloDashboard construct renders it) and read, in this order:',
    ),
    dashboard && mdLink(`${slo.service} SLOs`, dashboard),
    mdList(panels.map((p) => `row or panel ${mdCode(p)}`)),
    mdHeading(2, 'First queries'),
    ...firstQueries.flatMap(([title, query]) => [mdText(title), mdCodeBlock(query, 'promql')]),
    absent &&
      mdList([
        mdText(`If ${absent.alertName} fired: the SLI reads ${slo.sli.sourceMetrics.join(', ')}. Check that the scrape targets are up and that those names still exist.`),
      ]),
    absent && mdCodeBlock(slo.sli.sourceMetrics.map((m) => `absent(${m})`).join('\nor\n'), 'promql'),
    mdHeading(2, 'Mitigation'),
    mdNumbered([
      mdText('Find what changed when the burn started (a deploy, a configuration change, a dependency, traffic) on the burn-rate panel.'),
      mdText('Undo it first (roll back, fail over, shed load), investigate after: the budget keeps burning while you read logs.'),
      mdText('Watch the short-window burn rate: once it is below the tier\'s, the alert clears within the short window.'),
    ]),
    mdHeading(2, 'Escalation'),
    mdText(`Not mitigated ${context.escalateAfter.toHumanString()} after the page: escalate to ${context.escalateTo}.`),
    mdHeading(2, 'Afterwards'),
    mdText('A SEV1 or SEV2 needs a blameless postmortem within 48 hours of resolution, with the budget it spent.') +
      (context.postmortemLink ? ` Template: [postmortem](${context.postmortemLink}).` : ''),
  ]);
}

/** "the last hour", "the last 6 hours". */
function theLast(d: Duration): string {
  return `the last ${unitOrCount(d)}`;
}

/** "hour" for one hour, else "6 hours". */
function unitOrCount(d: Duration): string {
  const text = d.toHumanString();
  return text.startsWith('1 ') ? text.slice(2) : text;
}

/** 0.43 minutes, 21.6 minutes, 2.5 hours. */
function minutes(m: number): string {
  if (m >= 120) return `${tidy(Number((m / 60).toFixed(1)))} hours`;
  return `${tidy(Number(m.toFixed(2)))} minutes`;
}

function humanDays(days: number): string {
  if (days >= 1) return `${tidy(Number(days.toFixed(1)))} days`;
  const hours = days * 24;
  if (hours >= 1) return `${tidy(Number(hours.toFixed(1)))} hours`;
  return `${tidy(Number((hours * 60).toFixed(0)))} minutes`;
}
