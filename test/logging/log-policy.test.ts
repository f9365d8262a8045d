import { AwsLogArchiveDefinition, AwsLogArchiveProps, Duration, LogPolicyDefinition, LogPolicyProps, SpecError } from 'sre-constructs';
import { InputSeries, checkRules, counter, evaluate, firedAlerts, promtoolVersion } from '../support/promtool';
import { schemaErrors } from '../support/schema';
import { firingProbes } from '../support/traffic';

const seedRetention = { hot: Duration.days(7), warm: Duration.days(30), cold: Duration.days(365) };
const base: LogPolicyProps = {
  name: 'logs',
  retention: seedRetention,
  namespaces: ['identity'],
  exporters: { 'otlphttp/loki': { endpoint: 'http://loki.monitoring:3100/otlp' } },
  runbookUrl: 'https://runbooks.internal/logging',
  metadata: { namespace: 'observability' },
};
const policy = LogPolicyDefinition.create(base, 'prod/logs');
const rules = policy.ruleFile();

beforeAll(() => {
  promtoolVersion();
});

describe('the log policy collector', () => {
  test('the OpenTelemetryCollector, PodMonitor and PrometheusRule are valid against their upstream schemas', () => {
    for (const m of policy.manifests()) expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
  });

  test('wires every component it defines into a pipeline, and every pipeline uses only defined components', () => {
    const config = policy.collectorConfig() as any;
    const defined = (kind: string) => Object.keys(config[kind] ?? {});
    const pipelines = Object.values(config.service.pipelines) as Array<Record<string, string[]>>;
    const used = (kind: string) => new Set(pipelines.flatMap((p) => p[kind] ?? []));
    for (const id of used('receivers')) expect([...defined('receivers'), ...defined('connectors')]).toContain(id);
    for (const id of used('exporters')) expect([...defined('exporters'), ...defined('connectors')]).toContain(id);
    for (const id of used('processors')) expect(defined('processors')).toContain(id);
    for (const id of [...defined('receivers'), ...defined('processors'), ...defined('exporters')]) {
      expect(pipelines.some((p) => Object.values(p).some((list) => list.includes(id)))).toBe(true);
    }
    // The count connector ends the logs pipeline and starts the metrics one.
    expect(config.service.pipelines.logs.exporters).toEqual(['otlphttp/loki', 'count/log-policy']);
    expect(config.service.pipelines['metrics/log-policy'].receivers).toEqual(['count/log-policy']);
  });

  test('reads the pods of the chosen namespaces, leaves its own logs out and keeps lines that are not JSON', () => {
    const filelog = (policy.collectorConfig() as any).receivers.filelog;
    expect(filelog.include).toEqual(['/var/log/pods/identity_*/*/*.log']);
    expect(filelog.exclude).toEqual(['/var/log/pods/observability_logs-collector-*_*/otc-container/*.log']);
    expect(filelog.operators.map((o: { type: string }) => o.type)).toEqual(['container', 'json_parser']);
    expect(filelog.operators[1].on_error).toBe('send_quiet');
  });

  test('tags every record missing a required field and counts it, never dropping one', () => {
    const config = policy.collectorConfig() as any;
    const statements: string[] = config.processors['transform/log-policy'].log_statements[0].statements;
    for (const field of ['timestamp', 'level', 'service', 'trace_id', 'message']) {
      expect(statements).toContain(`append(attributes["log.policy.missing"], "${field}") where attributes["${field}"] == nil`);
    }
    expect(JSON.stringify(config)).not.toMatch(/"filter|drop\(|"drop"/);
    expect(config.connectors['count/log-policy'].logs.log_policy_records.attributes.map((a: { key: string }) => a.key)).toEqual(['log.policy.namespace', 'log.policy.service', 'log.policy.conformant']);
    expect(config.exporters['prometheus/log-policy'].translation_strategy).toBe('UnderscoreEscapingWithSuffixes');
  });
});

describe('the share of non-conforming log lines', () => {
  const lines = (service: string, conformant: 'true' | 'false', perMinute: number, minutes = 60): InputSeries => ({
    series: `log_policy_records_total{namespace="identity", service="${service}", conformant="${conformant}"}`,
    values: counter([{ minutes, perMinute }]),
  });

  test('pass promtool check rules, and every alert carries severity, sev and the runbook', () => {
    expect(checkRules(rules).output).toMatch(/SUCCESS/);
    for (const r of rules.groups.flatMap((g) => g.rules).filter((r) => 'alert' in r)) {
      expect('alert' in r && r.for && r.labels?.severity && r.labels?.sev && r.annotations?.runbook_url).toBeTruthy();
    }
  });

  test('is recorded per service: 5% for a service with 5 bad lines in 100, 0 for one with none', () => {
    const series = [lines('auth', 'true', 95), lines('auth', 'false', 5), lines('billing', 'true', 50)];
    const [auth, billing] = evaluate(rules, series, [
      { expr: 'log_policy:nonconforming:ratio_rate5m{service="auth"}', atMinute: 30 },
      { expr: 'log_policy:nonconforming:ratio_rate5m{service="billing"}', atMinute: 30 },
    ]);
    expect(auth).toBeCloseTo(0.05, 6);
    expect(billing).toBe(0);
  });

  test('NonConformingLogs fires for a service above 1% after 15 minutes, and never for one at 0.5%', () => {
    const series = [lines('auth', 'true', 95), lines('auth', 'false', 5), lines('billing', 'true', 995), lines('billing', 'false', 5)];
    const [authFirst, , billingFirst] = evaluate(rules, series, [...firingProbes('{alertname="NonConformingLogs", service="auth"}', 60), ...firingProbes('{alertname="NonConformingLogs", service="billing"}', 60)]);
    expect(authFirst).toBeGreaterThanOrEqual(15);
    expect(authFirst).toBeLessThanOrEqual(21);
    expect(billingFirst).toBeUndefined();
    const [alert] = firedAlerts(rules, series, 'NonConformingLogs', 40);
    expect(alert.labels).toMatch(/sev="SEV4".*severity="info"/);
    expect(alert.annotations).toMatch(/identity\/auth: 5% of log lines miss a required field/);
  });

  test('a quiet service with a few odd lines stays quiet (fewer than 10 in 5 minutes)', () => {
    const series = [lines('cron', 'true', 1), lines('cron', 'false', 1)];
    const [first] = evaluate(rules, series, firingProbes('{alertname="NonConformingLogs"}', 60));
    expect(first).toBeUndefined();
  });

  test('with no counts from the collector, conformance is unknown and LogPolicyMetricsAbsent says so', () => {
    const [absent] = evaluate(rules, [{ series: 'up{job="other"}', values: '1x60' }], firingProbes('{alertname="LogPolicyMetricsAbsent"}', 60));
    expect(absent).toBeGreaterThanOrEqual(15);
    const [healthy] = evaluate(rules, [lines('auth', 'true', 10)], firingProbes('{alertname="LogPolicyMetricsAbsent"}', 60));
    expect(healthy).toBeUndefined();
  });
});

describe('bad log-policy input fails at construction', () => {
  const cases: Array<[string, Partial<LogPolicyProps>, RegExp]> = [
    ['retention tiers out of order', { retention: { hot: Duration.days(30), warm: Duration.days(7), cold: Duration.days(365) } }, /prod\/logs: retention\.warm \("7d"\) is not longer than hot \(30d\): the tiers are out of order/],
    ['cold not longer than warm', { retention: { hot: Duration.days(7), warm: Duration.days(365), cold: Duration.days(365) } }, /retention\.cold \("365d"\) is not longer than warm/],
    ['a tier that is not whole days', { retention: { ...seedRetention, hot: Duration.hours(36) } }, /retention\.hot \("1d12h"\) is not a whole number of days/],
    ['a required field with a space', { requiredFields: ['timestamp', 'trace id'] }, /requiredFields\[1\] \("trace id"\) is not a valid field name/],
    ['a required field with a quote', { requiredFields: ['level"] == nil or true or attributes["x'] }, /requiredFields\[0\] .* is not a valid field name/],
    ['an empty required field', { requiredFields: [''] }, /requiredFields\[0\] \(""\) is not a valid field name/],
    ['a field named twice', { requiredFields: ['level', 'level'] }, /requiredFields .* names a field twice/],
    ['no exporter', { exporters: {} }, /exporters \(\{\}\) names no exporter, so logs would go nowhere/],
    ['a format other than JSON', { format: 'logfmt' as never }, /format \("logfmt"\) is not a supported log format/],
  ];
  test.each(cases)('%s', (_name, override, message) => {
    const create = () => LogPolicyDefinition.create({ ...base, ...override }, 'prod/logs');
    expect(create).toThrow(SpecError);
    expect(create).toThrow(message);
  });
});

describe('the AWS log archive', () => {
  const aws: AwsLogArchiveProps = { retention: seedRetention, logGroups: ['/identity/user-authentication'] };

  test('keeps the hot tier in CloudWatch and moves the archive to Glacier at 30 days, deleting it at a year', () => {
    const archive = AwsLogArchiveDefinition.create(aws);
    expect(archive.logGroups()).toEqual([{ name: '/identity/user-authentication', retentionInDays: 7 }]);
    expect(archive.lifecycleRules()).toEqual([
      { id: 'log-retention-tiers', status: 'Enabled', filter: {}, transitions: [{ days: 30, storageClass: 'GLACIER' }], expiration: { days: 365 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
    ]);
  });

  test('moves to a warm class when one is chosen, blocks public access and encrypts', () => {
    const archive = AwsLogArchiveDefinition.create({ ...aws, retention: { hot: Duration.days(30), warm: Duration.days(90), cold: Duration.days(730) }, warmStorageClass: 'STANDARD_IA', coldStorageClass: 'DEEP_ARCHIVE' });
    expect((archive.lifecycleRules()[0] as any).transitions).toEqual([{ days: 30, storageClass: 'STANDARD_IA' }, { days: 90, storageClass: 'DEEP_ARCHIVE' }]);
    expect(archive.publicAccessBlock()).toEqual({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(archive.encryptionRules(undefined)).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: false }]);
    expect(archive.encryptionRules('arn:aws:kms:eu-west-1:1:key/x')).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:1:key/x' }, bucketKeyEnabled: true }]);
  });

  const cases: Array<[string, Partial<AwsLogArchiveProps>, RegExp]> = [
    ['a hot tier CloudWatch cannot keep', { retention: { ...seedRetention, hot: Duration.days(10) } }, /retention\.hot \("10d"\) is not a retention CloudWatch Logs accepts\. CloudWatch keeps logs for 1, 3, 5, 7, 14, 30, 60, .* 3653 days; e\.g\. 14\./],
    ['infrequent access before 30 days', { warmStorageClass: 'STANDARD_IA' }, /warmStorageClass \("STANDARD_IA"\) cannot start at day 7/],
    ['a cold class billed longer than it holds', { retention: { hot: Duration.days(7), warm: Duration.days(30), cold: Duration.days(90) }, coldStorageClass: 'DEEP_ARCHIVE' }, /coldStorageClass \("DEEP_ARCHIVE"\) holds objects 60 days, less than the 180 days S3 bills/],
    ['a cold class warmer than warm', { warmStorageClass: 'GLACIER_IR', coldStorageClass: 'GLACIER_IR', retention: { hot: Duration.days(7), warm: Duration.days(120), cold: Duration.days(365) } }, /coldStorageClass \("GLACIER_IR"\) is not colder than the warm class/],
    ['retention tiers out of order', { retention: { hot: Duration.days(30), warm: Duration.days(7), cold: Duration.days(365) } }, /retention\.warm \("7d"\) is not longer than hot/],
    ['a log group name with a space', { logGroups: ['/identity/user authentication'] }, /logGroups\[0\] .* is not a CloudWatch log group name/],
  ];
  test.each(cases)('refuses %s', (_name, override, message) => {
    const create = () => AwsLogArchiveDefinition.create({ ...aws, ...override }, 'prod/archive');
    expect(create).toThrow(SpecError);
    expect(create).toThrow(message);
  });
});
