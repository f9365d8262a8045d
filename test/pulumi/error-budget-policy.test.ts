import * as pulumi from '@pulumi/pulumi';
import { Objective, Sli, SloServiceProps, SpecError } from 'sre-constructs';
import { ErrorBudgetPolicy, SloService } from 'sre-constructs/pulumi';
import { promiseOf, registerOffline } from '../../scripts/pulumi-offline';
import { requirePrometheusUrl } from '../../lib/policy/deploy-gates';
import { PendingInputs } from '../../lib/pulumi/inputs';
import { schemaErrors } from '../support/schema';

const props: SloServiceProps = {
  service: 'checkout',
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
};

describe('Pulumi ErrorBudgetPolicy', () => {
  test('registers the PrometheusRule and the deploy gates as children, valid against the CRDs, with Input metadata', async () => {
    let policy!: ErrorBudgetPolicy;
    const registered = await registerOffline(() => {
      const slos = new SloService('checkout', props);
      const namespace = pulumi.output('shop-from-output');
      policy = new ErrorBudgetPolicy('checkout-policy', {
        service: slos,
        metadata: { namespace, labels: { release: 'kube-prometheus-stack' } },
        deployGates: { prometheusUrl: 'http://prometheus-operated.monitoring:9090', flagger: true, metadata: { namespace } },
      });
      return [slos, policy];
    });
    const mine = registered.filter((r) => r.name.startsWith('checkout-policy-'));
    // Registration order follows promise resolution.
    expect(mine.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:argoproj.io/v1alpha1:AnalysisTemplate checkout-policy-analysis-template',
      'kubernetes:flagger.app/v1beta1:MetricTemplate checkout-policy-burn-rate-metric-template',
      'kubernetes:flagger.app/v1beta1:MetricTemplate checkout-policy-metric-template',
      'kubernetes:monitoring.coreos.com/v1:PrometheusRule checkout-policy-prometheus-rule',
    ]);
    for (const r of mine) {
      expect({ name: r.name, errors: schemaErrors(r.inputs as never) }).toEqual({ name: r.name, errors: [] });
      expect((r.inputs.metadata as { namespace: string }).namespace).toBe('shop-from-output');
    }
    expect(await promiseOf(policy.deployGates[0].urn)).toMatch(/sre-constructs:index:ErrorBudgetPolicy\$kubernetes:argoproj\.io\/v1alpha1:AnalysisTemplate::checkout-policy-analysis-template$/);
  });

  test('the Prometheus address of the gates may come from another resource: the same templates as the plain address give', async () => {
    const gates = async (prometheusUrl: pulumi.Input<string>) => {
      const registered = await registerOffline(() => {
        const slos = new SloService('checkout', props);
        return [slos, new ErrorBudgetPolicy('checkout-policy', { service: slos, deployGates: { prometheusUrl, flagger: true } })];
      });
      return registered.filter((r) => /Template$/.test(r.type)).sort((a, b) => a.name.localeCompare(b.name)).map((r) => r.inputs);
    };
    const plain = await gates('http://prometheus-operated.monitoring:9090');
    const late = await gates(pulumi.interpolate`http://${pulumi.output('prometheus-operated')}.monitoring:9090`);
    expect(late).toEqual(plain);
    expect(JSON.stringify(late)).toContain('"address":"http://prometheus-operated.monitoring:9090"');
    expect(JSON.stringify(late)).not.toContain('.invalid');
  });

  test('a late Prometheus address gets the core\'s check once it resolves', () => {
    const pending = PendingInputs.fromMetadata(undefined, 'checkout-policy');
    const standIn = pending.url(pulumi.output('later'), (value, at) => requirePrometheusUrl(at.at('deployGates'), 'prometheusUrl', value));
    expect(pending.fill({ address: standIn }, ['http://prometheus:9090'], [])).toEqual({ address: 'http://prometheus:9090' });
    expect(() => pending.fill({ address: standIn }, ['http://prometheus:9090/{{args.x}}'], [])).toThrow(/^checkout-policy: deployGates\.prometheusUrl \("http:\/\/prometheus:9090\/\{\{args\.x\}\}"\) holds braces/);
    expect(() => pending.fill({ address: standIn }, ['prometheus:9090'], [])).toThrow(/^checkout-policy: deployGates\.prometheusUrl \("prometheus:9090"\) is not an absolute http\(s\) URL/);
  });

  test('a wrong policy throws before anything of it registers', async () => {
    let error: unknown;
    const registered = await registerOffline(() => {
      const slos = new SloService('checkout', props);
      try {
        new ErrorBudgetPolicy('checkout-policy', { service: slos, slos: ['latency'] });
      } catch (e) {
        error = e;
      }
      return [slos];
    });
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/^checkout-policy: slos \("latency"\) is not an SLO of service checkout/);
    expect(registered.filter((r) => r.name.startsWith('checkout-policy'))).toEqual([]);
  });
});
