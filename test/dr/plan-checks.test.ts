import { DisasterRecoveryPlanDefinition, Duration, Severity } from 'sre-constructs';
import { example, seedAsWritten, small, specError, withStore } from './plans';

describe('the seed plan as written is refused, and the example resolves it', () => {
  test('file storage every 6 hours against a 1-hour RPO: the message names the plan, the store and both numbers', () => {
    const e = specError(seedAsWritten);
    expect(e.path).toBe('prod/user-authentication');
    expect(e.field).toBe('stores[file-storage].backup.every');
    expect(e.value).toBe('6h');
    expect(e.message).toMatch(/\("6h"\) is longer than the RPO of plan user-authentication \(1h\)/);
    expect(e.message).toMatch(/loses up to 6 hours of data/);
    expect(e.message).toMatch(/rpo: \{ objective: Duration\.hours\(6\), reason: '\.\.\.' \}/);
  });

  test('a per-store RPO with a stated reason resolves it; the reason reaches the runbook', () => {
    const fixed = withStore(seedAsWritten, 'file-storage', (s) => ({ ...s, rpo: { objective: Duration.hours(6), reason: 'Uploads can be made again.' } }));
    const plan = DisasterRecoveryPlanDefinition.create(fixed);
    expect(plan.stores[1].rpo.toPrometheus()).toBe('6h');
    expect(plan.runbook()).toContain('Store file-storage: RPO 6 hours. Reason: Uploads can be made again.');
  });

  test('a cadence that meets the RPO resolves it too', () => {
    const fixed = withStore(seedAsWritten, 'file-storage', (s) => ({ ...s, backup: { ...s.backup, every: Duration.hours(1) } }));
    expect(() => DisasterRecoveryPlanDefinition.create(fixed)).not.toThrow();
  });

  test('a per-store RPO needs a reason', () => {
    const e = specError(withStore(seedAsWritten, 'file-storage', (s) => ({ ...s, rpo: { objective: Duration.hours(6), reason: ' ' } })));
    expect(e.field).toBe('stores[file-storage].rpo.reason');
  });

  test('the example plan is accepted', () => {
    expect(() => DisasterRecoveryPlanDefinition.create(example)).not.toThrow();
  });
});

