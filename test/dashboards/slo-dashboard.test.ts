import { Duration, Objective, Sli, SloDashboardDefinition, SloServiceDefinition, SloServiceProps, SpecError } from 'sre-constructs';
import { userAuthentication } from '../../examples/user-authentication';
import { danglingMetrics, grafanaProblems, promqlProblems } from '../support/grafana';

const service = SloServiceDefinition.create(userAuthentication);
const dashboard = SloDashboardDefinition.create(service);
type Panel = { id: number; type: string; title: string; targets?: Array<{ expr: string; legendFormat: string }>; fieldConfig: any };
const panels = dashboard.model.panels as Panel[];

describe('the SLO dashboard of the seed service', () => {
  test('is a dashboard Grafana accepts: schemaVersion, uid, unique panel ids, a datasource and refId on every query', () => {
    expect(grafanaProblems(dashboard.model)).toEqual([]);
    expect(panels.length).toBeGreaterThan(20);
  });

  test('every query is PromQL', () => {
    expect(dashboard.promqlQueries().length).toBeGreaterThan(40);
    expect(promqlProblems(dashboard.promqlQueries())).toEqual([]);
  });

  test('reads only series the SloService records and the ALERTS of its own alerts', () => {
    expect(dashboard.sourceMetrics).toEqual([]);
    expect(danglingMetrics([dashboard], service.ruleGroups())).toEqual([]);
    expect(dashboard.metricNames()).toContain('ALERTS');
  });

  test('never repeats the raw SLI PromQL', () => {
    const raw = service.slos.flatMap((s) => s.sli.sourceMetrics);
    expect(raw.length).toBeGreaterThan(0);
    for (const metric of raw) expect(dashboard.metricNames()).not.toContain(metric);
  });

  test('draws each tier with the same burn-rate expressions and factor as its alert', () => {
    const alerts = service.alertingRuleGroups().flatMap((g) => g.rules) as Array<{ alert: string; expr: string; labels: Record<string, string> }>;
    for (const slo of service.slos) {
      for (const tier of slo.alerting!.tiers) {
        const long = tier.longWindow.toPrometheus();
        const short = tier.shortWindow.toPrometheus();
        const panel = panels.find((p) => p.title.startsWith(`Burn rate: ${tier.key} (${long} / ${short})`) && p.targets!.some((t) => t.expr.includes(`slo="${slo.name}"`)))!;
        expect(panel).toBeDefined();
        const alert = alerts.find((a) => a.labels.slo === slo.name && a.labels.long === long)!;
        // The alert is "<long burn> and <long ratio> > f * b and <short ratio> > f * b": the panel plots each
        // window's ratio divided by the same budget b, and draws f.
        const budget = String(slo.errorBudget);
        const conditions = alert.expr.split('\nand\n').filter((side) => side.endsWith(` > ${tier.factor} * ${budget}`));
        expect(conditions).toHaveLength(2);
        const operands = conditions.map((side) => side.replace(` > ${tier.factor} * ${budget}`, ` / ${budget}`));
        expect(panel.targets!.map((t) => t.expr)).toEqual(operands);
        const steps = panel.fieldConfig.defaults.thresholds.steps.map((s: { value: number | null }) => s.value);
        expect(steps).toEqual([null, tier.factor]);
        expect(panel.fieldConfig.defaults.custom.thresholdsStyle.mode).toBe('dashed');
      }
    }
  });

  test('has an overview row and, per SLO, a row with SLI, objective, budget remaining and consumed, and alert state', () => {
    const rows = panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows).toEqual(['user-authentication: overview', 'availability: 99.95% over 30d', 'latency-p50: 50% over 30d', 'latency-p99: 99% over 30d']);
    const titles = panels.map((p) => p.title);
    for (const title of ['SLI against the objective', 'Error budget over the period', 'Error budget consumed', 'Alert state']) {
      expect(titles.filter((t) => t === title)).toHaveLength(3);
    }
  });

  test('gets the same uid and the same bytes from the same input, and uidFor tells the uid in advance', () => {
    const again = SloDashboardDefinition.create(SloServiceDefinition.create(userAuthentication));
    expect(again.json()).toBe(dashboard.json());
    expect(dashboard.uid).toBe(SloDashboardDefinition.uidFor('user-authentication'));
    expect(dashboard.uid).toMatch(/^slo-user-authentication-[0-9a-f]{8}$/);
    expect(SloDashboardDefinition.uidFor('checkout')).not.toBe(dashboard.uid);
  });

  test('with a cluster label, adds a cluster variable and every selector filters on it', () => {
    const clustered = SloDashboardDefinition.create(service, { clusterLabel: 'k8s_cluster' });
    expect(grafanaProblems(clustered.model)).toEqual([]);
    expect(clustered.model.templating.list!.map((v) => v.name)).toEqual(['datasource', 'cluster']);
    for (const q of clustered.queries()) {
      const selectors = q.match(/[a-zA-Z_:]+\{[^}]*\}/g) ?? [];
      for (const s of selectors) expect(s).toContain('k8s_cluster="$cluster"');
    }
  });
});

