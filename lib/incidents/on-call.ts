import { Severity } from '../alerting/severity';
import { Duration, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { requireDnsLabel } from '../common/names';
import { Credential } from './credential';
import { requireNotBeforeResponse } from './incident-routing';

/** A rotation of named people, one shift each in turn. */
export interface RotationProps {
  /** PagerDuty user ids, in rotation order (the Pulumi door takes Inputs: `user.id`). */
  readonly users: readonly string[];
  /**
   * Start of the first shift, ISO 8601 with an offset; later shifts follow every `length`.
   * @default "2025-01-06T09:00:00Z" (a Monday, 09:00 UTC)
   */
  readonly handoff?: string;
  /**
   * Length of a shift.
   * @default Duration.days(7)
   */
  readonly length?: Duration;
}

/** The Kubernetes Secret the integration keys are delivered into, for the Alertmanager receivers to read. */
export interface OnCallSecretProps {
  /**
   * Metadata of the Secret. Put it in the namespace of the AlertmanagerConfig that reads it.
   * @default - named "pagerduty-<service>"
   */
  readonly metadata?: ManifestMetadataProps;
  /**
   * Key of the primary service's integration key.
   * @default "routing-key"
   */
  readonly routingKey?: string;
  /**
   * Key of the senior service's integration key.
   * @default "senior-routing-key"
   */
  readonly seniorRoutingKey?: string;
}

/**
 * On-call for a service in PagerDuty: a weekly schedule of the on-call engineers and one of the senior
 * rotation; an escalation policy that pages the on-call and escalates to the senior rotation when nobody
 * acknowledges within `escalateAfter`; a PagerDuty service with that policy (the paging receiver of the
 * routing), a second one that pages the senior rotation at once (the SEV1 receiver); and their Events API v2
 * integration keys delivered into a Kubernetes Secret.
 */
export interface OnCallProps {
  /** Service name (DNS label): names the PagerDuty objects and the Secret. */
  readonly service: string;
  /** The on-call engineers. */
  readonly primary: RotationProps;
  /** The senior rotation: escalated to, and paged at once for a SEV1. */
  readonly senior: RotationProps;
  /**
   * How long a page may stay unacknowledged before it escalates to the senior rotation: at least the SEV2
   * response time (15 minutes).
   * @default Duration.minutes(30)
   */
  readonly escalateAfter?: Duration;
  /**
   * IANA time zone of the schedules.
   * @default "UTC"
   */
  readonly timeZone?: string;
  /**
   * The Secret the integration keys go into.
   * @default - named "pagerduty-<service>", keys "routing-key" and "senior-routing-key"
   */
  readonly secret?: OnCallSecretProps;
}

/** A schedule as PagerDuty's Schedule takes it, without its users (ids that may come from other resources). */
export interface ScheduleArgsWithoutUsers {
  /** Name. */
  readonly name: string;
  /** Description. */
  readonly description: string;
  /** Time zone. */
  readonly timeZone: string;
  /** One layer. */
  readonly layer: { readonly name: string; readonly start: string; readonly rotationVirtualStart: string; readonly rotationTurnLengthSeconds: number };
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/;

/** Checked on-call: what the Pulumi door registers in PagerDuty and Kubernetes. */
export class OnCallDefinition {
  /** The PagerDuty integration type Alertmanager's `pagerduty_configs` send to (Events API v2). */
  public static readonly INTEGRATION_TYPE = 'events_api_v2_inbound_integration';
  /** How an escalation rule names a schedule as its target. */
  public static readonly SCHEDULE_TARGET = 'schedule_reference';

  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: OnCallProps, path?: string): OnCallDefinition {
    return new OnCallDefinition(props, path ?? String(props?.service ?? 'OnCall'));
  }

  /** Service name. */
  public readonly service: string;
  /** Time zone. */
  public readonly timeZone: string;
  /** Escalation delay in whole minutes, as PagerDuty takes it. */
  public readonly escalateAfterMinutes: number;
  /** The primary and senior schedules. */
  public readonly schedules: { readonly primary: ScheduleArgsWithoutUsers; readonly senior: ScheduleArgsWithoutUsers };
  /** Metadata of the Secret. */
  public readonly secretMetadata: ManifestMetadata;
  /** The primary service's integration key, as the paging receiver reads it. */
  public readonly routingKey: Credential;
  /** The senior service's integration key, as the senior receiver reads it. */
  public readonly seniorRoutingKey: Credential;

  private constructor(props: OnCallProps, path: string) {
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not an OnCall spec', 'Give { service, primary, senior }.');
    this.service = requireDnsLabel(at, 'service', props.service);
    this.timeZone = props.timeZone ?? 'UTC';
    if (!isTimeZone(this.timeZone)) at.fail('timeZone', this.timeZone, 'is not an IANA time zone', 'Give a zone such as "UTC" or "Europe/Berlin".');
    const escalateAfter = props.escalateAfter === undefined ? Duration.minutes(30) : requirePositiveDuration(at, 'escalateAfter', props.escalateAfter);
    requireNotBeforeResponse(at, 'escalateAfter', escalateAfter, Severity.SEV2);
    if (escalateAfter.toMilliseconds() % Duration.minutes(1).toMilliseconds() !== 0) {
      at.fail('escalateAfter', escalateAfter.toPrometheus(), 'is not a whole number of minutes', 'PagerDuty escalates after whole minutes, e.g. Duration.minutes(30).');
    }
    this.escalateAfterMinutes = escalateAfter.toMinutes();
    this.schedules = {
      primary: this.schedule(at.at('primary'), props.primary, `${this.service} on-call`, `Who is on call for ${this.service}: paged for SEV1 and SEV2.`),
      senior: this.schedule(at.at('senior'), props.senior, `${this.service} senior on-call`, `The senior rotation for ${this.service}: paged at once for a SEV1, and after ${escalateAfter.toHumanString()} for an unacknowledged SEV2.`),
    };
    const sat = at.at('secret');
    const secret = props.secret ?? {};
    this.secretMetadata = defineMetadata(sat, secret.metadata, `pagerduty-${this.service}`);
    const key = (field: 'routingKey' | 'seniorRoutingKey', fallback: string) => {
      const k = secret[field] ?? fallback;
      if (typeof k !== 'string' || !SECRET_KEY.test(k)) sat.fail(field, k, 'is not a valid Secret key', 'Secret keys are letters, digits, "-", "_" and ".", e.g. "routing-key".');
      return k;
    };
    const routingKey = key('routingKey', 'routing-key');
    const seniorRoutingKey = key('seniorRoutingKey', 'senior-routing-key');
    if (routingKey === seniorRoutingKey) sat.fail('seniorRoutingKey', seniorRoutingKey, 'is also routingKey', 'Give the two integration keys their own keys in the Secret.');
    this.routingKey = Credential.secret(this.secretMetadata.name, routingKey);
    this.seniorRoutingKey = Credential.secret(this.secretMetadata.name, seniorRoutingKey);
  }

  /** The two escalation policies: the on-call, then the senior rotation after the delay; and the senior rotation alone. */
  public get escalationPolicies(): { readonly primary: { readonly name: string; readonly numLoops: number }; readonly senior: { readonly name: string; readonly numLoops: number } } {
    return {
      primary: { name: `${this.service} escalation`, numLoops: 1 },
      senior: { name: `${this.service} senior escalation`, numLoops: 1 },
    };
  }

  /**
   * The PagerDuty services. Alertmanager resolves incidents itself, so PagerDuty neither re-triggers an
   * acknowledged incident nor resolves one on a timer.
   */
  public get services(): { readonly primary: PagerDutyServiceArgs; readonly senior: PagerDutyServiceArgs } {
    const common = { alertCreation: 'create_alerts_and_incidents', acknowledgementTimeout: 'null', autoResolveTimeout: 'null' };
    return {
      primary: { ...common, name: this.service, description: `Pages from Alertmanager for ${this.service} (SEV1 and SEV2).` },
      senior: { ...common, name: `${this.service} senior`, description: `SEV1 pages from Alertmanager for ${this.service}, to the senior rotation at once.` },
    };
  }

  /** Name of the Events API v2 integrations. */
  public get integrationName(): string {
    return 'Alertmanager (Events API v2)';
  }

  /** The Secret without its data (the integration keys arrive from PagerDuty). */
  public secretManifest(): { readonly apiVersion: 'v1'; readonly kind: 'Secret'; readonly metadata: ManifestMetadata; readonly type: 'Opaque' } {
    return { apiVersion: 'v1', kind: 'Secret', metadata: this.secretMetadata, type: 'Opaque' };
  }

  private schedule(at: SpecPath, r: RotationProps, name: string, description: string): ScheduleArgsWithoutUsers {
    if (r === null || typeof r !== 'object') return at.fail(undefined, r, 'is not a rotation', 'Give { users: [...] }.');
    if (!Array.isArray(r.users) || r.users.length === 0) return at.fail('users', r.users, 'is empty', 'Name at least one PagerDuty user id; a rotation of one person is no rotation, but it is honest.');
    r.users.forEach((u, i) => {
      if (typeof u !== 'string' || u.trim() === '') at.fail(`users[${i}]`, u, 'is not a user id', 'Give the PagerDuty user id, e.g. user.id of a pagerduty.User.');
    });
    const dupe = r.users.find((u, i) => r.users.indexOf(u) !== i);
    if (dupe !== undefined) at.fail('users', dupe, 'is named twice', 'Name each person once; the rotation order is the list order.');
    const handoff = r.handoff ?? '2025-01-06T09:00:00Z';
    if (typeof handoff !== 'string' || !ISO_WITH_OFFSET.test(handoff) || Number.isNaN(Date.parse(handoff))) {
      at.fail('handoff', handoff, 'is not an ISO 8601 time with an offset', 'Give the start of the first shift, e.g. "2025-01-06T09:00:00+01:00".');
    }
    const length = r.length === undefined ? Duration.days(7) : requirePositiveDuration(at, 'length', r.length);
    if (length.toMilliseconds() % Duration.hours(1).toMilliseconds() !== 0) {
      at.fail('length', length.toPrometheus(), 'is not a whole number of hours', 'Give a shift length such as Duration.days(7) or Duration.hours(12).');
    }
    const every = length.equals(Duration.days(7)) ? 'weekly' : `every ${length.toHumanString()}`;
    return { name, description, timeZone: this.timeZone, layer: { name: `${name} (${every})`, start: handoff, rotationVirtualStart: handoff, rotationTurnLengthSeconds: length.toSeconds() } };
  }
}

/** A PagerDuty service as pagerduty.Service takes it, without its escalation policy id. */
export interface PagerDutyServiceArgs {
  /** Name. */
  readonly name: string;
  /** Description. */
  readonly description: string;
  /** Alerts and incidents. */
  readonly alertCreation: string;
  /** "null": never re-trigger an acknowledged incident. */
  readonly acknowledgementTimeout: string;
  /** "null": never resolve on a timer. */
  readonly autoResolveTimeout: string;
}

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
