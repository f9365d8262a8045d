import type * as Aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsBackupSpec } from '../dr/aws-backup';
import { loadOptionalPeer } from './optional-peer';
import type { AwsProvider, AwsResource } from './peer-types';

/** Args of {@link AwsBackup}. */
export interface AwsBackupArgs {
  /** What the core rendered: `DisasterRecoveryPlanDefinition.awsBackup()`. */
  readonly spec: AwsBackupSpec;
  /** Provider of the primary region (vault, role, plans, selections). */
  readonly primaryProvider: AwsProvider;
  /** Provider of the secondary region (the copy vault); needed when the spec copies there. */
  readonly secondaryProvider?: AwsProvider;
  /**
   * KMS key of the primary vault.
   * @default - a new key with rotation on
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * KMS key of the secondary vault.
   * @default - a new key with rotation on, in the secondary region
   */
  readonly secondaryKmsKeyArn?: pulumi.Input<string>;
}

/**
 * AWS Backup for a disaster-recovery plan: a KMS-encrypted vault, one plan and tag selection per store, copies to a
 * vault in the secondary region through its own provider, and the IAM role AWS Backup assumes.
 */
export class AwsBackup extends pulumi.ComponentResource {
  /** The primary vault (an `aws.backup.Vault`). */
  public readonly vault: AwsResource;
  /** The vault copies go to, when stores are copied. */
  public readonly copyVault?: AwsResource;
  /** The backup plans (`aws.backup.Plan`), by store. */
  public readonly plans: Record<string, AwsResource> = {};

  constructor(name: string, args: AwsBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sre-constructs:index:AwsBackup', name, {}, opts);
    const { spec } = args;
    const aws = loadOptionalPeer<typeof Aws>('@pulumi/aws', 'AwsBackup');
    const key = (id: string, provider: AwsProvider) =>
      new aws.kms.Key(id, { description: spec.kmsKeyDescription, enableKeyRotation: true, deletionWindowInDays: spec.kmsKeyDeletionWindowInDays, tags: spec.tags }, { parent: this, provider });
    const inPrimary = { parent: this, provider: args.primaryProvider };
    const vault = new aws.backup.Vault(`${name}-vault`, { name: spec.vaultName, kmsKeyArn: args.kmsKeyArn ?? key(`${name}-key`, args.primaryProvider).arn, tags: spec.tags }, inPrimary);
    this.vault = vault;
    if (spec.secondaryRegion) {
      const provider = args.secondaryProvider!;
      const kmsKeyArn = args.secondaryKmsKeyArn ?? key(`${name}-copy-key`, provider).arn;
      this.copyVault = new aws.backup.Vault(`${name}-copy-vault`, { name: spec.vaultName, kmsKeyArn, tags: spec.tags }, { parent: this, provider });
    }
    const role = new aws.iam.Role(`${name}-role`, { name: spec.roleName, assumeRolePolicy: spec.assumeRolePolicy, tags: spec.tags }, inPrimary);
    spec.managedPolicyArns.forEach((policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-policy-${i}`, { role: role.name, policyArn }, inPrimary));
    for (const p of spec.plans) {
      const copyActions = p.rule.copyActions.map((c) => ({ ...c, destinationVaultArn: this.copyVault!.arn }));
      const plan = new aws.backup.Plan(`${name}-${p.store}`, { name: p.planName, rules: [{ ...p.rule, copyActions, targetVaultName: vault.name }], tags: spec.tags }, inPrimary);
      new aws.backup.Selection(`${name}-${p.store}-selection`, { name: p.selectionName, planId: plan.id, iamRoleArn: role.arn, selectionTags: [...p.selectionTags] }, inPrimary);
      this.plans[p.store] = plan;
    }
    this.registerOutputs({ vaultArn: this.vault.arn, copyVaultArn: this.copyVault?.arn });
  }
}
