import { DisasterRecoveryPlanDefinition, Duration, KubernetesManifest, parseCron } from 'sre-constructs';
import { userAuthenticationDisasterRecoveryK8s } from '../../examples/user-authentication';
import { schemaErrors } from '../support/schema';
import { example, small, withStore } from './plans';

const auth = DisasterRecoveryPlanDefinition.create(example);
const authK8s = DisasterRecoveryPlanDefinition.create(userAuthenticationDisasterRecoveryK8s);

function everyManifest(plan: DisasterRecoveryPlanDefinition): Array<{ apiVersion: string; kind: string }> {
  const drill = plan.drillManifests();
  return [
    plan.prometheusRule(),
    ...plan.veleroSchedules(),
    ...plan.scheduledBackups(),
    ...plan.dnsEndpoints(),
    ...(drill ? [drill.namespace, drill.serviceAccount, ...drill.roles, ...drill.roleBindings, drill.cronJob] : []),
  ] as Array<{ apiVersion: string; kind: string }>;
}

test('every object of the example validates against its upstream schema (Velero, CloudNativePG, external-dns, Kubernetes 1.35)', () => {
  const objects = everyManifest(authK8s);
  expect(objects.map((o) => o.kind).sort()).toEqual(['CronJob', 'DNSEndpoint', 'Namespace', 'PrometheusRule', 'Role', 'Role', 'RoleBinding', 'RoleBinding', 'Schedule', 'ScheduledBackup', 'ServiceAccount']);
  for (const o of objects) expect({ kind: o.kind, errors: schemaErrors(o) }).toEqual({ kind: o.kind, errors: [] });
});

test('every object carries the disaster-recovery component label', () => {
  for (const o of everyManifest(authK8s) as KubernetesManifest[]) expect(o.metadata.labels?.['app.kubernetes.io/component']).toBe('disaster-recovery');
});

describe('Velero Schedule', () => {
  const [schedule] = auth.veleroSchedules() as Array<KubernetesManifest & { spec: { schedule: string; template: Record<string, unknown> } }>;

  test('lives in Velero\'s namespace, runs on the cron derived from the interval, keeps backups for the retention in Go duration syntax', () => {
    expect(schedule.metadata).toMatchObject({ name: 'user-authentication-file-storage', namespace: 'velero' });
    expect(schedule.spec.schedule).toBe('0 */4 * * *');
    expect((parseCron(schedule.spec.schedule) as { maxGap: Duration }).maxGap.toPrometheus()).toBe('4h');
    // Velero parses ttl with Go's time.ParseDuration, which has no days.
    expect(schedule.spec.template.ttl).toBe('2160h0m0s');
    expect(schedule.spec.template).toMatchObject({ includedNamespaces: ['identity'], labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'user-authentication' } }, snapshotVolumes: true });
  });

  test('file-system backup, a storage location and hooks come through as Velero reads them', () => {
    const plan = DisasterRecoveryPlanDefinition.create(
      withStore(small, 'files', (s) => ({
        ...s,
        volumes: {
          namespaces: ['shop'],
          fileSystemBackup: true,
          storageLocation: 'secondary',
          hooks: [
            { name: 'freeze', phase: 'pre', container: 'app', command: ['/sbin/fsfreeze', '--freeze', '/data'], timeout: Duration.minutes(1) },
            { name: 'thaw', phase: 'post', container: 'app', command: ['/sbin/fsfreeze', '--unfreeze', '/data'], onError: 'Continue' },
          ],
        },
      })),
    );
    const [m] = plan.veleroSchedules() as Array<{ spec: { template: Record<string, unknown> } }>;
    expect(schemaErrors(m as never)).toEqual([]);
    expect(m.spec.template).toMatchObject({ defaultVolumesToFsBackup: true, snapshotVolumes: false, storageLocation: 'secondary' });
    expect(m.spec.template.hooks).toEqual({
      resources: [
        {
          name: 'files-hooks',
          includedNamespaces: ['shop'],
          pre: [{ exec: { container: 'app', command: ['/sbin/fsfreeze', '--freeze', '/data'], onError: 'Fail', timeout: '0h1m0s' } }],
          post: [{ exec: { container: 'app', command: ['/sbin/fsfreeze', '--unfreeze', '/data'], onError: 'Continue', timeout: '0h0m30s' } }],
        },
      ],
    });
  });

  test('a cron cadence is used as written', () => {
    const plan = DisasterRecoveryPlanDefinition.create(withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, every: undefined, schedule: '15 * * * *' } })));
    expect((plan.veleroSchedules()[0].spec as { schedule: string }).schedule).toBe('15 * * * *');
  });
});

