import { Chart, Testing } from 'cdk8s';
import { Objective, Sli, SloServiceProps, SpecError } from 'sre-constructs';
import { ErrorBudgetPolicy, SloService } from 'sre-constructs/cdk8s';
import { checkRules } from '../support/promtool';
import { schemaErrors } from '../support/schema';

const props: SloServiceProps = {
  service: 'checkout',
  alerting: { runbookUrl: 'https://runbooks.example.com/checkout/slo' },
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
};
const deployGates = { prometheusUrl: 'http://prometheus-operated.monitoring:9090', flagger: true };

describe('cdk8s ErrorBudgetPolicy', () => {
  test('emits its PrometheusRule and deploy gates in the chart namespace, valid against the upstream CRDs, rules passing promtool', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const service = new SloService(chart, 'checkout', props);
    const policy = new ErrorBudgetPolicy(chart, 'policy', { service, deployGates });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
      'PrometheusRule shop/checkout-slos',
      'PrometheusRule shop/checkout-error-budget-policy',
      'AnalysisTemplate shop/checkout-error-budget',
      'MetricTemplate shop/checkout-error-budget',
      'MetricTemplate shop/checkout-error-budget-burn-rate',
    ]);
    for (const m of manifests) expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
    expect(checkRules({ groups: manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec.groups) }).output).toMatch(/SUCCESS/);
    expect(policy.deployGates).toHaveLength(3);
  });

  test('a ClusterAnalysisTemplate never takes the chart namespace', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const service = new SloService(chart, 'checkout', props);
    new ErrorBudgetPolicy(chart, 'policy', { service, deployGates: { ...deployGates, argoRollouts: 'ClusterAnalysisTemplate', flagger: false } });
    const template = Testing.synth(chart).find((m) => m.kind === 'ClusterAnalysisTemplate')!;
    expect(template.metadata).toEqual({ name: 'checkout-error-budget', labels: { 'app.kubernetes.io/managed-by': 'sre-constructs' } });
    expect(schemaErrors(template)).toEqual([]);
  });

  test.each([
    [{ freezeAtPercent: 120 }, /^test\/policy: freezeAtPercent \(120\) is not a percentage from 0 to 100\./],
    [{ slos: ['latency'] }, /^test\/policy: slos \("latency"\) is not an SLO of service checkout\. Choose from availability\./],
    [{ canaryMaxBurnRate: 0.9 }, /^test\/policy: canaryMaxBurnRate \(0\.9\) is not a burn rate of at least 1\./],
  ])('bad input %j throws with the construct path and emits nothing', (bad, message) => {
    const chart = Testing.chart();
    const service = new SloService(chart, 'checkout', props);
    let error: unknown;
    try {
      new ErrorBudgetPolicy(chart, 'policy', { service, deployGates, ...bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(message);
    expect(chart.node.children.map((c) => c.node.id)).toEqual(['checkout']);
    expect(Testing.synth(chart).map((m) => m.metadata.name)).toEqual(['checkout-slos']);
  });
});
