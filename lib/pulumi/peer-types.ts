import type * as pulumi from '@pulumi/pulumi';

/**
 * An AWS provider: an `aws.Provider` of `@pulumi/aws`. Typed as Pulumi's `ProviderResource` so that programs
 * which do not install `@pulumi/aws` (an optional peer dependency) still type-check against `sre-constructs/pulumi`.
 */
export type AwsProvider = pulumi.ProviderResource;

/**
 * An AWS resource a component created. Its class is the `@pulumi/aws` one named where it is exposed (`aws.backup.Vault`,
 * `aws.s3.Bucket`...); cast to that class for its other outputs.
 */
export interface AwsResource extends pulumi.CustomResource {
  /** The resource's ARN. */
  readonly arn: pulumi.Output<string>;
}

/**
 * A resource of `@pulumi/aws` or `@pulumi/pagerduty` with no ARN to expose (a Route53 record, a PagerDuty service).
 * Its class is named where it is exposed; cast to it for its other outputs.
 */
export type PeerResource = pulumi.CustomResource;
