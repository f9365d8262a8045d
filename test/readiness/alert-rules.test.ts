import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, ReadinessModel, SloDashboardDefinition, SloServiceDefinition, SloServiceProps, deliveries, toYaml } from 'sre-constructs';
import { checkoutSlos, deployment, described, manifest, prometheusRule, runRule } from './fixtures';
import { schemaErrors } from '../support/schema';

const sloRule = (props: Partial<SloServiceProps> = {}) => SloServiceDefinition.create({ ...checkoutSlos, ...props }).prometheusRule();
const model = (...manifests: unknown[]) => ReadinessModel.fromManifests(manifests.map((m, i) => ({ manifest: m, origin: `#${i + 1}` })));
const alert = (name: string, labels: Record<string, string>, annotations: Record<string, string> = {}, expr = 'vector(1)') => ({ alert: name, expr, labels, annotations });
const rules = (...r: object[]) => prometheusRule('alerts', 'shop', [{ name: 'g', rules: r }]);
const ticketTier = { longWindow: Duration.days(3), shortWindow: Duration.hours(6), budgetPercent: 10, page: false };
const pageTier = { longWindow: Duration.hours(1), shortWindow: Duration.minutes(5), budgetPercent: 2, page: true };

describe('alerts as the model reads them', () => {
  test('carry the labels of the recorded series their expression returns, with the rule\'s own on top', () => {
    const fast = model(sloRule()).alerts.find((a) => a.labels.long === '1h')!;
    expect(fast.knownLabels).toEqual({ alertname: 'SloErrorBudgetBurn', long: '1h', service: 'checkout', sev: 'SEV2', severity: 'critical', short: '5m', slo: 'availability', team: 'shop' });
    expect(fast.paging).toBe(true);
  });

  test('page on sev SEV1 or SEV2, or without sev on severity critical', () => {
    const r = rules(alert('A', { severity: 'critical' }), alert('B', { severity: 'critical', sev: 'SEV3' }), alert('C', { severity: 'warning', sev: 'SEV2' }), alert('D', { severity: 'warning' }));
    expect(model(r).alerts.map((a) => [a.alert, a.paging])).toEqual([['A', true], ['B', false], ['C', true], ['D', false]]);
  });

  test('carry the namespace when a Prometheus of the tree stamps it (enforcedNamespaceLabel)', () => {
    const prometheus = manifest('monitoring.coreos.com/v1', 'Prometheus', 'k8s', 'monitoring', { spec: { enforcedNamespaceLabel: 'namespace' } });
    expect(model(sloRule(), prometheus).alerts[0].knownLabels.namespace).toBe('shop');
    expect(model(sloRule()).alerts[0].knownLabels.namespace).toBeUndefined();
  });
});

describe('SRE-OBS-005: a paging and a ticket alert on every SLO\'s budget', () => {
  test('passes an SloService with a paging and a ticket tier', () => {
    expect(runRule('SRE-OBS-005', [sloRule()]).status).toBe('pass');
  });

  test('names what is missing, and does not count an absent-data alert as a budget alert', () => {
    expect(described(runRule('SRE-OBS-005', [sloRule({ alerting: { tiers: { slow: ticketTier } } })]))).toEqual([
      'PrometheusRule shop/checkout-slos (SLO checkout/availability): no alert on its error budget pages anyone, so a fast burn waits for office hours',
    ]);
    expect(described(runRule('SRE-OBS-005', [sloRule({ alerting: { tiers: { fast: pageTier }, absentDataAlert: true } })]))).toEqual([
      'PrometheusRule shop/checkout-slos (SLO checkout/availability): no alert on its error budget opens a ticket, so a slow burn that never pages goes unseen',
    ]);
    expect(runRule('SRE-OBS-005', [sloRule({ alerting: false })]).findings).toHaveLength(2);
  });
});

