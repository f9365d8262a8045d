import { App, Chart, Testing } from 'cdk8s';
import { DashboardDelivery, Objective, Sli, SloDashboardDefinition, SloServiceProps, SpecError, metricNamesIn } from 'sre-constructs';
import { RedDashboard, ResourceAlerts, ServiceMonitoring, SloDashboard, SloService, Tracing, UseDashboard } from 'sre-constructs/cdk8s';
import { buildApp } from '../../examples/cdk8s/main';
import { danglingMetrics, grafanaProblems, promqlProblems } from '../support/grafana';
import { checkRules } from '../support/promtool';
import { schemaErrors } from '../support/schema';

const NO_RUNBOOK = 'test service: the objects are under test, not the runbooks';
const props: SloServiceProps = {
  service: 'checkout',
  alerting: { acknowledgeNoRunbook: NO_RUNBOOK },
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
};
const monitoringProps = {
  service: 'checkout',
  requests: 'http_requests_total{job="checkout"}',
  histogram: 'http_request_duration_seconds_bucket{job="checkout"}',
  scrape: { kind: 'PodMonitor' as const, selector: { app: 'checkout' }, port: 'metrics' },
  acknowledgeNoRunbook: NO_RUNBOOK,
};

describe('cdk8s observability constructs', () => {
  test('each emits objects valid against their schemas, in the chart namespace', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const slos = new SloService(chart, 'slos', props);
    const monitoring = new ServiceMonitoring(chart, 'red', monitoringProps);
    const resources = new ResourceAlerts(chart, 'resources', { name: 'shop' });
    new Tracing(chart, 'tracing', { endpoint: 'http://otel-collector.observability:4317' });
    new SloDashboard(chart, 'slo-dashboard', { service: slos });
    new RedDashboard(chart, 'red-dashboard', { monitoring, delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' } }) });
    new UseDashboard(chart, 'use-dashboard', { workload: 'checkout', namespace: 'shop', resourceAlerts: resources });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['PrometheusRule', 'PodMonitor', 'PrometheusRule', 'PrometheusRule', 'Instrumentation', 'ConfigMap', 'GrafanaDashboard', 'ConfigMap']);
    for (const m of manifests) {
      expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
      expect(m.metadata.namespace).toBe('shop');
    }
  });

  test('refuses a second dashboard with the same title in the same folder, before it joins the tree', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one');
    const two = new Chart(app, 'two');
    const slos = new SloService(one, 'slos', props);
    new SloDashboard(one, 'dashboard', { service: slos, folder: 'SLOs' });
    let error: unknown;
    try {
      new SloDashboard(two, 'dashboard', { service: slos, folder: 'SLOs', uid: 'another-uid' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/^two\/dashboard: title \("checkout SLOs"\) is already the title of one\/dashboard in folder "SLOs"/);
    expect(two.node.children).toHaveLength(0);
  });

  test('two apps keep their own catalogs', () => {
    for (const app of [Testing.app(), Testing.app()]) {
      const chart = new Chart(app, 'c');
      new SloDashboard(chart, 'dashboard', { service: new SloService(chart, 'slos', props) });
    }
  });

  test('a wrong spec throws with the construct path and adds nothing', () => {
    const chart = Testing.chart();
    expect(() => new Tracing(chart, 'tracing', { endpoint: 'http://x:4317', samplingRatio: 2 })).toThrow(/^test\/tracing: samplingRatio \(2\) is not a ratio from 0 to 1/);
    expect(() => new ServiceMonitoring(chart, 'red', { ...monitoringProps, scrape: { selector: { 'bad key!': 'x' }, port: 'metrics' } })).toThrow(/^test\/red: scrape\.selector/);
    expect(chart.node.children).toHaveLength(0);
  });
});

describe('the cdk8s example\'s observability', () => {
  const app: App = buildApp();
  const chart = app.charts[0];
  const manifests = chart.toJson();
  const groups = manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec.groups);
  const dashboards = chart.node.findAll().filter((c): c is SloDashboard | RedDashboard | UseDashboard => c instanceof SloDashboard || c instanceof RedDashboard || c instanceof UseDashboard);

  test('has the SLO, RED and USE dashboards, each delivered as a sidecar ConfigMap carrying its JSON', () => {
    expect(dashboards.map((d) => d.definition.kind)).toEqual(['slo', 'red', 'use']);
    for (const d of dashboards) {
      const cm = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === d.definition.metadata.name)!;
      expect(cm.metadata.labels.grafana_dashboard).toBe('1');
      const model = JSON.parse(Object.values(cm.data as Record<string, string>)[0]);
      expect(model).toEqual(JSON.parse(d.definition.json()));
      expect(grafanaProblems(model)).toEqual([]);
      expect(promqlProblems(d.definition.promqlQueries())).toEqual([]);
    }
  });

  test('every metric a dashboard panel reads is recorded by a rule of the same synthesis or declared as a source', () => {
    expect(danglingMetrics(dashboards.map((d) => d.definition), groups)).toEqual([]);
    const read = new Set(dashboards.flatMap((d) => d.definition.promqlQueries().flatMap((q) => metricNamesIn(q))));
    expect(read.size).toBeGreaterThan(25);
  });

  test('all rule groups together pass promtool, names and labels unique', () => {
    expect(checkRules({ groups }).output).toMatch(/SUCCESS/);
  });

  test('the SLO alerts link to the SLO dashboard by its uid', () => {
    const uid = dashboards.find((d) => d.definition.kind === 'slo')!.definition.uid;
    expect(uid).toBe(SloDashboardDefinition.uidFor('user-authentication'));
    const sloAlerts = groups.filter((g: { name: string }) => g.name.endsWith('/alerts')).flatMap((g: { rules: object[] }) => g.rules) as Array<{ annotations: Record<string, string> }>;
    expect(sloAlerts.length).toBeGreaterThan(0);
    for (const a of sloAlerts) expect(a.annotations.dashboard_url).toBe(`https://grafana.internal/d/${uid}`);
  });
});
