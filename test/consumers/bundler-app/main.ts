// A project whose bundler resolves imports (esbuild here): types come through `exports`, no Node types at all.
import { Testing } from 'cdk8s';
import { Objective, RedDashboardDefinition, ServiceMonitoringDefinition, Sli, SloServiceDefinition, SloServiceProps, toYaml } from 'sre-constructs';
import { SloService } from 'sre-constructs/cdk8s';

const props: SloServiceProps = {
  service: 'checkout',
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
};
const rules = toYaml(SloServiceDefinition.create(props).ruleFile());
const monitoring = ServiceMonitoringDefinition.create({
  service: 'checkout',
  requests: 'http_requests_total{job="checkout"}',
  histogram: 'http_request_duration_seconds_bucket{job="checkout"}',
});
const dashboard = RedDashboardDefinition.create(monitoring);
const service = new SloService(Testing.chart(), 'checkout', props);

console.log(`bundler-app: ${rules.split('\n').length} lines of rules, RED dashboard ${dashboard.uid}, ${service.definition.slos.length} SLO in a chart`);
