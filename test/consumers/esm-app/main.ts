// An ES module (package.json "type": "module") importing the CommonJS package's three doors by name.
import { App, Chart, Testing } from 'cdk8s';
import { Objective, Sli, SloDashboardDefinition, SloServiceDefinition, toYaml } from 'sre-constructs';
import { SloService } from 'sre-constructs/cdk8s';
import legacy from './legacy.cjs';

const props = {
  service: 'checkout',
  alerting: { runbookUrl: 'https://runbooks.example.com/checkout' },
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
};
const definition = SloServiceDefinition.create(props);
const rules = toYaml(definition.ruleFile());
const dashboard = SloDashboardDefinition.create(definition);

const chart = new Chart(new App(), 'esm', { namespace: 'shop' });
new SloService(chart, 'checkout', props);
const kinds = Testing.synth(chart).map((m: { kind: string }) => m.kind);
if (!rules.includes('slo:sli_error:ratio_rate5m') || dashboard.model.schemaVersion < 36 || kinds.join() !== 'PrometheusRule' || legacy() !== rules) {
  throw new Error(`unexpected output: ${kinds.join()}`);
}
console.log(`esm-app: ESM and CommonJS (nodenext) consumers agree; ${definition.ruleGroups().length} rule groups, dashboard ${dashboard.uid}`);
