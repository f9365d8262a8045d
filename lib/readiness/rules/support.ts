import type { Duration } from '../../common/duration';
import { isoDate } from '../attestation';
import type { ChecklistItem } from '../checklist';
import type { ServiceFact } from '../model/model';
import type { ReadinessContext, ReadinessFinding, ReadinessRule } from '../rule';

/** `service payment-service`. */
export function serviceSubject(name: string): string {
  return `service ${name}`;
}

/** `SLO payment-service/availability`. */
export function sloSubject(service: string, slo: string): string {
  return `SLO ${service}/${slo}`;
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

/** What an attestation rule needs to know. */
export interface AttestationRuleProps {
  /** Rule id. */
  readonly id: string;
  /** Rule title. */
  readonly title: string;
  /** Checklist item. */
  readonly checklist: ChecklistItem;
  /** The attested item. */
  readonly item: string;
  /** Default maximum age. */
  readonly within: Duration;
  /** What the evidence behind the link should be, as a noun phrase ("the current architecture diagram"). */
  readonly evidence: string;
}

/**
 * A rule that checks an attestation: for every service of the tree (or the tree as a whole when it has no
 * service), an attestation of the item, for that service or for all, not older than the limit and not dated
 * after the review.
 */
export function attestationRule(props: AttestationRuleProps): ReadinessRule {
  return {
    id: props.id,
    title: props.title,
    checklist: props.checklist,
    level: 'error',
    within: props.within,
    attests: props.item,
    description:
      `Code cannot show ${props.evidence}: someone attests it (attestation item ${JSON.stringify(props.item)}: who, when, a link), ` +
      'for each service or for all of them, and the newest attestation is not older than the limit.',
    check(ctx: ReadinessContext): ReadinessFinding[] {
      const limitDays = Math.round((ctx.within ?? props.within).toDays());
      const services: Array<ServiceFact | undefined> = ctx.model.services.length > 0 ? [...ctx.model.services] : [undefined];
      const example = `{ item: ${JSON.stringify(props.item)}, by: "<who>", date: "${isoDate(ctx.asOf)}", link: "<where the evidence is>" }`;
      return services.flatMap((service): ReadinessFinding[] => {
        const where = service ? { object: service.ref, subject: serviceSubject(service.name) } : {};
        const candidates = ctx.attestations
          .filter((a) => a.item === props.item && (a.service === undefined || a.service === service?.name))
          .sort((a, b) => b.date.getTime() - a.date.getTime());
        const newest = candidates.find((a) => a.date.getTime() <= ctx.asOf.getTime());
        if (!newest) {
          const future = candidates[0];
          return [
            {
              ...where,
              problem: future
                ? `its only attestation of ${props.evidence} is dated ${future.dateText}, after the review (${isoDate(ctx.asOf)})`
                : `nobody has attested ${props.evidence}`,
              fix: `Record an attestation: ${example}.`,
            },
          ];
        }
        const age = daysBetween(newest.date, ctx.asOf);
        if (age > limitDays) {
          return [
            {
              ...where,
              problem: `${props.evidence} was last attested by ${newest.by} on ${newest.dateText}, ${age} days ago, more than the ${limitDays} days allowed`,
              fix: `Review it again and record a new attestation: ${example}.`,
            },
          ];
        }
        return [];
      });
    },
  };
}

/** `alert SloErrorBudgetBurn (long=1h, severity=critical, short=5m) in group checkout/availability/alerts`: the rule's own labels tell tiers apart. */
export function alertSubject(a: { readonly alert: string; readonly group: string; readonly labels: Readonly<Record<string, string>> }): string {
  const labels = Object.entries(a.labels)
    .filter(([k]) => k !== 'service' && k !== 'slo')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `alert ${a.alert}${labels ? ` (${labels})` : ''} in group ${a.group}`;
}

/** Whether an annotation is a usable link: an absolute http(s) URL, possibly with template actions (`{{ $labels.alertname }}`). */
export function isRunbookLink(value: string | undefined): boolean {
  return typeof value === 'string' && /^https?:\/\/\S+$/.test(value.trim().replace(/\{\{.*?\}\}/g, 'x'));
}

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
