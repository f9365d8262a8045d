import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { AwsLogArchiveDefinition, AwsLogArchiveProps } from '../logging/aws-log-archive';

/** Args of {@link AwsLogArchive}: the core props, with what names other resources as Inputs. */
export interface AwsLogArchiveArgs extends AwsLogArchiveProps {
  /**
   * Name of the archive bucket.
   * @default - a unique name Pulumi generates
   */
  readonly bucketName?: pulumi.Input<string>;
  /**
   * KMS key ARN that encrypts the archive and the log groups.
   * @default - S3-managed keys (SSE-S3) and CloudWatch's own encryption
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Tags of every resource.
   * @default - none
   */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The AWS tiers of a log policy: CloudWatch log groups keep the hot tier; an S3 archive, with public access blocked
 * and default encryption, holds warm and cold through lifecycle transitions and deletes at the end of cold.
 */
export class AwsLogArchive extends pulumi.ComponentResource {
  /** The checked archive. */
  public readonly definition: AwsLogArchiveDefinition;
  /** The log groups. */
  public readonly logGroups: aws.cloudwatch.LogGroup[];
  /** The archive bucket. */
  public readonly bucket: aws.s3.Bucket;

  constructor(name: string, args: AwsLogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    const definition = AwsLogArchiveDefinition.create(args, name);
    super('sre-constructs:index:AwsLogArchive', name, {}, opts);
    this.definition = definition;
    const child = { parent: this };
    this.logGroups = definition.logGroups().map((group) => new aws.cloudwatch.LogGroup(`${name}${group.name}`, { ...group, kmsKeyId: args.kmsKeyArn, tags: args.tags }, child));
    this.bucket = new aws.s3.Bucket(`${name}-archive`, { bucket: args.bucketName, tags: args.tags }, child);
    const bucket = this.bucket.id;
    new aws.s3.BucketPublicAccessBlock(`${name}-archive`, { bucket, ...definition.publicAccessBlock() }, child);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-archive`, { bucket, rules: definition.encryptionRules(args.kmsKeyArn) }, child);
    new aws.s3.BucketLifecycleConfiguration(`${name}-archive`, { bucket, rules: definition.lifecycleRules().map((rule) => ({ ...rule, transitions: [...rule.transitions] })) }, child);
    this.registerOutputs({ bucketName: this.bucket.bucket, logGroupNames: definition.logGroupNames, tiers: definition.describe() });
  }
}
