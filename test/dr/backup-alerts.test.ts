import { DisasterRecoveryPlanDefinition, Duration, RuleFile } from 'sre-constructs';
import { InputSeries, Probe, checkRules, evaluate, promtoolVersion, testRules } from '../support/promtool';
import { firingProbes } from '../support/traffic';
import { example, small } from './plans';

/**
 * The DR alerts under `promtool test rules`, on synthetic series shaped like what Velero, CloudNativePG and
 * kube-state-metrics publish: a schedule that misses its RPO fires, a healthy one never does, and a missing series is
 * "unknown", never healthy.
 */
const checkout = DisasterRecoveryPlanDefinition.create({ ...small, runbookUrl: 'https://runbooks.internal/checkout/dr' });
const auth = DisasterRecoveryPlanDefinition.create(example);
const SCHEDULE = 'schedule="checkout-files"';
const PODS = 'namespace="identity", pod="user-authentication-db-1"';

beforeAll(() => {
  promtoolVersion();
});

/** Velero's last-success gauge for backups started every `everyMinutes` and taking `takes` minutes, until `stopAt` (minutes). */
function veleroSuccesses(minutes: number, everyMinutes: number, takes: number, stopAt = Infinity): InputSeries {
  const values = Array.from({ length: minutes + 1 }, (_, m) => {
    const done = Math.min(m - takes, stopAt);
    if (done < 0) return '_';
    return String((Math.floor(done / everyMinutes) * everyMinutes + takes) * 60);
  });
  return { series: `velero_backup_last_successful_timestamp{${SCHEDULE}}`, values: values.join(' ') };
}

/** The first and last minute `alertname` fired, or undefined. */
function fired(file: RuleFile, series: InputSeries[], alertname: string, until: number): Array<number | undefined> {
  return evaluate(file, series, firingProbes(`{alertname="${alertname}"}`, until));
}

describe('the DR rule group', () => {
  test('passes promtool check rules (lint included), for the example and a small plan', () => {
    expect(checkRules(auth.ruleFile()).output).toMatch(/SUCCESS/);
    expect(checkRules(checkout.ruleFile()).output).toMatch(/SUCCESS/);
  });

  test('every alert carries severity and sev, a for clause, and a link to its section of the DR runbook', () => {
    const runbook = auth.runbook();
    for (const rule of auth.alertingRules()) {
      expect(rule.labels?.severity).toMatch(/^(critical|warning|info)$/);
      expect(rule.labels?.sev).toMatch(/^SEV[1-4]$/);
      expect(rule.for).toBeDefined();
      const anchor = rule.annotations!.runbook_url.split('#')[1];
      expect(runbook).toMatch(new RegExp(`^#+ (Store|Procedure): ${anchor.replace(/^(store|procedure)-/, '')}$|^## Restore drill$`, 'm'));
    }
  });
});

describe('Velero backups (RPO 1 hour, hourly schedule)', () => {
  const rules = checkout.ruleFile();

  test('a healthy schedule whose backups take 10 minutes never raises anything in two days', () => {
    const series = [veleroSuccesses(2880, 60, 10), { series: `velero_backup_last_status{${SCHEDULE}}`, values: '1x2880' }];
    for (const alert of ['BackupStale', 'BackupFailed', 'BackupStatusUnknown']) expect(fired(rules, series, alert, 2880)).toEqual([undefined, undefined]);
  });

  test('a schedule that stops fires BackupStale once the newest backup is older than the RPO and the 15 minutes a backup may take', () => {
    // The last backup finishes at 10:10, is older than the RPO from 11:11, and the alert waits 15 minutes for a late backup.
    const [first] = fired(rules, [veleroSuccesses(900, 60, 10, 600)], 'BackupStale', 900);
    expect(first).toBe(610 + 61 + 15);
  });

  test('backups that come every 2 hours against the 1-hour RPO fire every time the gap opens, and the next backup clears it', () => {
    const series = [veleroSuccesses(600, 120, 10)];
    const firingAt = (minute: number) => evaluate(rules, series, [{ expr: 'count(ALERTS{alertname="BackupStale", alertstate="firing"})', atMinute: minute }])[0];
    expect(fired(rules, series, 'BackupStale', 600)[0]).toBe(10 + 61 + 15);
    // The backup that finishes at 490 ends the episode that began at 370 + 61 + 15.
    expect([firingAt(445), firingAt(446), firingAt(489), firingAt(490)]).toEqual([undefined, 1, 1, undefined]);
  });

  test('with no series at all, BackupStale cannot fire and BackupStatusUnknown says so after the RPO', () => {
    const nothing = [{ series: 'up{job="velero"}', values: '1x180' }];
    expect(fired(rules, nothing, 'BackupStale', 180)).toEqual([undefined, undefined]);
    const [first] = fired(rules, nothing, 'BackupStatusUnknown', 180);
    expect(first).toBeGreaterThanOrEqual(60);
    expect(first).toBeLessThanOrEqual(61);
  });

  test('a failed backup fires BackupFailed after 5 minutes and the next successful one clears it', () => {
    const status = { series: `velero_backup_last_status{${SCHEDULE}}`, values: '1x59 0x60 1x60' };
    expect(fired(rules, [veleroSuccesses(180, 60, 10), status], 'BackupFailed', 180)).toEqual([65, 120]);
  });
});

