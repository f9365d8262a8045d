import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { Credential, IncidentRoutingDefinition, IncidentRoutingProps, Objective, Receiver, RuleFile, Sli, SloServiceProps, SpecError, toYaml } from 'sre-constructs';
import { IncidentRouting, Runbooks, ServiceMonitoring, SloService } from 'sre-constructs/cdk8s';
import { buildApp } from '../../examples/cdk8s/main';
import { routesTest } from '../support/amtool';
import { checkRules, testRules } from '../support/promtool';
import { schemaErrors } from '../support/schema';

const slos = (alerting: SloServiceProps['alerting'], labels?: Record<string, string>): SloServiceProps => ({
  service: 'checkout',
  alerting,
  slos: [{ name: 'availability', objective: Objective.percent(99.9), sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), labels }],
});

const routing = {
  name: 'checkout',
  receivers: [
    Receiver.pagerDuty('pager', { routingKey: Credential.secret('pagerduty', 'routing-key') }),
    Receiver.pagerDuty('senior', { routingKey: Credential.secret('pagerduty', 'senior-routing-key') }),
    Receiver.slack('tickets', { apiUrl: Credential.secret('slack', 'webhook-url'), channel: '#checkout' }),
  ],
  paging: 'pager',
  tickets: 'tickets',
  senior: 'senior',
  watchdog: false as const,
};

const synthError = (chart: Chart): string => {
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  return 'synthesized';
};

describe('the runbook check at synth', () => {
  test('a paging alert without a runbook fails the synthesis, naming the alert', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new SloService(chart, 'checkout', slos({}));
    expect(synthError(chart)).toBe(
      'Validation failed with the following errors:\n  [shop/checkout] shop/checkout: alert SloErrorBudgetBurn (SEV2, pages) has no runbook. ' +
        'Set runbookBaseUrl (and render its runbooks with a Runbooks) or runbookUrl, or acknowledge it with acknowledgeNoRunbook: "<reason>".',
    );
  });

  test('passes once acknowledged with a reason', () => {
    const chart = new Chart(Testing.app(), 'shop');
    new SloService(chart, 'checkout', slos({ acknowledgeNoRunbook: 'staging only: nobody is paged' }));
    new ServiceMonitoring(chart, 'red', { service: 'checkout', requests: 'http_requests_total{job="checkout"}', histogram: 'h_bucket', errorRateAlert: { acknowledgeNoRunbook: 'the description says it all' } });
    expect(synthError(chart)).toBe('synthesized');
  });

  test('a link under the runbook base fails until a Runbooks in the app renders its page, in any chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    const service = new SloService(chart, 'checkout', slos({ runbookBaseUrl: 'https://runbooks.example.com/' }));
    expect(synthError(chart)).toMatch(/links https:\/\/runbooks\.example\.com\/checkout\/slo-availability\.md, but no Runbooks renders checkout\/slo-availability\.md/);
    new Runbooks(new Chart(app, 'docs'), 'runbooks', { name: 'checkout', sources: [service], configMap: true });
    expect(synthError(chart)).toBe('synthesized');
    const [configMap] = Testing.synth(app.charts[1]);
    expect(schemaErrors(configMap)).toEqual([]);
    expect(Object.keys(configMap.data)).toEqual(['README.md', 'checkout_postmortem.md', 'checkout_slo-availability.md']);
  });
});

