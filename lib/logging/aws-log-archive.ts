import { Duration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { RetentionTiersDefinition, RetentionTiersProps, defineRetention } from './retention';

/** S3 storage classes a lifecycle rule can move objects to (and STANDARD, where objects arrive). */
export type S3StorageClass = 'STANDARD' | 'INTELLIGENT_TIERING' | 'STANDARD_IA' | 'ONEZONE_IA' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';

/** Retention values CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const WARM_CLASSES: readonly S3StorageClass[] = ['STANDARD', 'INTELLIGENT_TIERING', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR'];
const COLD_CLASSES: readonly S3StorageClass[] = ['GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];
const COLDNESS: readonly S3StorageClass[] = ['STANDARD', 'INTELLIGENT_TIERING', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];
/** Days S3 bills an object in the class even if it leaves sooner. */
const MINIMUM_STORAGE_DAYS: Partial<Record<S3StorageClass, number>> = { STANDARD_IA: 30, ONEZONE_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 };
/** S3 moves objects to the infrequent-access classes only once they are this old. */
const IA_MINIMUM_AGE_DAYS = 30;

/**
 * The AWS side of a log policy: CloudWatch log groups that keep the hot tier, and an S3 archive whose lifecycle
 * holds the warm and cold tiers and deletes at the end of cold. Objects are written to the archive when the logs
 * are (by the collector's `awss3` exporter or a CloudWatch subscription), so they are in S3 Standard from day 0.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
export interface AwsLogArchiveProps {
  /** The tiers (the LogPolicy's `retention`). */
  readonly retention: RetentionTiersProps;
  /** CloudWatch log group names that hold the hot tier; their retention is the hot tier's days. */
  readonly logGroups: readonly string[];
  /**
   * Storage class of the warm tier, entered when the hot tier ends. STANDARD needs no transition.
   * @default "STANDARD"
   */
  readonly warmStorageClass?: S3StorageClass;
  /**
   * Storage class of the cold tier, entered when the warm tier ends.
   * @default "GLACIER" (Glacier Flexible Retrieval)
   */
  readonly coldStorageClass?: S3StorageClass;
}

/** A CloudWatch log group, as `aws.cloudwatch.LogGroup` takes it. */
export interface LogGroupArgs {
  /** Name. */
  readonly name: string;
  /** Days kept. */
  readonly retentionInDays: number;
}

/** One rule of the archive's lifecycle, as `aws.s3.BucketLifecycleConfiguration` takes it. */
export interface LifecycleRuleArgs {
  /** Rule id. */
  readonly id: string;
  /** Always on. */
  readonly status: 'Enabled';
  /** Empty: the whole bucket. */
  readonly filter: Readonly<Record<string, never>>;
  /** Transitions into the warm and cold classes, by object age in days. */
  readonly transitions: ReadonlyArray<{ readonly days: number; readonly storageClass: S3StorageClass }>;
  /** Deletion at the end of the cold tier. */
  readonly expiration: { readonly days: number };
  /** Clean-up of uploads that never completed. */
  readonly abortIncompleteMultipartUpload: { readonly daysAfterInitiation: number };
}

/** The archive's default encryption, as `aws.s3.BucketServerSideEncryptionConfiguration` takes it. */
export interface EncryptionRuleArgs<K> {
  /** Algorithm and key. */
  readonly applyServerSideEncryptionByDefault: { readonly sseAlgorithm: 'AES256' | 'aws:kms'; readonly kmsMasterKeyId?: K };
  /** S3 Bucket Keys, which cut KMS requests, when a KMS key is used. */
  readonly bucketKeyEnabled: boolean;
}

