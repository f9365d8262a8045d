// A CommonJS module (.cts) of the same nodenext project: require() of the package, with types.
import sre = require('sre-constructs');

export = function rules(): string {
  const definition = sre.SloServiceDefinition.create({
    service: 'checkout',
    alerting: { runbookUrl: 'https://runbooks.example.com/checkout' },
    slos: [{ name: 'availability', sli: sre.Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: sre.Objective.percent(99.9) }],
  });
  return sre.toYaml(definition.ruleFile());
};