describe('CloudNativePG (the example database: continuous, RPO 1 hour, daily base backups)', () => {
  const rules = auth.ruleFile();
  const archiver = (since: string, ready: string): InputSeries[] => [
    { series: `cnpg_pg_stat_archiver_seconds_since_last_archival{${PODS}}`, values: since },
    { series: `cnpg_collector_pg_wal_archive_status{${PODS}, value="ready"}`, values: ready },
  ];

  test('WAL archived every 5 minutes never raises WalArchivingStalled', () => {
    const since = Array.from({ length: 361 }, (_, m) => String((m % 5) * 60)).join(' ');
    const ready = Array.from({ length: 361 }, (_, m) => (m % 5 === 4 ? '1' : '0')).join(' ');
    expect(fired(rules, archiver(since, ready), 'WalArchivingStalled', 360)).toEqual([undefined, undefined]);
  });

  test('archiving that stops while WAL waits fires once the last archival is older than the RPO, plus 15 minutes', () => {
    const [first] = fired(rules, archiver('0+60x240', '0 1+1x239'), 'WalArchivingStalled', 240);
    expect(first).toBe(61 + 15);
  });

  test('an idle database, with nothing waiting to be archived, stays quiet however long ago it archived', () => {
    expect(fired(rules, archiver('0+60x240', '0x240'), 'WalArchivingStalled', 240)).toEqual([undefined, undefined]);
  });

  test('WAL waiting on a cluster that never archived (-1) fires after 15 minutes', () => {
    expect(fired(rules, archiver('-1x60', '2x60'), 'WalArchivingStalled', 60)[0]).toBe(15);
  });

  test('a base backup older than a day (0, none yet, is as old as can be) fires; daily ones never do', () => {
    // promtool's clock starts at 0, so a 0 is a day old after a day here, and decades old in production.
    const stuck = [{ series: `barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${PODS}}`, values: '0x1500' }];
    expect(fired(rules, stuck, 'BackupStale', 1500)[0]).toBe(1440 + 1 + 15);
    // A base backup finishing at 00:20 every day, sampled every 10 minutes for two days.
    const daily = Array.from({ length: 289 }, (_, i) => String(Math.floor((i * 10) / 1440) * 86400 + 1200)).join(' ');
    const series = [{ series: `barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${PODS}}`, values: daily }];
    expect(evaluateEvery('10m', rules, series, firingProbes('{alertname="BackupStale"}', 2880))).toEqual([undefined, undefined]);
  });

  test('a base backup that failed after the newest available one fires BackupFailed', () => {
    const series = [
      { series: `barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${PODS}}`, values: '600x60' },
      { series: `barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp{${PODS}}`, values: '0x29 1800x30' },
    ];
    expect(fired(rules, series, 'BackupFailed', 60)[0]).toBe(35);
  });

  test('a failing archiver fires WalArchivingFailing; a later success clears it', () => {
    const series = [
      { series: `cnpg_pg_stat_archiver_last_archived_time{${PODS}}`, values: '100x59 4000x30' },
      { series: `cnpg_pg_stat_archiver_last_failed_time{${PODS}}`, values: '-1x29 1900x60' },
    ];
    expect(fired(rules, series, 'WalArchivingFailing', 90)).toEqual([35, 59]);
  });

  test('no archiver series at all is unknown after the RPO, never healthy', () => {
    const nothing = [{ series: 'up{job="cnpg"}', values: '1x120' }];
    const [first] = evaluate(rules, nothing, firingProbes('{alertname="BackupStatusUnknown", mechanism="wal-archive"}', 120));
    expect(first).toBe(60);
    expect(fired(rules, nothing, 'WalArchivingStalled', 120)).toEqual([undefined, undefined]);
  });
});

