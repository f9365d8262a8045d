import type * as pulumi from '@pulumi/pulumi';
import type { DisasterRecoveryPlanProps } from '../dr/disaster-recovery-plan';
import type { WithMetadataArgs } from './metadata-args';
import type { AwsProvider } from './peer-types';

/** The AWS side of `DisasterRecoveryPlan`: existing keys and providers to use. */
export interface DisasterRecoveryAwsArgs {
  /**
   * KMS key of the primary vault.
   * @default - a new key with rotation on
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * KMS key of the secondary vault.
   * @default - a new key with rotation on
   */
  readonly secondaryKmsKeyArn?: pulumi.Input<string>;
  /**
   * Provider of the primary region; it must be in the plan's primary region.
   * @default - a provider for regions.primary
   */
  readonly primaryProvider?: AwsProvider;
  /**
   * Provider of the secondary region; it must be in the plan's secondary region.
   * @default - a provider for regions.secondary
   */
  readonly secondaryProvider?: AwsProvider;
}

/** Args of `DisasterRecoveryPlan`: the core props; cloud names in failover DNS and metadata accept Inputs. */
export type DisasterRecoveryPlanArgs = WithMetadataArgs<DisasterRecoveryPlanProps<pulumi.Input<string>>> & {
  /**
   * Keys and providers of the AWS side.
   * @default - new keys, and providers for the plan's regions
   */
  readonly aws?: DisasterRecoveryAwsArgs;
};
