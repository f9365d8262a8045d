import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import type * as pagerduty from '@pulumi/pagerduty';
import type { Credential } from '../incidents/credential';
import { OnCallDefinition, OnCallProps, OnCallSecretProps, RotationProps } from '../incidents/on-call';
import { requireText } from '../common/names';
import { PendingInputs } from './inputs';
import type { WithMetadataArgs } from './metadata-args';
import { loadOptionalPeer } from './optional-peer';
import type { PeerResource } from './peer-types';

/** A rotation whose user ids may come from other resources (`user.id`). */
export interface RotationArgs extends Omit<RotationProps, 'users'> {
  /** PagerDuty user ids, in rotation order. */
  readonly users: ReadonlyArray<pulumi.Input<string>>;
}

/** Args of {@link OnCall}: the core props, with user ids and the Secret's metadata as Inputs. */
export interface OnCallArgs extends Omit<OnCallProps, 'primary' | 'senior' | 'secret'> {
  /** The on-call engineers. */
  readonly primary: RotationArgs;
  /** The senior rotation. */
  readonly senior: RotationArgs;
  /**
   * The Secret the integration keys go into.
   * @default - named "pagerduty-<service>", keys "routing-key" and "senior-routing-key"
   */
  readonly secret?: WithMetadataArgs<OnCallSecretProps>;
}

/**
 * On-call in PagerDuty: weekly schedules of the on-call and the senior rotation, an escalation policy that
 * escalates to the senior rotation after 30 minutes unacknowledged, a service with it (the paging receiver) and
 * one that pages the senior rotation at once (the SEV1 receiver), and their integration keys in a Kubernetes
 * Secret. Give `routingKey` and `seniorRoutingKey` to the routing's PagerDuty receivers.
 */
export class OnCall extends pulumi.ComponentResource {
  /** The checked on-call. */
  public readonly definition: OnCallDefinition;
  /** The primary service's integration key, for `Receiver.pagerDuty(..., { routingKey })`. */
  public readonly routingKey: Credential;
  /** The senior service's integration key, for the senior receiver. */
  public readonly seniorRoutingKey: Credential;
  /** The PagerDuty services (`pagerduty.Service`): primary (escalating) and senior. */
  public readonly services: { readonly primary: PeerResource; readonly senior: PeerResource };
  /** The Secret holding both integration keys. */
  public readonly secret: k8s.core.v1.Secret;

  constructor(name: string, args: OnCallArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.secret?.metadata, name);
    const plainUsers = (r: RotationArgs) => ({ ...r, users: r.users.map((u) => pending.value(u, (v, at) => requireText(at, 'users', v))!) });
    const definition = OnCallDefinition.create({ ...args, primary: plainUsers(args.primary), senior: plainUsers(args.senior), secret: { ...args.secret, metadata: pending.metadata } }, name);
    const pd = loadOptionalPeer<typeof pagerduty>('@pulumi/pagerduty', 'OnCall');
    super('sre-constructs:index:OnCall', name, {}, opts);
    this.definition = definition;
    this.routingKey = definition.routingKey;
    this.seniorRoutingKey = definition.seniorRoutingKey;
    const parent = { parent: this };
    const schedule = (which: 'primary' | 'senior') => {
      const { layer, ...s } = definition.schedules[which];
      return new pd.Schedule(`${name}-${which}-schedule`, { ...s, layers: [{ ...layer, users: [...args[which].users] }] }, parent);
    };
    const schedules = { primary: schedule('primary'), senior: schedule('senior') };
    const rule = (s: pagerduty.Schedule) => ({ escalationDelayInMinutes: definition.escalateAfterMinutes, targets: [{ type: OnCallDefinition.SCHEDULE_TARGET, id: s.id }] });
    const primaryPolicy = new pd.EscalationPolicy(`${name}-escalation`, { ...definition.escalationPolicies.primary, rules: [rule(schedules.primary), rule(schedules.senior)] }, parent);
    const seniorPolicy = new pd.EscalationPolicy(`${name}-senior-escalation`, { ...definition.escalationPolicies.senior, rules: [rule(schedules.senior)] }, parent);
    this.services = {
      primary: new pd.Service(`${name}-service`, { ...definition.services.primary, escalationPolicy: primaryPolicy.id }, parent),
      senior: new pd.Service(`${name}-senior-service`, { ...definition.services.senior, escalationPolicy: seniorPolicy.id }, parent),
    };
    const integration = (which: 'primary' | 'senior') =>
      new pd.ServiceIntegration(`${name}-${which}-integration`, { name: definition.integrationName, type: OnCallDefinition.INTEGRATION_TYPE, service: this.services[which].id }, parent);
    const keys = { primary: integration('primary').integrationKey, senior: integration('senior').integrationKey };
    const stringData = { [definition.routingKey.secretKey!]: pulumi.secret(keys.primary), [definition.seniorRoutingKey.secretKey!]: pulumi.secret(keys.senior) };
    this.secret = new k8s.core.v1.Secret(`${name}-secret`, { ...pending.resolve(definition.secretManifest()), stringData } as k8s.core.v1.SecretArgs, parent);
    this.registerOutputs({ serviceId: this.services.primary.id, seniorServiceId: this.services.senior.id, secretName: this.secret.metadata.name });
  }
}