/** Like `evaluate`, with one sample and one rule evaluation every `interval`: the drill's interval is a quarter. */
function evaluateEvery(interval: string, file: RuleFile, series: InputSeries[], probes: Probe[]): Array<number | undefined> {
  const SENTINEL = -123456.789;
  const tests = [
    {
      interval,
      input_series: series,
      promql_expr_test: probes.map((p, i) => ({ expr: `${p.expr}\n# probe ${i}`, eval_time: `${p.atMinute}m`, exp_samples: [{ labels: '{}', value: SENTINEL }] })),
    },
  ];
  const out = testRules(file, tests, interval).output;
  const values: Array<number | undefined> = probes.map(() => undefined);
  for (const m of out.matchAll(/expr: ".*# probe (\d+)", time: [^\n]*\n\s*exp: [^\n]*\n\s*got: ([^\n]*)/g)) {
    const got = m[2].trim();
    values[Number(m[1])] = got === 'nil' || got === '' ? undefined : Number(got.slice(got.lastIndexOf(' ') + 1).replace(/]$/, ''));
  }
  return values;
}

describe('the restore drill (quarterly, up to 92 days apart, 2 hours to run)', () => {
  const rules = auth.ruleFile();
  const CRON = 'namespace="user-authentication-dr-drill", cronjob="user-authentication-restore-drill"';
  // One sample and one evaluation a day; the alerts' 1-hour `for` is met at the evaluation after the condition starts.
  const firingAt = (alert: string, series: InputSeries[], atDay: number) =>
    evaluateEvery('1d', rules, series, [{ expr: `count(ALERTS{alertname="${alert}", alertstate="firing"})`, atMinute: atDay * 1440 }])[0];
  const created = { series: `kube_cronjob_created{${CRON}}`, values: '0x120' };
  const passedOnDay = (day: number) => ({ series: `kube_cronjob_status_last_successful_time{${CRON}}`, values: `${day * 86400}x120` });

  test('a drill that passed 10 days ago is fine; one that last passed 100 days ago is overdue', () => {
    expect(firingAt('RestoreDrillOverdue', [created, passedOnDay(90)], 101)).toBeUndefined();
    expect(firingAt('RestoreDrillOverdue', [created, passedOnDay(0)], 101)).toBe(1);
    // 92 days and 2 hours allowed: on day 92 it is not overdue yet, on day 94 it is.
    expect(firingAt('RestoreDrillOverdue', [created, passedOnDay(0)], 92)).toBeUndefined();
    expect(firingAt('RestoreDrillOverdue', [created, passedOnDay(0)], 94)).toBe(1);
  });

  test('a drill that has never passed is overdue once the CronJob is older than the interval, not before', () => {
    expect(firingAt('RestoreDrillOverdue', [created], 10)).toBeUndefined();
    expect(firingAt('RestoreDrillOverdue', [created], 101)).toBe(1);
  });

  test('no CronJob series at all is unknown', () => {
    expect(firingAt('RestoreDrillStatusUnknown', [{ series: 'up{job="kube-state-metrics"}', values: '1x10' }], 2)).toBe(1);
  });
});

describe('failover triggers', () => {
  const rules = auth.ruleFile();
  const probe = (values: string) => [{ series: 'probe_success{job="blackbox", instance="https://auth.eu-west-1.example.com/healthz"}', values }];

  test('the region failover alert pages after its 15-minute trigger delay, with its procedure and automation', () => {
    const [first] = evaluate(rules, probe('1x9 0x40'), firingProbes('{alertname="FailoverTriggered", procedure="region-failover", automation="manual-approval", sev="SEV1"}', 50));
    expect(first).toBe(10 + 15);
  });

  test('a 10-minute blip never pages', () => {
    expect(evaluate(rules, probe('1x9 0x10 1x40'), firingProbes('{alertname="FailoverTriggered", procedure="region-failover"}', 60))).toEqual([undefined, undefined]);
  });

  test('a stale alert fires for as long as a backup may take (staleFor), when set', () => {
    const quick = DisasterRecoveryPlanDefinition.create({ ...small, alerts: { staleFor: Duration.minutes(5) } }).ruleFile();
    expect(fired(quick, [veleroSuccesses(300, 60, 10, 60)], 'BackupStale', 300)[0]).toBe(70 + 61 + 5);
  });
});
