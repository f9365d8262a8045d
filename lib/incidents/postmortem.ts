import { Severity, requireSeverity } from '../alerting/severity';
import { Duration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { mdCode, mdCodeBlock, mdDocument, mdHeading, mdList, mdTable, mdTask, mdText } from '../common/markdown';
import { labelSelector } from '../common/promql';
import { SloMetrics } from '../slo/metrics';
import { tidy } from '../slo/objective';
import type { SloServiceDefinition } from '../slo/slo-service';

/** How long after resolution a SEV1 or SEV2 postmortem is due (the seed's incident process). */
export const POSTMORTEM_DUE = Duration.hours(48);

/** An incident to fill the template with. */
export interface PostmortemIncident {
  /** A short title ("Login failures after the 2.14 rollout"). */
  readonly title: string;
  /** Its severity. */
  readonly sev: Severity;
  /** When it started. */
  readonly startedAt: Date;
  /** When it was resolved. */
  readonly resolvedAt: Date;
}

/**
 * The blameless postmortem template of a service, with its SLOs, objectives and error budgets filled in and
 * the queries that tell what the incident spent. A SEV1 or SEV2 postmortem is due within 48 hours of
 * resolution.
 */
export class PostmortemTemplateDefinition {
  /** The template of the service's SLOs. */
  public static create(service: SloServiceDefinition): PostmortemTemplateDefinition {
    return new PostmortemTemplateDefinition(service);
  }

  /** When the postmortem of an incident is due: 48 hours after resolution for SEV1 and SEV2, none otherwise. */
  public static dueBy(sev: Severity, resolvedAt: Date): Date | undefined {
    return sev.level <= 2 ? new Date(resolvedAt.getTime() + POSTMORTEM_DUE.toMilliseconds()) : undefined;
  }

  private constructor(
    /** The service. */
    public readonly service: SloServiceDefinition,
  ) {}

  /**
   * The template as Markdown; with `incident`, its title, SEV, times and due date filled in.
   * @throws SpecError when the incident is not valid (a SEV that is not one, times out of order).
   */
  public markdown(incident?: PostmortemIncident): string {
    const filled = incident === undefined ? undefined : checkIncident(new SpecPath(`${this.service.path}/postmortem`), incident);
    const blank = '_to fill_';
    const time = (d: Date | undefined) => (d ? mdCode(d.toISOString()) : blank);
    const due = filled ? PostmortemTemplateDefinition.dueBy(filled.sev, filled.resolvedAt) : undefined;
    const dueText = filled
      ? due
        ? `${mdCode(due.toISOString())} (48 hours after resolution: a ${filled.sev.name} needs one)`
        : mdText(`none required for a ${filled.sev.name}; write one if there is something to learn`)
      : mdText('within 48 hours of resolution for a SEV1 or SEV2');
    const service = this.service.service;
    const sloRows = this.service.slos.map((slo) => [
      mdText(slo.name),
      mdText(slo.objectiveText),
      mdText(slo.period.toHumanString()),
      mdText(`${tidy(slo.errorBudget * 100)}% of events (as much as ${tidy(slo.budget.minutes)} minutes of every event failing)`),
      blank,
      blank,
    ]);
    return mdDocument([
      mdHeading(1, `Postmortem: ${service}: ${filled ? filled.title : 'incident title'}`),
      mdText('Blameless: this is about how the system and the process let it happen, never about who. Write what people knew and did at the time, and why it made sense then.'),
      mdTable(
        ['field', 'value'],
        [
          ['Severity', filled ? mdText(`${filled.sev.name}: ${filled.sev.impact}`) : mdText('SEV1 / SEV2 / SEV3 / SEV4')],
          ['Started (UTC)', time(filled?.startedAt)],
          ['Detected (UTC), and by which alert', blank],
          ['Mitigated (UTC)', blank],
          ['Resolved (UTC)', time(filled?.resolvedAt)],
          ['Postmortem due', dueText],
          ['Authors', blank],
        ],
      ),
      mdHeading(2, 'Summary'),
      mdText('What happened, in three sentences a customer could follow.'),
      mdHeading(2, 'Impact on the SLOs'),
      mdTable(['SLO', 'objective', 'period', 'error budget', 'budget spent by this incident', 'budget left after'], sloRows),
      mdText('Budget left is what this series read at the start and at the end of the incident; the difference is what the incident spent:'),
      mdCodeBlock(this.service.slos.map((slo) => labelSelector(SloMetrics.ERROR_BUDGET_REMAINING, slo.selector)).join('\n'), 'promql'),
      mdHeading(2, 'Timeline (UTC)'),
      mdTable(['time', 'what happened', 'source'], [[blank, blank, blank]]),
      mdHeading(2, 'Detection'),
      mdList([
        mdText('Which alert fired first, its SEV, and how long after the impact began?'),
        mdText('Did the runbook it links help? What would have made it faster?'),
      ]),
      mdHeading(2, 'Root cause and contributing factors'),
      mdText(blank),
      mdHeading(2, 'What went well'),
      mdText(blank),
      mdHeading(2, 'What went wrong'),
      mdText(blank),
      mdHeading(2, 'Where we got lucky'),
      mdText(blank),
      mdHeading(2, 'Action items'),
      mdTable(['action', 'kind (prevent / detect / mitigate)', 'owner', 'due', 'issue'], [[blank, blank, blank, blank, blank]]),
      mdHeading(2, 'Before closing'),
      [
        mdTask(false, mdText('Reviewed with the team, blamelessly')),
        mdTask(false, mdText('Every action item has an owner and an issue')),
        mdTask(false, mdText('The runbooks of the alerts that fired are updated')),
      ].join('\n'),
    ]);
  }
}

function checkIncident(at: SpecPath, incident: PostmortemIncident): PostmortemIncident {
  if (incident === null || typeof incident !== 'object') return at.fail('incident', incident, 'is not an incident', 'Give { title, sev, startedAt, resolvedAt }.');
  if (typeof incident.title !== 'string' || incident.title.trim() === '') at.fail('incident.title', incident.title, 'is empty', 'Give a short title.');
  const sev = requireSeverity(at, 'incident.sev', incident.sev);
  for (const field of ['startedAt', 'resolvedAt'] as const) {
    const d = incident[field];
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) at.fail(`incident.${field}`, d, 'is not a date', 'Give a Date.');
  }
  if (incident.resolvedAt.getTime() < incident.startedAt.getTime()) {
    at.fail('incident.resolvedAt', incident.resolvedAt.toISOString(), `is before startedAt (${incident.startedAt.toISOString()})`, 'An incident is resolved after it starts.');
  }
  return { ...incident, title: incident.title.trim(), sev };
}
