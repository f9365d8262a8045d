import { readFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import { Objective, Sli, SloServiceDefinition, SloServiceProps, SpecError } from 'sre-constructs';
import { BurnRateAlerts, SloService } from 'sre-constructs/pulumi';
import { PendingInputs } from '../../lib/pulumi/inputs';
import { userAuthentication } from '../../examples/user-authentication';
import { RegisteredResource, promiseOf, registerOffline } from '../../scripts/pulumi-offline';
import { schemaErrors } from '../support/schema';
import { slothPath } from '../support/sloth-parity';

const props: SloServiceProps = {
  service: 'checkout',
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
};

function ofType(resources: RegisteredResource[], type: string): RegisteredResource[] {
  return resources.filter((r) => r.type === type);
}

describe('Pulumi SloService', () => {
  let registered: RegisteredResource[];
  let component: SloService;
  let urn: string;

  beforeAll(async () => {
    registered = await registerOffline(() => {
      component = new SloService('checkout', { ...props, metadata: { namespace: 'shop' } });
      return [component];
    });
    urn = await promiseOf(component.prometheusRule.urn);
  });

  test('registers a PrometheusRule custom resource whose inputs are the core rendering', () => {
    const [rule] = ofType(registered, 'kubernetes:monitoring.coreos.com/v1:PrometheusRule');
    const expected = SloServiceDefinition.create({ ...props, metadata: { namespace: 'shop' } }).prometheusRule();
    expect(rule.name).toBe('checkout-prometheus-rule');
    expect(rule.inputs).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(schemaErrors(rule.inputs as never)).toEqual([]);
  });

  test('registers itself as a component and parents its child', () => {
    expect(ofType(registered, 'sre-constructs:index:SloService').map((r) => r.name)).toEqual(['checkout']);
    expect(urn).toMatch(/::sre-constructs:index:SloService\$kubernetes:monitoring\.coreos\.com\/v1:PrometheusRule::checkout-prometheus-rule$/);
  });

  test('exposes the rule name and the error budgets', async () => {
    expect(await promiseOf(component.prometheusRuleName)).toBe('checkout-slos');
    expect(component.definition.slos[0].budget.minutes).toBe(43.2);
  });

  test('a wrong spec throws before any resource is registered', async () => {
    let error: unknown;
    const resources = await registerOffline(() => {
      try {
        new SloService('broken', { ...props, service: 'Not Valid' });
      } catch (e) {
        error = e;
      }
      return [];
    });
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toMatch(/^broken: service \("Not Valid"\) is not a valid name/);
    expect(resources).toEqual([]);
  });

  test('BurnRateAlerts registers its own PrometheusRule under its own component', async () => {
    let alerts: BurnRateAlerts | undefined;
    const resources = await registerOffline(() => {
      const service = new SloService('checkout', { ...props, alerting: false });
      alerts = new BurnRateAlerts('checkout-alerts', { service });
      return [service, alerts];
    });
    const rules = ofType(resources, 'kubernetes:monitoring.coreos.com/v1:PrometheusRule');
    expect(rules.map((r) => (r.inputs.metadata as { name: string }).name).sort()).toEqual(['checkout-slo-alerts', 'checkout-slos']);
    expect(await promiseOf(alerts!.prometheusRule.urn)).toMatch(/sre-constructs:index:BurnRateAlerts\$kubernetes:monitoring\.coreos\.com\/v1:PrometheusRule::checkout-alerts-prometheus-rule$/);
  });

  test('SloService.fromSloth registers one component per service of a Sloth spec', async () => {
    const text = readFileSync(slothPath('examples/multifile.yml'), 'utf8');
    const resources = await registerOffline(() => SloService.fromSloth(text, { onWarning: () => undefined }));
    expect(ofType(resources, 'sre-constructs:index:SloService').map((r) => r.name).sort()).toEqual(['myservice', 'myservice2']);
    expect(ofType(resources, 'kubernetes:monitoring.coreos.com/v1:PrometheusRule')).toHaveLength(2);
  });

  test('the Pulumi and cdk8s doors emit the same PrometheusRule spec for the example', async () => {
    const resources = await registerOffline(() => [new SloService('user-authentication', userAuthentication)]);
    const [rule] = ofType(resources, 'kubernetes:monitoring.coreos.com/v1:PrometheusRule');
    expect(rule.inputs.spec).toEqual(JSON.parse(JSON.stringify(SloServiceDefinition.create(userAuthentication).prometheusRule().spec)));
  });

  test('metadata may come from other resources: an Output namespace and labels land in the PrometheusRule', async () => {
    const resources = await registerOffline(() => {
      const ns = pulumi.output('shop-from-output');
      const release = Promise.resolve('kube-prometheus-stack');
      return [new SloService('checkout', { ...props, metadata: { namespace: ns, labels: { release } } })];
    });
    const [rule] = ofType(resources, 'kubernetes:monitoring.coreos.com/v1:PrometheusRule');
    expect(rule.inputs.metadata).toEqual({
      name: 'checkout-slos',
      namespace: 'shop-from-output',
      labels: { 'app.kubernetes.io/managed-by': 'sre-constructs', release: 'kube-prometheus-stack' },
    });
    expect(rule.inputs.spec).toEqual(JSON.parse(JSON.stringify(SloServiceDefinition.create(props).prometheusRule().spec)));
  });

  test('a whole label map from an Output is merged, sorted, beside the library\'s own label', async () => {
    const resources = await registerOffline(() => [new SloService('checkout', { ...props, metadata: { labels: pulumi.output({ team: 'shop', app: 'checkout' }) } })]);
    const [rule] = ofType(resources, 'kubernetes:monitoring.coreos.com/v1:PrometheusRule');
    expect(Object.keys((rule.inputs.metadata as { labels: object }).labels)).toEqual(['app', 'app.kubernetes.io/managed-by', 'team']);
  });

  test('a namespace that resolves to an invalid name fails with the message a plain one gets', () => {
    // What the Output runs once the namespace is known; thrown there, it fails the deployment.
    const pending = PendingInputs.fromMetadata({ namespace: pulumi.output('ignored'), labels: { team: 'shop' } }, 'checkout');
    const rule = SloServiceDefinition.create({ ...props, metadata: pending.metadata }).prometheusRule();
    expect(pending.fill(rule, ['shop'], []).metadata.namespace).toBe('shop');
    expect(() => pending.fill(rule, ['Not_A_Namespace'], [])).toThrow(/^checkout: metadata\.namespace \("Not_A_Namespace"\) is not a valid namespace/);
  });
});
