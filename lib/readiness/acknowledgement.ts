import type { SpecPath } from '../common/errors';
import type { ReadinessFinding } from './rule';
import { describeObject } from './model/objects';

/**
 * A finding someone has looked at and accepted, with the reason. The report shows it as acknowledged,
 * with the reason, instead of failing.
 */
export interface ReadinessAcknowledgementProps {
  /** The rule id (`SRE-ARC-004`). */
  readonly rule: string;
  /**
   * The object, as the report names it (`Deployment identity/user-authentication`).
   * @default - every object
   */
  readonly object?: string;
  /**
   * What within it, as the report names it (`container app`, `service payment-service`).
   * @default - everything about the object
   */
  readonly subject?: string;
  /** Why the finding is accepted. Required and not blank: an acknowledgement without a reason is refused. */
  readonly reason: string;
}

/** A checked acknowledgement. */
export interface ReadinessAcknowledgement {
  /** Rule id. */
  readonly rule: string;
  /** Object, when limited to one. */
  readonly object?: string;
  /** Subject, when limited to one. */
  readonly subject?: string;
  /** Reason. */
  readonly reason: string;
}

/** Checks an acknowledgement; `isRule` says whether a rule id exists. */
export function defineAcknowledgement(at: SpecPath, props: ReadinessAcknowledgementProps, isRule: (id: string) => boolean): ReadinessAcknowledgement {
  if (props === null || typeof props !== 'object') return at.fail(undefined, props, 'is not an acknowledgement', 'Give { rule, object?, subject?, reason }.');
  if (typeof props.rule !== 'string' || !isRule(props.rule)) {
    at.fail('rule', props.rule, 'is not a rule of the library or of the pack', 'Use the id the report shows, e.g. "SRE-ARC-004".');
  }
  if (typeof props.reason !== 'string' || props.reason.trim() === '') {
    at.fail('reason', props.reason, 'is empty', 'Say why the finding is accepted: an acknowledgement needs a reason the next reviewer can judge.');
  }
  for (const field of ['object', 'subject'] as const) {
    const v = props[field];
    if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) at.fail(field, v, 'is empty', `Give the ${field} as the report names it, or leave it out.`);
  }
  return {
    rule: props.rule,
    ...(props.object !== undefined ? { object: props.object.trim() } : {}),
    ...(props.subject !== undefined ? { subject: props.subject.trim() } : {}),
    reason: props.reason.trim(),
  };
}

/** Whether an acknowledgement covers a finding of a rule. */
export function acknowledges(ack: ReadinessAcknowledgement, rule: string, finding: ReadinessFinding): boolean {
  if (ack.rule !== rule) return false;
  if (ack.object !== undefined && (!finding.object || describeObject(finding.object) !== ack.object)) return false;
  if (ack.subject !== undefined && finding.subject !== ack.subject) return false;
  return true;
}