describe('CloudNativePG ScheduledBackup', () => {
  test('takes base backups on CloudNativePG\'s six-field cron through the Barman Cloud plugin, the first one right away', () => {
    const [backup] = auth.scheduledBackups();
    expect(backup.metadata).toMatchObject({ name: 'user-authentication-db-database', namespace: 'identity' });
    expect(backup.spec).toEqual({
      cluster: { name: 'user-authentication-db' },
      schedule: '0 0 0 * * *',
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
      immediate: true,
      backupOwnerReference: 'self',
    });
    expect(parseCron((backup.spec as { schedule: string }).schedule, 'seconds')).toMatchObject({ dialect: 'seconds' });
  });

  test('a periodic PostgreSQL store takes its base backups at the policy\'s cadence; a continuous one may give its own six-field cron', () => {
    const periodic = DisasterRecoveryPlanDefinition.create({
      ...small,
      stores: [{ name: 'db', backup: { every: Duration.hours(1), retention: Duration.days(7), encryption: 'aws:kms' }, postgres: { cluster: 'db', namespace: 'shop', method: 'volumeSnapshot' } }],
    });
    expect(periodic.scheduledBackups()[0].spec).toMatchObject({ schedule: '0 0 */1 * * *', method: 'volumeSnapshot' });
    const continuous = DisasterRecoveryPlanDefinition.create({
      ...small,
      stores: [{ name: 'db', backup: { continuous: true, retention: Duration.days(7), encryption: 'aws:kms' }, postgres: { cluster: 'db', namespace: 'shop', baseBackupSchedule: '0 30 2 * * 0' } }],
    });
    expect(continuous.scheduledBackups()[0].spec).toMatchObject({ schedule: '0 30 2 * * 0' });
    expect(() =>
      DisasterRecoveryPlanDefinition.create({
        ...small,
        stores: [{ name: 'db', backup: { continuous: true, retention: Duration.days(7), encryption: 'aws:kms' }, postgres: { cluster: 'db', namespace: 'shop', baseBackupSchedule: '30 2 * * 0' } }],
      }),
    ).toThrow(/stores\[db\]\.postgres\.baseBackupSchedule \("30 2 \* \* 0"\) is not a valid cron schedule: it has 5 fields; this schedule takes six/);
  });
});

