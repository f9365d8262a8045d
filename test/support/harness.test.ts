import { checkRules, counter, evaluate } from './promtool';
import { grafanaProblems } from './grafana';
import { schemaErrors } from './schema';

/** The test harness must be able to fail: each check here is shown a bad input and must say so. */
describe('the schema validator', () => {
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'x' },
    spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', for: '5m' }] }] },
  };

  test('accepts a valid PrometheusRule', () => {
    expect(schemaErrors(rule)).toEqual([]);
  });

  test('refuses a bad duration, a missing expr and a field the API server would prune', () => {
    const bad = {
      ...rule,
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', for: 'five minutes' }], evaluationInterval: '1m' }] },
    };
    const errors = schemaErrors(bad).join('\n');
    expect(errors).toMatch(/\/spec\/groups\/0\/rules\/0\/for must match pattern/);
    expect(errors).toMatch(/must have required property 'expr'/);
    expect(errors).toMatch(/\/spec\/groups\/0 must NOT have additional properties/);
  });
});

describe('the promtool runner', () => {
  test('check rules fails on a broken rule file', () => {
    const result = checkRules({ groups: [{ name: 'g', rules: [{ record: 'x', expr: 'sum(' }] }] });
    expect(result.ok).toBe(false);
  });

  test('evaluate reads numbers, NaN and empty results back', () => {
    const series = [{ series: 'c', values: counter([{ minutes: 10, perMinute: 60 }]) }];
    const values = evaluate({ groups: [] }, series, [
      { expr: 'rate(c[5m])', atMinute: 10 },
      { expr: 'vector(0) / 0', atMinute: 10 },
      { expr: 'nothing_here', atMinute: 10 },
      { expr: 'count(vector(0) / 0 != vector(0) / 0)', atMinute: 10 },
    ]);
    expect(values).toEqual([1, NaN, undefined, 1]);
  });

  test('counter phases continue from where the last one stopped', () => {
    expect(counter([{ minutes: 2, perMinute: 10 }, { minutes: 2, perMinute: 0 }, { minutes: 1, perMinute: 5 }])).toBe('0+10x2 20+0x1 25+5x0');
  });
});

describe('the built-in schema validator', () => {
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { grafana_dashboard: '1' } }, data: { 'x.json': '{}' } };

  test('accepts a valid ConfigMap', () => {
    expect(schemaErrors(configMap)).toEqual([]);
  });

  test('refuses a ConfigMap with a non-string value and fields the API server would prune', () => {
    const errors = schemaErrors({ ...configMap, spec: {}, metadata: { name: 'x', folder: 'a' }, data: { 'x.json': 1 } } as never).join('\n');
    expect(errors).toMatch(/\/data\/x\.json must be string/);
    expect(errors).toMatch(/^\/ must NOT have additional properties/m);
    expect(errors).toMatch(/\/metadata must NOT have additional properties/);
  });
});

describe('the Grafana model check', () => {
  const panel = (id: number, target: object) => ({ id, type: 'timeseries', title: `p${id}`, datasource: { uid: '${datasource}' }, gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [target] });
  const good = { expr: 'up', refId: 'A', datasource: { type: 'prometheus', uid: '${datasource}' } };
  const model = { schemaVersion: 42, title: 't', uid: 'u', templating: { list: [{ name: 'datasource' }] }, panels: [panel(1, good)] };

  test('accepts a minimal dashboard', () => {
    expect(grafanaProblems(model)).toEqual([]);
  });

  test('reports repeated panel ids, a query without refId or datasource, an unknown variable and a missing schemaVersion', () => {
    const bad = {
      ...model,
      schemaVersion: undefined,
      panels: [panel(1, good), panel(1, { expr: 'up{a="$nope"}' }), { ...panel(3, good), gridPos: { x: 20, y: 0, w: 12, h: 8 } }],
    };
    const problems = grafanaProblems(bad).join('\n');
    expect(problems).toMatch(/schemaVersion/);
    expect(problems).toMatch(/panel ids repeat/);
    expect(problems).toMatch(/query without refId/);
    expect(problems).toMatch(/query without datasource/);
    expect(problems).toMatch(/undefined variable \$nope/);
    expect(problems).toMatch(/outside the 24-column grid/);
  });
});

describe('the schemas are the repository\'s own copies', () => {
  test('knows workloads and RBAC, and refuses a Deployment whose container lacks a name', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ image: 'nginx' }] } } },
    };
    expect(schemaErrors(deployment).join('\n')).toMatch(/containers\/0 must have required property 'name'/);
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
    expect(schemaErrors(role)).toEqual([]);
    expect(schemaErrors({ ...role, rules: [{ verbs: 'get' }] }).join('\n')).toMatch(/verbs must be array/);
  });

  test('finds a CRD by group and kind, and reads the upstream files the yaml package cannot (flagger)', () => {
    const template = { apiVersion: 'flagger.app/v1beta1', kind: 'MetricTemplate', metadata: { name: 'm' }, spec: { provider: { type: 'prometheus', address: 'http://prometheus:9090' }, query: 'vector(1)' } };
    expect(schemaErrors(template)).toEqual([]);
    expect(schemaErrors({ ...template, spec: { provider: { type: 'prometheus' } } }).join('\n')).toMatch(/query/);
  });

  test('throws for a kind it has no schema for, so nothing passes unvalidated', () => {
    expect(() => schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget' })).toThrow(/no CRD for example\.com Widget/);
  });
});