describe('runbooks', () => {
  test('SRE-OBS-006: every paging alert links a runbook with an absolute http(s) URL, templated or not', () => {
    const r = rules(
      alert('Linked', { severity: 'critical' }, { runbook_url: 'https://runbooks.example.com/{{ $labels.alertname }}' }),
      alert('Relative', { severity: 'critical' }, { runbook_url: '/runbooks/x' }),
      alert('None', { severity: 'critical', team: 'shop' }),
      alert('Ticket', { severity: 'warning' }),
    );
    expect(schemaErrors(r)).toEqual([]);
    expect(described(runRule('SRE-OBS-006', [r]))).toEqual([
      'PrometheusRule shop/alerts (alert None (severity=critical, team=shop) in group g): it pages and has no runbook_url annotation',
      'PrometheusRule shop/alerts (alert Relative (severity=critical) in group g): it pages and its runbook_url ("/runbooks/x") is not an absolute http(s) link',
    ]);
    const tickets = runRule('SRE-OPS-001', [r]);
    expect([tickets.level, described(tickets)]).toEqual(['warning', ['PrometheusRule shop/alerts (alert Ticket (severity=warning) in group g): it has no runbook_url annotation']]);
  });
});

describe('SLOs measured, budgets tracked, dashboards, services', () => {
  test('SRE-REL-001 and SRE-REL-002: an objective recorded alone is neither measured nor tracked', () => {
    const alone = prometheusRule('slo', 'shop', [{ name: 'b', rules: [{ record: 'slo:objective:ratio', expr: 'vector(0.999)', labels: { service: 'checkout', slo: 'availability' } }] }]);
    expect(described(runRule('SRE-REL-001', [alone]))[0]).toMatch(/its objective is recorded but not slo:sli_error:ratio_rate5m nor slo:time_period:days/);
    expect(described(runRule('SRE-REL-002', [alone]))[0]).toMatch(/it does not record slo:period_error_budget_remaining:ratio/);
    expect(runRule('SRE-REL-001', [sloRule()]).status).toBe('pass');
    expect(runRule('SRE-REL-002', [sloRule()]).status).toBe('pass');
  });

  test('SRE-OBS-004: a dashboard shows an SLO when it reads its budget series for its service, or through a variable', () => {
    const dashboard = (expr: string) =>
      manifest('v1', 'ConfigMap', 'd', 'monitoring', { data: { 'd.json': JSON.stringify({ title: 'd', panels: [{ type: 'stat', targets: [{ expr }] }] }) } });
    expect(runRule('SRE-OBS-004', [sloRule(), SloDashboardDefinition.create(SloServiceDefinition.create(checkoutSlos)).manifest()]).status).toBe('pass');
    expect(runRule('SRE-OBS-004', [sloRule(), dashboard('slo:period_error_budget_remaining:ratio{service=~"$service", slo="availability"}')]).status).toBe('pass');
    expect(runRule('SRE-OBS-004', [sloRule(), dashboard('slo:current_burn_rate:ratio{service="cart"}')]).status).toBe('fail');
    expect(runRule('SRE-OBS-004', [sloRule(), dashboard('rate(http_requests_total{service="checkout"}[5m])')]).status).toBe('fail');
    expect(described(runRule('SRE-OBS-004', [sloRule()]))).toEqual(['PrometheusRule shop/checkout-slos (SLO checkout/availability): the tree has no dashboard at all']);
  });

  test('SRE-QC-001: a service with a workload and no SLO is named', () => {
    expect(described(runRule('SRE-QC-001', [deployment({ name: 'cart' }), sloRule()]))).toEqual([
      'Deployment shop/cart (service cart): it has no SLO, so nobody knows how reliable it is meant to be or when to stop shipping',
    ]);
  });

  test('SRE-CAP-002: a forecast alert for the service is its capacity plan', () => {
    const forecast = rules(alert('VolumeFillingUp', { service: 'checkout', severity: 'warning' }, {}, 'predict_linear(kubelet_volume_stats_available_bytes{namespace="shop"}[6h], 4 * 86400) < 0'));
    expect(runRule('SRE-CAP-002', [sloRule(), forecast]).status).toBe('pass');
    expect(runRule('SRE-CAP-002', [sloRule()]).status).toBe('fail');
  });
});