describe('failover DNS', () => {
  type Endpoint = { dnsName: string; recordType: string; setIdentifier: string; targets: string[]; providerSpecific: Array<{ name: string; value: string }> };
  const endpoints = (plan: DisasterRecoveryPlanDefinition) => (plan.dnsEndpoints()[0].spec as { endpoints: Endpoint[] }).endpoints;
  const prop = (e: Endpoint, name: string) => e.providerSpecific.find((p) => p.name === name)?.value;

  test('the DNSEndpoint pairs PRIMARY and SECONDARY with set identifiers and health-check ids, as aliases to the load balancers', () => {
    const [primary, secondary] = endpoints(authK8s);
    expect([primary.setIdentifier, secondary.setIdentifier]).toEqual(['primary-eu-west-1', 'secondary-eu-central-1']);
    expect([prop(primary, 'aws/failover'), prop(secondary, 'aws/failover')]).toEqual(['PRIMARY', 'SECONDARY']);
    expect([prop(primary, 'aws/health-check-id'), prop(secondary, 'aws/health-check-id')]).toEqual(['0f2c6c1e-5b1a-4d3e-9a6b-2f7d8e9a0b1c', '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d']);
    expect([prop(primary, 'alias'), prop(secondary, 'alias')]).toEqual(['true', 'true']);
    expect(primary.dnsName).toBe('auth.example.com');
  });

  test('under manual approval the primary is never judged by its load balancer\'s target health, so only the approval check moves traffic', () => {
    const [primary, secondary] = endpoints(authK8s);
    expect(prop(primary, 'aws/evaluate-target-health')).toBe('false');
    expect(prop(secondary, 'aws/evaluate-target-health')).toBe('true');
    const route53 = auth.route53('region-failover');
    expect(route53.approvalCheck).toMatchObject({ type: 'CALCULATED', childHealthThreshold: 0, invertHealthcheck: false });
    expect(route53.primaryRecord.aliases![0].evaluateTargetHealth).toBe(false);
  });

  test('an automatic region failover lets Route53 act on the endpoint check, after failures × interval = the trigger delay', () => {
    const region = example.procedures![1];
    const plan = DisasterRecoveryPlanDefinition.create({ ...example, procedures: [{ ...region, automation: 'automatic', approver: undefined, trigger: { ...region.trigger, after: Duration.minutes(2) } }] });
    const route53 = plan.route53('region-failover');
    expect(route53.approvalCheck).toBeUndefined();
    expect(route53.primaryEndpointCheck).toMatchObject({ failureThreshold: 4, requestInterval: 30, type: 'HTTPS', fqdn: 'auth.eu-west-1.example.com', resourcePath: '/healthz', enableSni: true });
    expect(route53.primaryRecord.aliases![0].evaluateTargetHealth).toBe(true);
  });

  test('an IP address target is an A record with the pair\'s TTL', () => {
    const region = example.procedures![1];
    const plan = DisasterRecoveryPlanDefinition.create({
      ...example,
      procedures: [{ ...region, dns: { ...region.dns!, ttl: Duration.seconds(30), primary: { ipAddress: '203.0.113.10' }, secondary: { ipAddress: '198.51.100.20' } } }],
    });
    expect(plan.route53('region-failover').primaryRecord).toMatchObject({ type: 'A', ttl: 30, records: ['203.0.113.10'] });
    expect(plan.route53('region-failover').primaryEndpointCheck.fqdn).toBe('203.0.113.10');
  });
});

describe('AWS Backup, as the core renders it', () => {
  const spec = auth.awsBackup()!;

  test('one plan and selection per store, since a selection applies every rule of its plan', () => {
    expect(spec.plans.map((p) => [p.planName, p.selectionName, p.rule.schedule])).toEqual([
      ['user-authentication-database', 'user-authentication-database', 'cron(0 * * * ? *)'],
      ['user-authentication-file-storage', 'user-authentication-file-storage', 'cron(0 0/4 * * ? *)'],
    ]);
  });

  test('rules follow the policies: retention in days, continuous where asked, copies keeping the retention, a start window that counts against the RPO', () => {
    const [db, files] = spec.plans.map((p) => p.rule);
    expect(db).toMatchObject({ enableContinuousBackup: true, lifecycle: { deleteAfter: 30 }, copyActions: [{ lifecycle: { deleteAfter: 30 } }], startWindow: 60 });
    expect(files).toMatchObject({ enableContinuousBackup: false, lifecycle: { deleteAfter: 90 }, copyActions: [{ lifecycle: { deleteAfter: 90 } }] });
  });

  test('weekly crons become AWS schedules with days of the week counted from Sunday = 1', () => {
    const plan = DisasterRecoveryPlanDefinition.create({
      ...small,
      rpo: Duration.days(8),
      stores: [{ name: 'files', backup: { schedule: '30 2 * * 0,3', retention: Duration.days(30), encryption: 'aws:kms' }, aws: { tags: { backup: 'checkout' } } }],
      regions: { primary: 'us-east-1', secondary: 'us-west-2' },
    });
    expect(plan.awsBackup()!.plans[0].rule.schedule).toBe('cron(30 2 ? * 1,4 *)');
  });

  test('a role AWS Backup assumes, with the managed backup policy (and the S3 one when buckets are selected)', () => {
    expect(JSON.parse(spec.assumeRolePolicy).Statement[0].Principal).toEqual({ Service: 'backup.amazonaws.com' });
    expect(spec.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup', 'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup']);
  });
});
