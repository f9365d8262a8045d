import * as pulumi from '@pulumi/pulumi';
import { Duration, MemoryPolicy } from 'sre-constructs';
import { Autoscaling, AwsLogArchive, CertificateRenewal, LogPolicy } from 'sre-constructs/pulumi';
import { RegisteredResource, promiseOf, registerOffline } from '../../scripts/pulumi-offline';
import { schemaErrors } from '../support/schema';

const retention = { hot: Duration.days(7), warm: Duration.days(30), cold: Duration.days(365) };

describe('Pulumi automation and logging components', () => {
  let registered: RegisteredResource[];
  let archive: AwsLogArchive;

  beforeAll(async () => {
    registered = await registerOffline(() => {
      const namespace = pulumi.output('shop');
      const scaling = new Autoscaling('checkout', {
        workload: { name: 'checkout' },
        namespace,
        horizontal: { minReplicas: 2, maxReplicas: 12 },
        memory: MemoryPolicy.raiseOnOom({ factor: 1.5, ceiling: '2Gi' }),
        metadata: { labels: { release: 'kube-prometheus-stack' } },
      });
      const tls = new CertificateRenewal('checkout-tls', { name: 'checkout', dnsNames: ['shop.example.com'], issuer: { name: 'letsencrypt' }, metadata: { namespace } });
      const logs = new LogPolicy('logs', { name: 'logs', retention, exporters: { awscloudwatchlogs: { log_group_name: '/shop/checkout', log_stream_name: 'collector' } }, metadata: { namespace: 'observability' } });
      archive = new AwsLogArchive('shop-logs', { retention, logGroups: ['/shop/checkout'], kmsKeyArn: pulumi.output('arn:aws:kms:eu-west-1:111122223333:key/logs'), tags: { team: 'shop' } });
      return [scaling, tls, logs, archive];
    });
  });

  test('register Kubernetes objects valid against their schemas, with a namespace that arrives later resolved everywhere', () => {
    const objects = registered.filter((r) => r.type.startsWith('kubernetes:'));
    expect(objects.map((r) => r.type).sort()).toEqual([
      'kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler',
      'kubernetes:autoscaling/v2:HorizontalPodAutoscaler',
      'kubernetes:cert-manager.io/v1:Certificate',
      'kubernetes:monitoring.coreos.com/v1:PodMonitor',
      'kubernetes:monitoring.coreos.com/v1:PrometheusRule',
      'kubernetes:monitoring.coreos.com/v1:PrometheusRule',
      'kubernetes:opentelemetry.io/v1beta1:OpenTelemetryCollector',
    ]);
    for (const r of objects) {
      const manifest = r.type === 'kubernetes:autoscaling/v2:HorizontalPodAutoscaler' ? { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', ...r.inputs } : r.inputs;
      expect({ name: r.name, errors: schemaErrors(manifest as never) }).toEqual({ name: r.name, errors: [] });
    }
    const rule = objects.find((r) => r.name === 'checkout-prometheus-rule')!.inputs as any;
    expect(rule.metadata).toMatchObject({ namespace: 'shop', labels: { release: 'kube-prometheus-stack' } });
    expect(JSON.stringify(rule.spec)).toContain('namespace=\\"shop\\"');
    expect(JSON.stringify(rule.spec)).not.toMatch(/latevalue/);
  });

  test('keep the hot tier in CloudWatch log groups encrypted with the key, and the archive bucket private, encrypted and tiered', () => {
    const byType = (type: string) => registered.filter((r) => r.type === type);
    expect(byType('aws:cloudwatch/logGroup:LogGroup').map((r) => r.inputs)).toEqual([
      { name: '/shop/checkout', retentionInDays: 7, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/logs', tags: { team: 'shop' } },
    ]);
    // Mocked resources take the id `<name>-id`: every bucket setting refers to the archive bucket.
    const bucketId = 'shop-logs-archive-id';
    const [block] = byType('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock');
    expect(block.inputs).toEqual({ bucket: bucketId, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const [encryption] = byType('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration');
    expect(encryption.inputs).toMatchObject({ bucket: bucketId, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/logs' }, bucketKeyEnabled: true }] });
    const [lifecycle] = byType('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration');
    expect(lifecycle.inputs).toMatchObject({
      bucket: bucketId,
      rules: [{ id: 'log-retention-tiers', status: 'Enabled', transitions: [{ days: 30, storageClass: 'GLACIER' }], expiration: { days: 365 } }],
    });
  });

  test('parent every child to its component', async () => {
    expect(await promiseOf(archive.bucket.urn)).toMatch(/sre-constructs:index:AwsLogArchive\$aws:s3\/bucket:Bucket::shop-logs-archive$/);
    const components = registered.filter((r) => r.type.startsWith('sre-constructs:')).map((r) => r.type).sort();
    expect(await promiseOf(archive.logGroups[0].urn)).toMatch(/sre-constructs:index:AwsLogArchive\$aws:cloudwatch\/logGroup:LogGroup::shop-logs\/shop\/checkout$/);
    expect(components).toEqual(['sre-constructs:index:Autoscaling', 'sre-constructs:index:AwsLogArchive', 'sre-constructs:index:CertificateRenewal', 'sre-constructs:index:LogPolicy']);
  });

  test('register nothing when the spec is wrong', async () => {
    let error: unknown;
    const resources = await registerOffline(() => {
      try {
        new AwsLogArchive('bad', { retention: { ...retention, hot: Duration.days(10) }, logGroups: ['/shop/checkout'] });
      } catch (e) {
        error = e;
      }
      return [];
    });
    expect((error as Error).message).toMatch(/^bad: retention\.hot \("10d"\) is not a retention CloudWatch Logs accepts/);
    expect(resources).toEqual([]);
  });
});