/** A checked AWS log archive: plain argument objects for the Pulumi AWS resources. */
export class AwsLogArchiveDefinition {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: AwsLogArchiveProps, path = 'AwsLogArchive'): AwsLogArchiveDefinition {
    return new AwsLogArchiveDefinition(props, path);
  }

  /** The tiers. */
  public readonly retention: RetentionTiersDefinition;
  /** Log group names. */
  public readonly logGroupNames: readonly string[];
  /** Warm class. */
  public readonly warmStorageClass: S3StorageClass;
  /** Cold class. */
  public readonly coldStorageClass: S3StorageClass;

  private constructor(props: AwsLogArchiveProps, path: string) {
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not an AwsLogArchive spec', 'Give { retention, logGroups }.');
    this.retention = defineRetention(at, 'retention', props.retention);
    const hotDays = this.retention.hot.toDays();
    if (!CLOUDWATCH_RETENTION_DAYS.includes(hotDays)) {
      const nearest = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= hotDays)[0] ?? 3653;
      at.fail('retention.hot', this.retention.hot.toPrometheus(), 'is not a retention CloudWatch Logs accepts', `CloudWatch keeps logs for ${CLOUDWATCH_RETENTION_DAYS.join(', ')} days; e.g. ${nearest}.`);
    }
    if (!Array.isArray(props.logGroups) || props.logGroups.length === 0) at.fail('logGroups', props.logGroups, 'is empty', 'Name at least one CloudWatch log group, e.g. "/identity/user-authentication".');
    props.logGroups.forEach((g, i) => {
      if (typeof g !== 'string' || !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(g)) {
        at.fail(`logGroups[${i}]`, g, 'is not a CloudWatch log group name', 'Use 1 to 512 letters, digits, ".", "-", "_", "/" or "#".');
      }
    });
    if (new Set(props.logGroups).size !== props.logGroups.length) at.fail('logGroups', props.logGroups, 'names a log group twice', 'Give each log group once.');
    this.logGroupNames = [...props.logGroups];
    this.warmStorageClass = props.warmStorageClass ?? 'STANDARD';
    this.coldStorageClass = props.coldStorageClass ?? 'GLACIER';
    if (!WARM_CLASSES.includes(this.warmStorageClass)) at.fail('warmStorageClass', this.warmStorageClass, 'is not a warm storage class', `Use one of ${WARM_CLASSES.join(', ')}.`);
    if (!COLD_CLASSES.includes(this.coldStorageClass)) at.fail('coldStorageClass', this.coldStorageClass, 'is not a cold storage class', `Use one of ${COLD_CLASSES.join(', ')}.`);
    if (COLDNESS.indexOf(this.coldStorageClass) <= COLDNESS.indexOf(this.warmStorageClass)) {
      at.fail('coldStorageClass', this.coldStorageClass, `is not colder than the warm class (${this.warmStorageClass})`, 'S3 lifecycles only move objects to colder classes: e.g. warm STANDARD, cold GLACIER.');
    }
    const warmDays = this.retention.warm.toDays();
    const coldDays = this.retention.cold.toDays();
    if ((this.warmStorageClass === 'STANDARD_IA' || this.warmStorageClass === 'ONEZONE_IA') && hotDays < IA_MINIMUM_AGE_DAYS) {
      at.fail('warmStorageClass', this.warmStorageClass, `cannot start at day ${hotDays}: S3 moves objects to it only once they are ${IA_MINIMUM_AGE_DAYS} days old`, 'Keep warm in STANDARD (or INTELLIGENT_TIERING), or end the hot tier at 30 days or later.');
    }
    const billed = (cls: S3StorageClass, days: number, field: string) => {
      const minimum = MINIMUM_STORAGE_DAYS[cls];
      if (minimum !== undefined && days < minimum) {
        at.fail(field, cls, `holds objects ${days} days, less than the ${minimum} days S3 bills for it anyway`, `Choose a class with a shorter minimum, or a tier of at least ${minimum} days.`);
      }
    };
    if (this.warmStorageClass !== 'STANDARD') billed(this.warmStorageClass, warmDays - hotDays, 'warmStorageClass');
    billed(this.coldStorageClass, coldDays - warmDays, 'coldStorageClass');
  }

  /** The log groups, retention set to the hot tier. */
  public logGroups(): LogGroupArgs[] {
    return this.logGroupNames.map((name) => ({ name, retentionInDays: this.retention.hot.toDays() }));
  }

  /** The archive's lifecycle rules (`aws.s3.BucketLifecycleConfiguration` `rules`): warm and cold transitions, expiry at the end of cold. */
  public lifecycleRules(): LifecycleRuleArgs[] {
    const transitions: LifecycleRuleArgs['transitions'] = [
      ...(this.warmStorageClass === 'STANDARD' ? [] : [{ days: this.retention.hot.toDays(), storageClass: this.warmStorageClass }]),
      { days: this.retention.warm.toDays(), storageClass: this.coldStorageClass },
    ];
    return [
      {
        id: 'log-retention-tiers',
        status: 'Enabled',
        filter: {},
        transitions,
        expiration: { days: this.retention.cold.toDays() },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      },
    ];
  }

  /** Public access blocked in every way (`aws.s3.BucketPublicAccessBlock`). */
  public publicAccessBlock(): { blockPublicAcls: true; blockPublicPolicy: true; ignorePublicAcls: true; restrictPublicBuckets: true } {
    return { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
  }

  /** Default encryption (`aws.s3.BucketServerSideEncryptionConfiguration` `rules`): the KMS key when given, else S3-managed keys. */
  public encryptionRules<K>(kmsKeyArn: K | undefined): Array<EncryptionRuleArgs<K>> {
    const byDefault: EncryptionRuleArgs<K>['applyServerSideEncryptionByDefault'] = kmsKeyArn === undefined ? { sseAlgorithm: 'AES256' } : { sseAlgorithm: 'aws:kms', kmsMasterKeyId: kmsKeyArn };
    return [{ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: kmsKeyArn !== undefined }];
  }

  /** The tiers in words, for docs and outputs. */
  public describe(): string {
    const d = (x: Duration) => x.toHumanString();
    return `hot ${d(this.retention.hot)} in CloudWatch Logs, warm until ${d(this.retention.warm)} (${this.warmStorageClass}), cold until ${d(this.retention.cold)} (${this.coldStorageClass}), then deleted`;
  }
}
