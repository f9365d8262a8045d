import type * as Aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { HealthCheckSpec, RecordSpec } from '../dr/failover-dns';
import { loadOptionalPeer } from './optional-peer';
import type { InputFields } from './metadata-args';
import type { AwsProvider, AwsResource, PeerResource } from './peer-types';

/** Args of {@link Route53Failover}: what `DisasterRecoveryPlanDefinition.route53(procedure)` renders, as Pulumi args. */
export interface Route53FailoverArgs {
  /** Health check of the primary endpoint. */
  readonly primaryEndpointCheck: InputFields<HealthCheckSpec>;
  /** Health check of the secondary endpoint. */
  readonly secondaryEndpointCheck: InputFields<HealthCheckSpec>;
  /**
   * The approval check a person inverts, for manual approval; its child is the primary endpoint check.
   * @default - none: the PRIMARY record carries the primary endpoint check
   */
  readonly approvalCheck?: InputFields<HealthCheckSpec>;
  /**
   * The PRIMARY record, without its health check.
   * @default - no records (external-dns writes them from a DNSEndpoint)
   */
  readonly primaryRecord?: InputFields<RecordSpec>;
  /**
   * The SECONDARY record, without its health check.
   * @default - no records
   */
  readonly secondaryRecord?: InputFields<RecordSpec>;
  /** Provider for Route53 (a global service; any region's provider works). */
  readonly provider: AwsProvider;
}

/**
 * Route53 failover for one procedure: health checks of both endpoints, the operator's approval check for manual
 * approval, and the PRIMARY/SECONDARY records (set identifiers, health-check ids, alias targets).
 */
export class Route53Failover extends pulumi.ComponentResource {
  /** Health check of the primary endpoint (an `aws.route53.HealthCheck`). */
  public readonly primaryCheck: AwsResource;
  /** Health check of the secondary endpoint. */
  public readonly secondaryCheck: AwsResource;
  /** The approval check a person inverts to fail over, for manual approval. */
  public readonly approvalCheck?: AwsResource;
  /** The check the PRIMARY record carries. */
  public readonly primaryRecordCheckId: pulumi.Output<string>;
  /** The records (`aws.route53.Record`), when written here. */
  public readonly records: PeerResource[] = [];

  constructor(name: string, args: Route53FailoverArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sre-constructs:index:Route53Failover', name, {}, opts);
    const aws = loadOptionalPeer<typeof Aws>('@pulumi/aws', 'Route53Failover');
    const child = { parent: this, provider: args.provider };
    this.primaryCheck = new aws.route53.HealthCheck(`${name}-primary`, args.primaryEndpointCheck, child);
    this.secondaryCheck = new aws.route53.HealthCheck(`${name}-secondary`, args.secondaryEndpointCheck, child);
    if (args.approvalCheck) {
      // Inverting it is how a person fails over; a later `pulumi up` must not quietly fail back.
      this.approvalCheck = new aws.route53.HealthCheck(`${name}-approval`, { ...args.approvalCheck, childHealthchecks: [this.primaryCheck.id] }, { ...child, ignoreChanges: ['invertHealthcheck'] });
    }
    this.primaryRecordCheckId = (this.approvalCheck ?? this.primaryCheck).id;
    if (args.primaryRecord && args.secondaryRecord) {
      this.records.push(
        new aws.route53.Record(`${name}-primary-record`, { ...args.primaryRecord, healthCheckId: this.primaryRecordCheckId }, child),
        new aws.route53.Record(`${name}-secondary-record`, { ...args.secondaryRecord, healthCheckId: this.secondaryCheck.id }, child),
      );
    }
    this.registerOutputs({ primaryRecordCheckId: this.primaryRecordCheckId, secondaryCheckId: this.secondaryCheck.id, approvalCheckId: this.approvalCheck?.id });
  }
}