describe('bad input fails at construction, naming the field and the value', () => {
  test('a backup every 2 hours against a 1-hour RPO', () => {
    const e = specError(withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, every: Duration.hours(2) } })), 'prod/checkout');
    expect(e.message).toBe(
      'prod/checkout: stores[files].backup.every ("2h") is longer than the RPO of plan checkout (1h): Velero backs the store up every 2 hours, so a disaster at the wrong moment loses up to 2 hours of data. ' +
        "Back up at least every 1 hour (every: Duration.hours(1)), or give the store its own RPO with the reason it is accepted: rpo: { objective: Duration.hours(2), reason: '...' }.",
    );
  });

  test('a cron whose longest gap misses the RPO', () => {
    // Hourly in the day, nothing overnight: the longest gap is what counts.
    const e = specError(withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, every: undefined, schedule: '0 8-20 * * *' } })));
    expect(e.field).toBe('stores[files].backup.schedule');
    expect(e.message).toMatch(/\("0 8-20 \* \* \*"\) is longer than the RPO of plan checkout \(1h\).*up to 12 hours/);
  });

  test('retention shorter than the RPO', () => {
    const e = specError(withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, retention: Duration.minutes(30) } })));
    expect(e.field).toBe('stores[files].backup.retention');
    expect(e.message).toMatch(/\("30m"\) is shorter than the RPO of plan checkout \(1h\)/);
  });

  test('a retention AWS Backup cannot keep for continuous backups', () => {
    const e = specError(withStore(example, 'database', (s) => ({ ...s, backup: { ...s.backup, retention: Duration.days(90) } })));
    expect(e.field).toBe('stores[database].backup.retention');
    expect(e.message).toMatch(/\("90d"\) is longer than AWS Backup keeps continuous backups \(35d\), so the stated retention would not hold/);
  });

  test('region failover without a cross-region copy of a store it needs', () => {
    const e = specError(withStore(example, 'database', (s) => ({ ...s, backup: { ...s.backup, copyToSecondaryRegion: false } })));
    expect(e.field).toBe('procedures[region-failover].stores[0]');
    expect(e.value).toBe('database');
    expect(e.message).toMatch(/has no copy in the secondary region \(eu-central-1\): after losing eu-west-1 there is nothing of store database to restore/);
  });

  test('copies to the second region that arrive less often than the RPO allows', () => {
    const e = specError({ ...example, procedures: example.procedures!.map((p) => ({ ...p, rpo: undefined })) });
    expect(e.field).toBe('procedures[region-failover].stores[0]');
    expect(e.message).toMatch(/copied to eu-central-1 up to 2h apart \(every 1 hour, starting up to 1 hour late\), more than the RPO of store database \(1h\) of plan user-authentication/);
  });

  test('a cron that does not parse', () => {
    const e = specError(withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, every: undefined, schedule: '0 */6 * *' } })));
    expect(e.field).toBe('stores[files].backup.schedule');
    expect(e.message).toMatch(/\("0 \*\/6 \* \*"\) is not a valid cron schedule: it has 4 fields/);
  });

  test('a PostgreSQL cluster name that is not a Kubernetes name', () => {
    const e = specError(withStore(seedAsWritten, 'database', (s) => ({ ...s, postgres: { cluster: 'User_Auth', namespace: 'identity' } })));
    expect(e.field).toBe('stores[database].postgres.cluster');
    expect(e.message).toMatch(/\("User_Auth"\) is not a valid Kubernetes name/);
  });

  test('a second region equal to the first', () => {
    const e = specError({ ...example, regions: { primary: 'eu-west-1', secondary: 'eu-west-1' } });
    expect(e.field).toBe('regions.secondary');
    expect(e.message).toMatch(/\("eu-west-1"\) is the primary region too/);
  });

  test('a region that is not an AWS region', () => {
    expect(specError({ ...example, regions: { primary: 'Ireland', secondary: 'eu-central-1' } }).field).toBe('regions.primary');
  });

  test('an RTO shorter than a procedure\'s own trigger delay', () => {
    const e = specError({ ...example, rto: Duration.minutes(4) });
    expect(e.field).toBe('procedures[database-failover].trigger.after');
    expect(e.message).toMatch(/\("5m"\) is not shorter than the RTO of plan user-authentication \(4m\): the RTO is spent before the procedure even starts/);
  });

  test('a procedure whose trigger delay, response time and estimated time exceed the RTO', () => {
    const e = specError({ ...example, rto: Duration.hours(2) });
    expect(e.field).toBe('procedures[region-failover].estimatedTime');
    expect(e.message).toMatch(/makes the recovery take 2h20m \(15m \(trigger holds for 15 minutes\) \+ 5m \(SEV1 response time\) \+ 2h \(the procedure\)\), longer than the RTO of plan user-authentication \(2h\)/);
  });

  test('an automatic procedure spends no response time', () => {
    const plan = DisasterRecoveryPlanDefinition.create(example);
    expect(plan.procedure('database-failover').timeline.map((t) => t.part)).toEqual(['trigger holds for 5 minutes', 'the procedure']);
    expect(plan.procedure('database-failover').severity).toBe(Severity.SEV3);
  });

  test.each([
    ['rpo zero', { ...small, rpo: Duration.hours(0) }, 'rpo'],
    ['rto negative', { ...small, rto: Duration.minutes(-5) }, 'rto'],
    ['retention zero', withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, retention: Duration.days(0) } })), 'stores[files].backup.retention'],
    ['interval negative', withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, every: Duration.hours(-1) } })), 'stores[files].backup.every'],
    ['store RPO zero', withStore(small, 'files', (s) => ({ ...s, rpo: { objective: Duration.hours(0), reason: 'none' } })), 'stores[files].rpo.objective'],
    ['trigger delay zero', { ...example, procedures: [{ ...example.procedures![0], trigger: { ...example.procedures![0].trigger, after: Duration.minutes(0) } }] }, 'procedures[database-failover].trigger.after'],
    ['estimated time negative', { ...example, procedures: [{ ...example.procedures![0], estimatedTime: Duration.minutes(-10) }] }, 'procedures[database-failover].estimatedTime'],
    ['drill timeout zero', { ...example, drill: { ...example.drill!, timeout: Duration.hours(0) } }, 'drill.timeout'],
  ])('a zero or negative duration: %s', (_name, props, field) => {
    const e = specError(props);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/is not a positive duration/);
  });

  test('no encryption', () => {
    const e = specError(withStore(small, 'files', (s) => ({ ...s, backup: { every: Duration.hours(1), retention: Duration.days(7) } as never })));
    expect(e.field).toBe('stores[files].backup.encryption');
    expect(e.message).toMatch(/\(not set\) leaves backups unencrypted/);
  });

  test('the seed\'s spelling of the encryption is pointed to the right one', () => {
    const e = specError(withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, encryption: 'AES-256' as never } })));
    expect(e.message).toMatch(/\("AES-256"\) is not a known encryption.*"AES-256" is "AES256"/);
  });

  test('continuous backup asked of Velero', () => {
    const e = specError(withStore(small, 'files', (s) => ({ ...s, backup: { continuous: true, retention: Duration.days(7), encryption: 'aws:kms' } })));
    expect(e.field).toBe('stores[files].backup.continuous');
    expect(e.message).toMatch(/cannot be met by Velero/);
  });

  test('WAL archived less often than the RPO', () => {
    const e = specError(withStore(seedAsWritten, 'database', (s) => ({ ...s, postgres: { ...s.postgres!, walArchiveTimeout: Duration.hours(2) } })));
    expect(e.field).toBe('stores[database].postgres.walArchiveTimeout');
    expect(e.message).toMatch(/\("2h"\) is longer than the RPO of plan user-authentication \(1h\)/);
  });

  test('AWS Backup, which may start an hour late, cannot meet an hourly RPO with hourly backups', () => {
    const e = specError(withStore(small, 'files', (s) => ({ ...s, volumes: undefined, aws: { tags: { backup: 'checkout' } } })));
    expect(e.field).toBe('stores[files].backup.every');
    expect(e.message).toMatch(/AWS Backup runs up to 1 hour apart and a run may start up to 1 hour late \(aws\.startWindow\), so a disaster at the wrong moment loses up to 2 hours/);
  });

  test('a copy to the second region with nothing to make it', () => {
    const e = specError({ ...withStore(small, 'files', (s) => ({ ...s, backup: { ...s.backup, copyToSecondaryRegion: true } })), regions: { primary: 'eu-west-1', secondary: 'eu-central-1' } });
    expect(e.field).toBe('stores[files].backup.copyToSecondaryRegion');
    expect(e.message).toMatch(/has nothing to make the copies/);
  });

  test('a drill interval that is not a valid schedule', () => {
    expect(specError({ ...example, drill: { ...example.drill!, schedule: undefined, every: Duration.days(90) } }).message).toMatch(
      /drill\.every \("90d"\) cannot be written as a cron that runs at exactly that interval/,
    );
    expect(specError({ ...example, drill: { ...example.drill!, schedule: 'quarterly' } }).field).toBe('drill.schedule');
  });

  test('a drill into a namespace the plan backs up', () => {
    const e = specError({ ...example, drill: { ...example.drill!, scratchNamespace: 'identity' } });
    expect(e.message).toMatch(/drill\.scratchNamespace \("identity"\) is a namespace the plan backs up/);
  });

  test('an automatic region failover with a delay Route53 cannot measure', () => {
    const e = specError({ ...example, procedures: [{ ...example.procedures![1], automation: 'automatic', approver: undefined }] });
    expect(e.field).toBe('procedures[region-failover].trigger.after');
    expect(e.message).toMatch(/cannot be Route53's own failover delay \(1 to 10 failed checks every 30 seconds: 30s to 300s\)/);
  });

  test('manual approval without an approver', () => {
    expect(specError({ ...example, procedures: [{ ...example.procedures![1], approver: undefined }] }).field).toBe('procedures[region-failover].approver');
  });

  test('a trigger that is not PromQL', () => {
    const e = specError({ ...example, procedures: [{ ...example.procedures![0], trigger: { ...example.procedures![0].trigger, expr: 'up{job="db"' } }] });
    expect(e.field).toBe('procedures[database-failover].trigger.expr');
  });

  test('duplicate store names', () => {
    expect(specError({ ...small, stores: [small.stores[0], small.stores[0]] }).field).toBe('stores[files].name');
  });
});
