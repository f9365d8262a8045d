import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Route53FailoverSpec } from '../dr/failover-dns';
import type { PendingInputs } from './inputs';

/** Args of {@link Route53Failover}. */
export interface Route53FailoverArgs {
  /** What the core rendered: `DisasterRecoveryPlanDefinition.route53(procedure)`. */
  readonly spec: Route53FailoverSpec;
  /** Write the PRIMARY/SECONDARY records (false when external-dns writes them from a DNSEndpoint). */
  readonly writeRecords: boolean;
  /** The Inputs the spec's cloud names stand in for. */
  readonly pending: PendingInputs;
  /** Provider for Route53 (a global service; any region's provider works). */
  readonly provider: aws.Provider;
}

/**
 * Route53 failover for one procedure: health checks of both endpoints, the operator's approval check for manual
 * approval, and the PRIMARY/SECONDARY records (set identifiers, health-check ids, alias targets).
 */
export class Route53Failover extends pulumi.ComponentResource {
  /** Health check of the primary endpoint. */
  public readonly primaryCheck: aws.route53.HealthCheck;
  /** Health check of the secondary endpoint. */
  public readonly secondaryCheck: aws.route53.HealthCheck;
  /** The approval check a person inverts to fail over, for manual approval. */
  public readonly approvalCheck?: aws.route53.HealthCheck;
  /** The check the PRIMARY record carries. */
  public readonly primaryRecordCheckId: pulumi.Output<string>;
  /** The records, when written here. */
  public readonly records: aws.route53.Record[] = [];

  constructor(name: string, args: Route53FailoverArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sre-constructs:index:Route53Failover', name, {}, opts);
    const { spec, pending } = args;
    const child = { parent: this, provider: args.provider };
    this.primaryCheck = new aws.route53.HealthCheck(`${name}-primary`, pending.fields(spec.primaryEndpointCheck), child);
    this.secondaryCheck = new aws.route53.HealthCheck(`${name}-secondary`, pending.fields(spec.secondaryEndpointCheck), child);
    if (spec.approvalCheck) {
      // Inverting it is how a person fails over; a later `pulumi up` must not quietly fail back.
      this.approvalCheck = new aws.route53.HealthCheck(
        `${name}-approval`,
        { ...pending.fields(spec.approvalCheck), childHealthchecks: [this.primaryCheck.id] },
        { ...child, ignoreChanges: ['invertHealthcheck'] },
      );
    }
    this.primaryRecordCheckId = (this.approvalCheck ?? this.primaryCheck).id;
    if (args.writeRecords) {
      this.records.push(
        new aws.route53.Record(`${name}-primary-record`, { ...pending.fields(spec.primaryRecord), healthCheckId: this.primaryRecordCheckId }, child),
        new aws.route53.Record(`${name}-secondary-record`, { ...pending.fields(spec.secondaryRecord), healthCheckId: this.secondaryCheck.id }, child),
      );
    }
    this.registerOutputs({ primaryRecordCheckId: this.primaryRecordCheckId, secondaryCheckId: this.secondaryCheck.id, approvalCheckId: this.approvalCheck?.id });
  }
}
