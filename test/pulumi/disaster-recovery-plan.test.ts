import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { DisasterRecoveryPlanDefinition, SpecError } from 'sre-constructs';
import { DisasterRecoveryPlan, DisasterRecoveryPlanArgs } from 'sre-constructs/pulumi';
import { userAuthenticationDisasterRecovery } from '../../examples/user-authentication';
import { RegisteredResource, promiseOf, registerOffline } from '../../scripts/pulumi-offline';
import { schemaErrors } from '../support/schema';

const props: DisasterRecoveryPlanArgs = { ...userAuthenticationDisasterRecovery, metadata: { namespace: 'identity' } };

const ofType = (resources: RegisteredResource[], type: string) => resources.filter((r) => r.type === type);
const named = (resources: RegisteredResource[], name: string) => resources.find((r) => r.name === name)!;

describe('Pulumi DisasterRecoveryPlan', () => {
  let registered: RegisteredResource[];

  beforeAll(async () => {
    registered = await registerOffline(() => [new DisasterRecoveryPlan('user-authentication-dr', props)]);
  });

  test('every child is parented: AWS resources to AwsBackup or Route53Failover, those and the Kubernetes objects to the plan', () => {
    const plan = 'sre-constructs:index:DisasterRecoveryPlan::user-authentication-dr';
    for (const r of registered) {
      if (r.name === 'user-authentication-dr') expect(r.parent).toBeUndefined();
      else if (r.type.startsWith('aws:backup') || r.type.startsWith('aws:kms') || r.type.startsWith('aws:iam')) expect(r.parent).toBe('sre-constructs:index:AwsBackup::user-authentication-dr-aws-backup');
      else if (r.type.startsWith('aws:route53')) expect(r.parent).toBe('sre-constructs:index:Route53Failover::user-authentication-dr-region-failover');
      else expect({ name: r.name, parent: r.parent }).toEqual({ name: r.name, parent: plan });
    }
  });

  test('registers the core\'s Kubernetes objects, valid against their schemas', () => {
    const kubernetes = registered.filter((r) => r.type.startsWith('kubernetes:'));
    const core = DisasterRecoveryPlanDefinition.create({ ...userAuthenticationDisasterRecovery, metadata: { namespace: 'identity' } });
    const drill = core.drillManifests()!;
    const expected = [core.prometheusRule(), ...core.veleroSchedules(), ...core.scheduledBackups(), drill.namespace, drill.serviceAccount, ...drill.roles, ...drill.roleBindings, drill.cronJob];
    expect(kubernetes.map((r) => r.inputs).sort(byKindAndName)).toEqual(JSON.parse(JSON.stringify(expected)).sort(byKindAndName));
    for (const r of kubernetes) expect({ name: r.name, errors: schemaErrors(r.inputs as never) }).toEqual({ name: r.name, errors: [] });
  });

  test('the copy action targets the vault in the second region, made through a provider for that region', () => {
    const copyVault = named(registered, 'user-authentication-dr-aws-backup-copy-vault');
    const vault = named(registered, 'user-authentication-dr-aws-backup-vault');
    const regionOf = (provider: string | undefined) => named(registered, provider!).inputs.region;
    expect(regionOf(copyVault.provider)).toBe('eu-central-1');
    expect(regionOf(vault.provider)).toBe('eu-west-1');
    for (const plan of ofType(registered, 'aws:backup/plan:Plan')) {
      const [rule] = plan.inputs.rules as Array<{ targetVaultName: string; copyActions: Array<{ destinationVaultArn: string }> }>;
      expect(rule.targetVaultName).toBe(vault.inputs.name);
      expect(rule.copyActions.map((c) => c.destinationVaultArn)).toEqual(['arn:aws:mock:::aws:backup/vault:Vault/user-authentication-dr-aws-backup-copy-vault']);
      expect(regionOf(plan.provider)).toBe('eu-west-1');
    }
  });

  test('each vault is encrypted with its own region\'s KMS key, rotation on', () => {
    for (const [vault, key, region] of [
      ['user-authentication-dr-aws-backup-vault', 'user-authentication-dr-aws-backup-key', 'eu-west-1'],
      ['user-authentication-dr-aws-backup-copy-vault', 'user-authentication-dr-aws-backup-copy-key', 'eu-central-1'],
    ]) {
      expect(named(registered, vault).inputs.kmsKeyArn).toBe(`arn:aws:mock:::aws:kms/key:Key/${key}`);
      expect(named(registered, key).inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
      expect(named(registered, named(registered, key).provider!).inputs.region).toBe(region);
    }
  });

  test('the plans\' schedules satisfy the RPO: interval plus start window within each store\'s RPO', () => {
    const rpoHours: Record<string, number> = { database: 1, 'file-storage': 6 };
    for (const plan of ofType(registered, 'aws:backup/plan:Plan')) {
      const [rule] = plan.inputs.rules as Array<{ ruleName: string; schedule: string; startWindow: number; enableContinuousBackup: boolean }>;
      // Every N hours on the hour: `cron(0 0/N * * ? *)`, or `cron(0 * * * ? *)` for hourly.
      const hours = /^cron\(0 (?:\*|0\/(\d+)) \* \* \? \*\)$/.exec(rule.schedule);
      expect(hours).not.toBeNull();
      if (rule.enableContinuousBackup) continue;
      expect(Number(hours![1] ?? 1) * 60 + rule.startWindow).toBeLessThanOrEqual(rpoHours[rule.ruleName] * 60);
    }
    const continuous = ofType(registered, 'aws:backup/plan:Plan').map((p) => (p.inputs.rules as Array<{ ruleName: string; enableContinuousBackup: boolean }>)[0]);
    expect(Object.fromEntries(continuous.map((r) => [r.ruleName, r.enableContinuousBackup]))).toEqual({ database: true, 'file-storage': false });
  });

  test('each selection picks its store\'s resources by tag for its own plan, with the role that has the managed backup policies', () => {
    const role = named(registered, 'user-authentication-dr-aws-backup-role');
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal.Service).toBe('backup.amazonaws.com');
    expect(ofType(registered, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').map((a) => a.inputs.policyArn).sort()).toEqual([
      'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup',
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
    ]);
    const selection = named(registered, 'user-authentication-dr-aws-backup-file-storage-selection');
    expect(selection.inputs).toMatchObject({
      planId: 'user-authentication-dr-aws-backup-file-storage-id',
      iamRoleArn: 'arn:aws:mock:::aws:iam/role:Role/user-authentication-dr-aws-backup-role',
      selectionTags: [{ type: 'STRINGEQUALS', key: 'sre-constructs.dev/dr-store', value: 'user-authentication-files' }],
    });
  });

  test('the PRIMARY record carries the approval check a person inverts, the SECONDARY the secondary endpoint check', () => {
    const primary = named(registered, 'user-authentication-dr-region-failover-primary-record');
    const secondary = named(registered, 'user-authentication-dr-region-failover-secondary-record');
    expect(primary.inputs).toMatchObject({
      name: 'auth.example.com',
      type: 'A',
      setIdentifier: 'primary-eu-west-1',
      failoverRoutingPolicies: [{ type: 'PRIMARY' }],
      healthCheckId: 'user-authentication-dr-region-failover-approval-id',
      aliases: [{ name: 'user-auth-euw1-0123456789.eu-west-1.elb.amazonaws.com', zoneId: 'Z32O12XQLNTSW2', evaluateTargetHealth: false }],
    });
    expect(secondary.inputs).toMatchObject({
      setIdentifier: 'secondary-eu-central-1',
      failoverRoutingPolicies: [{ type: 'SECONDARY' }],
      healthCheckId: 'user-authentication-dr-region-failover-secondary-id',
      aliases: [{ evaluateTargetHealth: true }],
    });
    // Always healthy until inverted, and it shows the primary endpoint's status as its child.
    expect(named(registered, 'user-authentication-dr-region-failover-approval').inputs).toMatchObject({
      type: 'CALCULATED',
      childHealthThreshold: 0,
      invertHealthcheck: false,
      childHealthchecks: ['user-authentication-dr-region-failover-primary-id'],
    });
  });

  test('exposes the ids an operator and a cdk8s DNSEndpoint need', async () => {
    let plan: DisasterRecoveryPlan | undefined;
    await registerOffline(() => [(plan = new DisasterRecoveryPlan('user-authentication-dr', props))]);
    expect(await promiseOf(plan!.approvalHealthCheckIds['region-failover'])).toBe('user-authentication-dr-region-failover-approval-id');
    expect(await promiseOf(plan!.endpointHealthCheckIds['region-failover'].secondary)).toBe('user-authentication-dr-region-failover-secondary-id');
  });

  test('a wrong plan throws before any resource is registered', async () => {
    let error: unknown;
    const resources = await registerOffline(() => {
      try {
        new DisasterRecoveryPlan('broken', { ...props, regions: { primary: 'eu-west-1', secondary: 'eu-west-1' } });
      } catch (e) {
        error = e;
      }
      return [];
    });
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toMatch(/^broken: regions\.secondary \("eu-west-1"\) is the primary region too/);
    expect(resources).toEqual([]);
  });
});

