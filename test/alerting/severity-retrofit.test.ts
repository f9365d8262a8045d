import {
  AlertingRule,
  BurnRateTiers,
  Duration,
  Objective,
  ResourceAlertsDefinition,
  RuleFile,
  Severity,
  Sli,
  SloServiceDefinition,
  SloServiceProps,
} from 'sre-constructs';
import { identityResourceAlerts, userAuthentication, userAuthenticationMonitoring } from '../../examples/user-authentication';
import { ServiceMonitoringDefinition } from '../../lib/monitoring/service-monitoring';
import { checkRules } from '../support/promtool';

const alertsOf = (file: RuleFile): AlertingRule[] => file.groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
const summary = (rules: AlertingRule[]) => rules.map((r) => [r.alert, r.labels?.long ?? '', r.labels?.sev, r.labels?.severity]);

const checkout = (alerting: SloServiceProps['alerting']): SloServiceDefinition =>
  SloServiceDefinition.create({
    service: 'checkout',
    alerting,
    slos: [{ name: 'availability', objective: Objective.percent(99.9), sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }) }],
  }, 'prod/checkout');

describe('every alert carries sev next to severity', () => {
  test('in the example, each alert\'s severity is the one its SEV implies, and promtool accepts the rules', () => {
    const files = [
      SloServiceDefinition.create(userAuthentication).ruleFile(),
      ServiceMonitoringDefinition.create(userAuthenticationMonitoring).ruleFile(),
      ResourceAlertsDefinition.create(identityResourceAlerts).ruleFile(),
    ];
    const alerts = files.flatMap(alertsOf);
    expect(alerts.length).toBe(11);
    for (const a of alerts) {
      const sev = Severity.of(a.labels!.sev);
      expect({ alert: a.alert, severity: a.labels!.severity }).toEqual({ alert: a.alert, severity: sev!.ecosystemSeverity });
    }
    for (const f of files) expect(checkRules(f).ok).toBe(true);
  });

  test('by default: a paging burn-rate tier is SEV2 (the Workbook\'s 6-hour tier too), a ticket tier SEV3, missing data SEV3', () => {
    const svc = checkout({ tiers: BurnRateTiers.sreWorkbook(), absentDataAlert: true, acknowledgeNoRunbook: 'test' });
    expect(summary(alertsOf(svc.ruleFile()))).toEqual([
      ['SloErrorBudgetBurn', '1h', 'SEV2', 'critical'],
      ['SloErrorBudgetBurn', '6h', 'SEV2', 'critical'],
      ['SloErrorBudgetBurn', '1d', 'SEV3', 'warning'],
      ['SloErrorBudgetBurn', '3d', 'SEV3', 'warning'],
      ['SloDataMissing', '', 'SEV3', 'warning'],
    ]);
  });

  test('by default: HighErrorRate is SEV2, the latency alert and the resource pack SEV3, a certificate within 30 days SEV4', () => {
    const red = ServiceMonitoringDefinition.create({ service: 'checkout', requests: 'http_requests_total{job="checkout"}', histogram: 'h_bucket' });
    expect(summary(alertsOf(red.ruleFile()))).toEqual([
      ['HighErrorRate', '', 'SEV2', 'critical'],
      ['HighLatency', '', 'SEV3', 'warning'],
    ]);
    expect(summary(alertsOf(ResourceAlertsDefinition.create({ name: 'shop' }).ruleFile()))).toEqual([
      ['ContainerOOMKilled', '', 'SEV3', 'warning'],
      ['ContainerCpuThrottled', '', 'SEV3', 'warning'],
      ['CertificateExpiring', '', 'SEV3', 'warning'],
      ['CertificateExpiring', '', 'SEV4', 'info'],
    ]);
  });

  test('a service overrides the mapping per tier and per alert; the SEV decides paging and severity unless those are set', () => {
    const svc = checkout({
      tiers: {
        outage: { longWindow: Duration.hours(1), factor: 14.4, sev: Severity.SEV1 },
        slow: { longWindow: Duration.hours(6), factor: 6, sev: Severity.SEV3 },
        custom: { longWindow: Duration.days(1), factor: 3, sev: Severity.SEV4, severity: 'low' },
      },
      absentDataAlert: { sev: Severity.SEV2 },
      acknowledgeNoRunbook: 'test',
    });
    expect(svc.slos[0].alerting!.tiers.map((t) => [t.key, t.page])).toEqual([['outage', true], ['slow', false], ['custom', false]]);
    expect(summary(alertsOf(svc.ruleFile()))).toEqual([
      ['SloErrorBudgetBurn', '1h', 'SEV1', 'critical'],
      ['SloErrorBudgetBurn', '6h', 'SEV3', 'warning'],
      ['SloErrorBudgetBurn', '1d', 'SEV4', 'low'],
      ['SloDataMissing', '', 'SEV2', 'critical'],
    ]);
    const red = ServiceMonitoringDefinition.create({
      service: 'checkout',
      requests: 'http_requests_total{job="checkout"}',
      histogram: 'h_bucket',
      errorRateAlert: { sev: Severity.SEV1 },
      latencyAlert: { severity: 'critical' },
      acknowledgeNoRunbook: 'test',
    });
    expect(summary(alertsOf(red.ruleFile()))).toEqual([
      ['HighErrorRate', '', 'SEV1', 'critical'],
      ['HighLatency', '', 'SEV2', 'critical'],
    ]);
    const certs = ResourceAlertsDefinition.create({ name: 'shop', certificateExpiry: { criticalSev: Severity.SEV2 } });
    expect(summary(alertsOf(certs.ruleFile())).slice(2)).toEqual([
      ['CertificateExpiring', '', 'SEV2', 'critical'],
      ['CertificateExpiring', '', 'SEV4', 'info'],
    ]);
  });

  test.each([
    ['a tier whose page contradicts its SEV', () => checkout({ tiers: { fast: { longWindow: Duration.hours(1), factor: 14.4, sev: Severity.SEV3, page: true } } }), /^prod\/checkout: alerting\.tiers\[fast\]\.page \(true\) for slos\[availability\] contradicts sev \(SEV3 does not page\)\. Leave page out/],
    ['an unknown SEV', () => checkout({ tiers: { fast: { longWindow: Duration.hours(1), factor: 14.4, sev: 'SEV5' as never } } }), /tiers\[fast\]\.sev \("SEV5"\) for slos\[availability\] is not a severity\. Use Severity\.SEV1/],
    ['sev set as a label', () => checkout({ labels: { sev: 'SEV1' } }), /alerting\.labels\.sev \("sev"\) for slos\[availability\] is a label this library sets itself/],
    ['a far certificate tier more severe than the near one', () => ResourceAlertsDefinition.create({ name: 'shop', certificateExpiry: { warningSev: Severity.SEV1 } }, 'prod/shop'), /^prod\/shop: certificateExpiry\.warningSev \("SEV1"\) is more severe than criticalSev \(SEV3\)/],
  ])('refuses %s', (_what, build, message) => {
    expect(build).toThrow(message);
  });
});
