import type { DataStoreDefinition } from './data-store';

/** AWS's managed policy that lets AWS Backup back up every supported service except S3. */
export const AWS_BACKUP_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup';
/** AWS's managed policy that lets AWS Backup back up S3 buckets. */
export const AWS_S3_BACKUP_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup';

/** A backup plan rule as `aws.backup.Plan` takes it; the door adds `targetVaultName` and each copy action's `destinationVaultArn`. */
export interface BackupRuleSpec {
  /** Rule name. */
  readonly ruleName: string;
  /** AWS schedule expression. */
  readonly schedule: string;
  /** Time zone of the schedule. */
  readonly scheduleExpressionTimezone: string;
  /** Minutes a backup may start late. */
  readonly startWindow: number;
  /** Continuous backup (point-in-time recovery) where the resource supports it. */
  readonly enableContinuousBackup: boolean;
  /** Retention in days. */
  readonly lifecycle: { readonly deleteAfter: number };
  /** Copies to the secondary region's vault, keeping the same retention. */
  readonly copyActions: ReadonlyArray<{ readonly lifecycle: { readonly deleteAfter: number } }>;
  /** Tags on every recovery point. */
  readonly recoveryPointTags: Readonly<Record<string, string>>;
}

/** One store's AWS Backup plan and tag selection. A selection applies every rule of its plan, so each store has its own plan. */
export interface StoreBackupPlanSpec {
  /** Store name. */
  readonly store: string;
  /** Plan name. */
  readonly planName: string;
  /** The rule. */
  readonly rule: BackupRuleSpec;
  /** Selection name. */
  readonly selectionName: string;
  /** Resources with any of these tags are selected (AWS ORs the tags of a selection). */
  readonly selectionTags: ReadonlyArray<{ readonly type: 'STRINGEQUALS'; readonly key: string; readonly value: string }>;
}

/** Everything AWS Backup needs for a plan, as plain values (the Pulumi door registers it). */
export interface AwsBackupSpec {
  /** Primary region. */
  readonly primaryRegion: string;
  /** Secondary region, when stores are copied there. */
  readonly secondaryRegion?: string;
  /** Vault name, in both regions. */
  readonly vaultName: string;
  /** Description of the KMS keys. */
  readonly kmsKeyDescription: string;
  /** Days a deleted KMS key waits before it is gone (the longest AWS allows, so a mistake can be undone). */
  readonly kmsKeyDeletionWindowInDays: number;
  /** IAM role AWS Backup assumes. */
  readonly roleName: string;
  /** Its trust policy, as JSON. */
  readonly assumeRolePolicy: string;
  /** Managed policies attached to it. */
  readonly managedPolicyArns: readonly string[];
  /** One plan per store. */
  readonly plans: readonly StoreBackupPlanSpec[];
  /** Tags on every AWS resource. */
  readonly tags: Readonly<Record<string, string>>;
}

/** The AWS Backup side of a plan, or undefined when no store uses AWS Backup. */
export function awsBackupSpec(plan: string, regions: { readonly primary: string; readonly secondary: string } | undefined, stores: readonly DataStoreDefinition[]): AwsBackupSpec | undefined {
  const backed = stores.filter((s) => s.aws);
  if (backed.length === 0 || !regions) return undefined;
  const tags = { 'app.kubernetes.io/managed-by': 'sre-constructs', 'sre-constructs.dev/dr-plan': plan };
  const copies = backed.some((s) => s.policy.copyToSecondaryRegion);
  return {
    primaryRegion: regions.primary,
    ...(copies ? { secondaryRegion: regions.secondary } : {}),
    vaultName: `${plan}-dr`,
    kmsKeyDescription: `AWS Backup vault key of disaster-recovery plan ${plan}`,
    kmsKeyDeletionWindowInDays: 30,
    roleName: `${plan}-aws-backup`,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
    managedPolicyArns: [AWS_BACKUP_POLICY_ARN, ...(backed.some((s) => s.aws!.includesS3) ? [AWS_S3_BACKUP_POLICY_ARN] : [])],
    plans: backed.map((s) => {
      const days = s.policy.retention.toDays();
      return {
        store: s.name,
        planName: `${plan}-${s.name}`,
        rule: {
          ruleName: s.name,
          schedule: s.aws!.scheduleExpression,
          scheduleExpressionTimezone: 'Etc/UTC',
          startWindow: s.aws!.startWindow.toMinutes(),
          enableContinuousBackup: s.policy.continuous,
          lifecycle: { deleteAfter: days },
          copyActions: s.policy.copyToSecondaryRegion ? [{ lifecycle: { deleteAfter: days } }] : [],
          recoveryPointTags: { ...tags, 'sre-constructs.dev/dr-store': s.name },
        },
        selectionName: `${plan}-${s.name}`,
        selectionTags: Object.entries(s.aws!.tags).map(([key, value]) => ({ type: 'STRINGEQUALS' as const, key, value })),
      };
    }),
    tags,
  };
}