describe('SRE-OPS-002: alerts reach a receiver', () => {
  const routes = [
    { matchers: ['severity="critical"'], receiver: 'pager', continue: true },
    { matchers: ['team=~"shop|cart"', 'severity!="critical"'], receiver: 'shop-tickets' },
    { match: { team: 'payments' }, receiver: 'payments' },
  ];
  const receivers = [
    { name: 'nobody' },
    { name: 'pager', pagerduty_configs: [{ routing_key_file: '/etc/alertmanager/secrets/pagerduty' }] },
    { name: 'shop-tickets', webhook_configs: [{ url: 'http://tickets.shop.svc/alerts' }] },
  ];
  // A valid configuration (amtool loads it), and one routing to a receiver it does not define.
  const valid = { route: { receiver: 'nobody', routes }, receivers: [...receivers, { name: 'payments', email_configs: [{ to: 'payments@example.com', smarthost: 'smtp.example.com:587', from: 'alertmanager@example.com' }] }] };
  const config = { route: { receiver: 'nobody', routes }, receivers };

  test('walks the routing tree as Alertmanager does (checked against amtool config routes test)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sre-constructs-routes-'));
    try {
      const file = join(dir, 'alertmanager.yml');
      writeFileSync(file, toYaml(valid));
      expect(spawnSync('amtool', ['check-config', file], { encoding: 'utf8' }).status).toBe(0);
      const m = model(valid);
      for (const labels of [{ severity: 'critical', team: 'shop' }, { severity: 'warning', team: 'cart' }, { severity: 'warning', team: 'payments' }, { severity: 'info' }] as Array<Record<string, string>>) {
        const amtool = spawnSync('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)], { encoding: 'utf8' });
        expect([amtool.error, amtool.status]).toEqual([undefined, 0]);
        expect(deliveries(labels, m.routing).map((d) => d.receiver).join(',')).toBe(amtool.stdout.trim());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('names alerts that end at a receiver that notifies nobody or does not exist', () => {
    const r = rules(alert('Page', { severity: 'critical' }, { runbook_url: 'https://r.example.com' }), alert('Ticket', { severity: 'warning', team: 'shop' }), alert('Lost', { severity: 'warning' }), alert('Payments', { severity: 'warning', team: 'payments' }));
    expect(described(runRule('SRE-OPS-002', [r, config]))).toEqual([
      'PrometheusRule shop/alerts (alert Lost (severity=warning) in group g): its notifications reach nobody: AlertmanagerConfigFile #2 routes it to receiver nobody, which notifies nobody',
      'PrometheusRule shop/alerts (alert Payments (severity=warning, team=payments) in group g): its notifications reach nobody: AlertmanagerConfigFile #2 routes it to receiver payments, which it does not define',
    ]);
  });

  test('says when there is no routing at all', () => {
    expect(described(runRule('SRE-OPS-002', [sloRule()]))).toEqual([
      'tree: the tree has alerts but no Alertmanager routing (no AlertmanagerConfig, no alertmanager.yaml), so nothing shows that they reach anyone',
    ]);
  });

  test('knows the operator only gives an AlertmanagerConfig the alerts of its namespace, unless the Alertmanager says otherwise', () => {
    const amc = manifest('monitoring.coreos.com/v1alpha1', 'AlertmanagerConfig', 'shop-routes', 'shop', {
      spec: {
        route: { receiver: 'pager', matchers: [{ name: 'service', value: 'checkout' }] },
        receivers: [{ name: 'pager', pagerdutyConfigs: [{ routingKey: { name: 'pagerduty', key: 'routing-key' } }] }],
      },
    });
    expect(schemaErrors(amc)).toEqual([]);
    const [finding] = described(runRule('SRE-OPS-002', [sloRule(), amc]));
    expect(finding).toMatch(/it pages, but its notifications reach nobody: no routing tree of the tree takes it; AlertmanagerConfig shop\/shop-routes only takes alerts labelled namespace="shop" and this alert is not known to carry a namespace label$/);
    const strategy = (type: string) => manifest('monitoring.coreos.com/v1', 'Alertmanager', 'main', 'monitoring', { spec: { alertmanagerConfigMatcherStrategy: { type } } });
    expect(runRule('SRE-OPS-002', [sloRule(), amc, strategy('None')]).status).toBe('pass');
    const stamping = manifest('monitoring.coreos.com/v1', 'Prometheus', 'k8s', 'monitoring', { spec: { enforcedNamespaceLabel: 'namespace' } });
    expect(runRule('SRE-OPS-002', [sloRule(), amc, stamping]).status).toBe('pass');
  });

  test('reads an alertmanager.yaml kept in a Secret', () => {
    const secret = manifest('v1', 'Secret', 'alertmanager-main', 'monitoring', { data: { 'alertmanager.yaml': Buffer.from(toYaml(config)).toString('base64') } });
    const r = rules(alert('Page', { severity: 'critical' }));
    expect(runRule('SRE-OPS-002', [r, secret]).status).toBe('pass');
  });
});
