import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { Objective, Sli, SloServiceProps, SpecError } from 'sre-constructs';
import { BurnRateAlerts, SloService } from 'sre-constructs/cdk8s';
import { buildApp } from '../../examples/cdk8s/main';
import { checkRules } from '../support/promtool';
import { slothPath } from '../support/sloth-parity';
import { schemaErrors } from '../support/schema';

const props: SloServiceProps = {
  service: 'checkout',
  // A paging alert without a runbook is an error at synth; these tests are about the rules.
  alerting: { acknowledgeNoRunbook: 'test service: the rules are under test, not the runbooks' },
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
};

describe('cdk8s SloService', () => {
  test('emits one PrometheusRule that validates against the upstream CRD and passes promtool', () => {
    const chart = Testing.chart();
    new SloService(chart, 'checkout', props);
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => `${m.apiVersion} ${m.kind} ${m.metadata.name}`)).toEqual(['monitoring.coreos.com/v1 PrometheusRule checkout-slos']);
    expect(schemaErrors(manifests[0])).toEqual([]);
    expect(checkRules(manifests[0].spec).ok).toBe(true);
  });

  test('takes the chart namespace and the labels a ruleSelector needs', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod', { namespace: 'shop' });
    new SloService(chart, 'checkout', { ...props, metadata: { labels: { release: 'kube-prometheus-stack' } } });
    const [rule] = Testing.synth(chart);
    expect(rule.metadata).toMatchObject({ namespace: 'shop', labels: { release: 'kube-prometheus-stack', 'app.kubernetes.io/managed-by': 'sre-constructs' } });
  });

  test('a wrong spec throws with the construct path before anything joins the tree', () => {
    const chart = Testing.chart();
    let error: unknown;
    try {
      new SloService(chart, 'checkout', { ...props, slos: [{ ...props.slos[0], objective: Objective.percent(100) }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toMatch(/^test\/checkout: slos\[availability\]\.objective \(100%\)/);
    expect(chart.node.children).toHaveLength(0);
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('BurnRateAlerts can alert apart from its SloService, in a PrometheusRule of its own', () => {
    const chart = Testing.chart();
    const service = new SloService(chart, 'checkout', { ...props, alerting: false });
    new BurnRateAlerts(chart, 'checkout-alerts', { service, runbookUrl: 'https://runbooks.example.com/checkout' });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.metadata.name)).toEqual(['checkout-slos', 'checkout-slo-alerts']);
    for (const m of manifests) expect(schemaErrors(m)).toEqual([]);
    const groups = manifests.flatMap((m) => m.spec.groups);
    expect(groups.filter((g: { name: string }) => g.name.endsWith('/alerts'))).toHaveLength(1);
    expect(checkRules({ groups }).ok).toBe(true);
  });

  test('BurnRateAlerts refuses an SLO its SloService already alerts on', () => {
    const chart = Testing.chart();
    const service = new SloService(chart, 'checkout', props);
    expect(() => new BurnRateAlerts(chart, 'alerts', { service })).toThrow(/test\/alerts: slos \("availability"\) already has burn-rate alerts/);
  });
});

describe('cdk8s SloService from Sloth and OpenSLO specs', () => {
  test('SloService.fromSloth adds one construct per service, named after it', () => {
    const chart = Testing.chart();
    const services = SloService.fromSloth(chart, readFileSync(slothPath('examples/multifile.yml'), 'utf8'), { onWarning: () => undefined });
    expect(services.map((s) => s.node.id)).toEqual(['myservice', 'myservice2']);
    // Sloth specs carry no runbooks, so their paging alerts fail the synth-time runbook check until given one.
    expect(() => Testing.synth(chart)).toThrow(/\[test\/myservice\] test\/myservice: alert MyServiceHighErrorRate \(SEV2, pages\) has no runbook/);
    const manifests = services.map((s) => s.prometheusRule.toJson());
    expect(manifests.map((m) => m.metadata.name)).toEqual(['myservice-slos', 'myservice2-slos']);
    for (const m of manifests) expect(schemaErrors(m)).toEqual([]);
  });

  test('SloService.fromOpenSlo does the same for OpenSLO documents', () => {
    const chart = Testing.chart();
    const text = readFileSync(join(__dirname, '..', 'fixtures', 'openslo', 'checkout.yaml'), 'utf8');
    expect(SloService.fromOpenSlo(chart, text, { onWarning: () => undefined }).map((s) => s.definition.slos.length)).toEqual([5]);
  });
});

describe('the cdk8s example (the seed user-authentication service)', () => {
  const app: App = buildApp();
  const manifests = app.charts.flatMap((c) => c.toJson());

  test('validates against the upstream CRDs and passes promtool', () => {
    for (const m of manifests) {
      expect(schemaErrors(m)).toEqual([]);
      if (m.kind === 'PrometheusRule') expect(checkRules(m.spec).output).toMatch(/SUCCESS/);
    }
  });

  test('synthesizes the same bytes every time', () => {
    const again = buildApp().charts.flatMap((c) => c.toJson());
    expect(JSON.stringify(again)).toBe(JSON.stringify(manifests));
  });

  // The inventory, not the whole output: what each object's content means is tested by the schemas, promtool and
  // the behaviour tests; a review of this snapshot sees an object or an alert appear, move or disappear.
  test('writes the reviewed inventory: every object, and the alerts of every PrometheusRule', () => {
    const inventory = manifests.map((m) => {
      const id = `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
      if (m.kind !== 'PrometheusRule') return id;
      const alerts = (m.spec.groups as Array<{ rules: Array<{ alert?: string }> }>).flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
      return `${id}: ${alerts.join(', ') || 'recording rules only'}`;
    });
    expect(inventory).toMatchSnapshot();
  });
});
