import type * as Aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { AwsLogArchiveDefinition, AwsLogArchiveProps } from '../logging/aws-log-archive';
import { loadOptionalPeer } from './optional-peer';
import type { AwsResource } from './peer-types';

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
  /** The log groups (`aws.cloudwatch.LogGroup`). */
  public readonly logGroups: AwsResource[];
  /** The archive bucket (an `aws.s3.Bucket`). */
  public readonly bucket: AwsResource;

  constructor(name: string, args: AwsLogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
    const definition = AwsLogArchiveDefinition.create(args, name);
    super('sre-constructs:index:AwsLogArchive', name, {}, opts);
    this.definition = definition;
    const aws = loadOptionalPeer<typeof Aws>('@pulumi/aws', 'AwsLogArchive');
    const child = { parent: this };
    this.logGroups = definition.logGroups().map((group) => new aws.cloudwatch.LogGroup(`${name}${group.name}`, { ...group, kmsKeyId: args.kmsKeyArn, tags: args.tags }, child));
    const archive = new aws.s3.Bucket(`${name}-archive`, { bucket: args.bucketName, tags: args.tags }, child);
    this.bucket = archive;
    const bucket = archive.id;
    new aws.s3.BucketPublicAccessBlock(`${name}-archive`, { bucket, ...definition.publicAccessBlock() }, child);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-archive`, { bucket, rules: definition.encryptionRules(args.kmsKeyArn) }, child);
    new aws.s3.BucketLifecycleConfiguration(`${name}-archive`, { bucket, rules: definition.lifecycleRules().map((rule) => ({ ...rule, transitions: [...rule.transitions] })) }, child);
    this.registerOutputs({ bucketName: archive.bucket, logGroupNames: definition.logGroupNames, tiers: definition.describe() });
  }
}