describe('cdk8s IncidentRouting', () => {
  test('emits an AlertmanagerConfig valid against the upstream CRD, in the chart namespace', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new IncidentRouting(chart, 'routing', routing);
    const [config] = Testing.synth(chart);
    expect([config.kind, config.metadata.name, config.metadata.namespace]).toEqual(['AlertmanagerConfig', 'checkout', 'shop']);
    expect(schemaErrors(config)).toEqual([]);
  });

  test('at synth, refuses sources whose alerts the operator\'s namespace matcher would keep out; accepts them labelled, or with the None strategy', () => {
    const chartWith = (labels: Record<string, string> | undefined, strategy?: 'None') => {
      const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
      const service = new SloService(chart, 'checkout', slos({ acknowledgeNoRunbook: 'test' }, labels));
      new IncidentRouting(chart, 'routing', { ...routing, sources: [service], operatorMatcherStrategy: strategy });
      return chart;
    };
    expect(synthError(chartWith(undefined))).toMatch(/\[shop\/routing\] shop\/routing: alert SloErrorBudgetBurn of shop\/checkout carries no namespace label, so the operator's OnNamespace matcher \(namespace="shop"\) keeps it/);
    expect(synthError(chartWith({ namespace: 'shop' }))).toBe('synthesized');
    expect(synthError(chartWith(undefined, 'None'))).toBe('synthesized');
  });

  test('a wrong spec throws with the construct path before anything joins the tree', () => {
    const chart = Testing.chart();
    let error: unknown;
    try {
      new IncidentRouting(chart, 'routing', { ...routing, tickets: 'ticket' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/^test\/routing: tickets \("ticket"\) is not a receiver of this routing/);
    expect(chart.node.children).toHaveLength(0);
  });
});

describe('the cdk8s example', () => {
  test('synthesizes through cdk8s with every runbook check passing, and its AlertmanagerConfig is valid', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'sre-constructs-example-'));
    try {
      const app = buildApp(outdir);
      app.synth();
      expect(readdirSync(outdir)).toEqual(['payment-service.k8s.yaml', 'user-authentication.k8s.yaml']);
      const config = app.charts[0].toJson().find((m) => m.kind === 'AlertmanagerConfig');
      expect(schemaErrors(config)).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('the Watchdog rule next to an AlertmanagerConfig', () => {
  const withSwitch = {
    ...routing,
    receivers: [...routing.receivers, Receiver.webhook('deadmans-switch', { url: 'https://deadmansswitch.example.com/ping/checkout' })],
    watchdog: { receiver: 'deadmans-switch', runbookUrl: 'https://runbooks.example.com/watchdog' },
  };

  test('carries the chart namespace, so the operator\'s matcher lets it through, passes promtool, and reaches the switch', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const routes = new IncidentRouting(chart, 'routing', withSwitch);
    const objects = Testing.synth(chart);
    const rule = objects.find((m) => m.kind === 'PrometheusRule')!;
    expect(schemaErrors(rule)).toEqual([]);
    expect(rule.metadata).toMatchObject({ name: 'checkout-watchdog', namespace: 'shop' });
    expect(checkRules(rule.spec).output).toMatch(/SUCCESS: 1 rules found/);
    const alert = rule.spec.groups[0].rules[0];
    expect(alert).toMatchObject({ alert: 'Watchdog', expr: 'vector(1)', labels: { namespace: 'shop', routing: 'checkout', severity: 'none' } });
    expect(alert.annotations.runbook_url).toBe('https://runbooks.example.com/watchdog');
    // Routed as the operator routes it: only alerts with namespace="shop" enter the config's tree.
    expect(routesTest(toYaml(routes.definition.alertmanagerYaml()), { alertname: alert.alert, ...alert.labels })).toEqual(['deadmans-switch']);
    expect(alert.labels.namespace).toBe(routes.alertmanagerConfig.metadata.namespace);
  });

  test('fires from the first evaluation and never stops', () => {
    const file = IncidentRoutingDefinition.create({ ...withSwitch, metadata: { namespace: 'shop' } }).watchdogPrometheusRule()!.spec as RuleFile;
    const result = testRules(file, [
      {
        interval: '1m',
        input_series: [],
        alert_rule_test: [0, 60, 600].map((minute) => ({
          eval_time: `${minute}m`,
          alertname: 'Watchdog',
          exp_alerts: [{ exp_labels: { namespace: 'shop', routing: 'checkout', severity: 'none' }, exp_annotations: alertAnnotations(file) }],
        })),
      },
    ]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('is not written without a Watchdog route, under the None matcher strategy, or without a namespace', () => {
    const kinds = (props: IncidentRoutingProps, namespace?: string) => {
      const chart = new Chart(Testing.app(), 'shop', { namespace });
      new IncidentRouting(chart, 'routing', props);
      return Testing.synth(chart).map((m) => m.kind);
    };
    expect(kinds(routing, 'shop')).toEqual(['AlertmanagerConfig']);
    expect(kinds({ ...withSwitch, operatorMatcherStrategy: 'None' }, 'shop')).toEqual(['AlertmanagerConfig']);
    expect(kinds(withSwitch)).toEqual(['AlertmanagerConfig']);
    expect(IncidentRoutingDefinition.create(withSwitch).watchdogRuleFile()!.groups[0].rules[0].labels).toEqual({ routing: 'checkout', severity: 'none' });
  });
});

function alertAnnotations(file: RuleFile): Record<string, string> {
  return (file.groups[0].rules[0] as { annotations: Record<string, string> }).annotations;
}