describe('Pulumi DisasterRecoveryPlan with names from other resources', () => {
  test('a hosted zone, load balancer names and KMS keys given as Outputs land in the records, checks and vaults', async () => {
    const region = userAuthenticationDisasterRecovery.procedures![1];
    const lateProps: DisasterRecoveryPlanArgs = {
      ...props,
      metadata: { namespace: pulumi.output('identity') },
      procedures: [
        {
          ...region,
          dns: {
            ...region.dns!,
            hostedZoneId: pulumi.output('ZFROMOUTPUT'),
            primary: { loadBalancer: { dnsName: pulumi.output('alb-primary.eu-west-1.elb.amazonaws.com'), hostedZoneId: Promise.resolve('ZALBWEST') } },
            secondary: { loadBalancer: { dnsName: 'alb-secondary.eu-central-1.elb.amazonaws.com', hostedZoneId: 'ZALBCENTRAL' } },
          },
        },
      ],
      aws: { kmsKeyArn: pulumi.output('arn:aws:kms:eu-west-1:111122223333:key/existing'), secondaryKmsKeyArn: 'arn:aws:kms:eu-central-1:111122223333:key/existing' },
    };
    const resources = await registerOffline(() => [new DisasterRecoveryPlan('user-authentication-dr', lateProps)]);
    expect(named(resources, 'user-authentication-dr-region-failover-primary-record').inputs).toMatchObject({
      zoneId: 'ZFROMOUTPUT',
      aliases: [{ name: 'alb-primary.eu-west-1.elb.amazonaws.com', zoneId: 'ZALBWEST', evaluateTargetHealth: false }],
    });
    expect(named(resources, 'user-authentication-dr-region-failover-primary').inputs.fqdn).toBe('alb-primary.eu-west-1.elb.amazonaws.com');
    expect(named(resources, 'user-authentication-dr-aws-backup-vault').inputs.kmsKeyArn).toBe('arn:aws:kms:eu-west-1:111122223333:key/existing');
    expect(ofType(resources, 'aws:kms/key:Key')).toEqual([]);
    expect((named(resources, 'user-authentication-dr-prometheus-rule').inputs.metadata as { namespace: string }).namespace).toBe('identity');
    expect(JSON.stringify(resources)).not.toMatch(/latevalue\d+z/);
  });

  test('with external-dns writing the records, the DNSEndpoint carries the ids of the health checks made here', async () => {
    const region = userAuthenticationDisasterRecovery.procedures![1];
    const resources = await registerOffline(() => [
      new DisasterRecoveryPlan('user-authentication-dr', { ...props, procedures: [{ ...region, dns: { ...region.dns!, manager: 'external-dns' } }] }),
    ]);
    expect(ofType(resources, 'aws:route53/record:Record')).toEqual([]);
    const [endpoint] = ofType(resources, 'kubernetes:externaldns.k8s.io/v1alpha1:DNSEndpoint');
    expect(schemaErrors(endpoint.inputs as never)).toEqual([]);
    const ids = (endpoint.inputs.spec as { endpoints: Array<{ providerSpecific: Array<{ name: string; value: string }> }> }).endpoints.map(
      (e) => e.providerSpecific.find((p) => p.name === 'aws/health-check-id')!.value,
    );
    expect(ids).toEqual(['user-authentication-dr-region-failover-approval-id', 'user-authentication-dr-region-failover-secondary-id']);
  });

  test('providers given by the program are used instead of new ones', async () => {
    const resources = await registerOffline(() => {
      const west = new aws.Provider('west', { region: 'eu-west-1' });
      const central = new aws.Provider('central', { region: 'eu-central-1' });
      return [west, central, new DisasterRecoveryPlan('user-authentication-dr', { ...props, aws: { primaryProvider: west, secondaryProvider: central } })];
    });
    expect(ofType(resources, 'pulumi:providers:aws').map((p) => p.name).sort()).toEqual(['central', 'west']);
    expect(named(resources, 'user-authentication-dr-aws-backup-copy-vault').provider).toBe('central');
  });
});

function byKindAndName(a: unknown, b: unknown): number {
  const key = (m: unknown) => {
    const x = m as { kind: string; metadata: { namespace?: string; name: string } };
    return `${x.kind}/${x.metadata.namespace ?? ''}/${x.metadata.name}`;
  };
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