describe('SLO dashboards of other shapes', () => {
  const base: SloServiceProps = {
    service: 'checkout',
    slos: [{ name: 'availability', objective: Objective.percent(99.9), sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }) }],
  };

  test('a service without alerts still gets a burn-rate panel and no ALERTS queries', () => {
    const svc = SloServiceDefinition.create({ ...base, alerting: false });
    const d = SloDashboardDefinition.create(svc);
    expect(grafanaProblems(d.model)).toEqual([]);
    expect(d.metricNames()).not.toContain('ALERTS');
    expect(danglingMetrics([d], svc.ruleGroups())).toEqual([]);
  });

  test('an absent-data alert and a 7-day period are drawn and read what is recorded', () => {
    const svc = SloServiceDefinition.create({ ...base, window: Duration.days(7), alerting: { absentDataAlert: true, tiers: { fast: { longWindow: Duration.hours(1), factor: 10 } } } });
    const d = SloDashboardDefinition.create(svc);
    expect(danglingMetrics([d], svc.ruleGroups())).toEqual([]);
    expect(d.queries().some((q) => q.includes('alertname="SloDataMissing"'))).toBe(true);
    expect(d.queries().some((q) => q.includes('slo:sli_error:ratio_rate7d'))).toBe(true);
  });
});

describe('the dangling-metric check', () => {
  test('fails on a panel that reads a misspelt metric', () => {
    const misspelt = { promqlQueries: () => [...dashboard.promqlQueries(), 'slo:sli_eror:ratio_rate5m{service="user-authentication"}'], sourceMetrics: [] };
    expect(danglingMetrics([misspelt], service.ruleGroups())).toEqual(['slo:sli_eror:ratio_rate5m']);
  });

  test('fails on a panel that reads the ALERTS of an alert nobody defines', () => {
    const ghost = { promqlQueries: () => ['max(ALERTS{alertname="NoSuchAlert"})'], sourceMetrics: [] };
    expect(danglingMetrics([ghost], service.ruleGroups())).toEqual(['ALERTS{alertname="NoSuchAlert"}']);
  });

  test('fails when the dashboard is checked against rules of another synthesis', () => {
    expect(danglingMetrics([dashboard], []).length).toBeGreaterThan(5);
  });
});

describe('bad dashboard input fails at construction', () => {
  test.each([
    [{ uid: 'has spaces' }, /uid \("has spaces"\) is not a dashboard uid/],
    [{ uid: 'x'.repeat(41) }, /is not a dashboard uid/],
    [{ title: '' }, /title \(""\) is not a dashboard title/],
    [{ folder: 'a/b' }, /folder \("a\/b"\) is not a folder name/],
    [{ clusterLabel: 'k8s-cluster' }, /clusterLabel \("k8s-cluster"\) is not a valid Prometheus label name/],
  ])('%p', (props, message) => {
    let error: unknown;
    try {
      SloDashboardDefinition.create(service, props, 'prod/slo-dashboard');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/^prod\/slo-dashboard: /);
    expect((error as Error).message).toMatch(message);
  });
});
