import { ResultLabel, resultLabel } from '../../lib/common/series-labels';
import { evaluate, promtoolVersion } from '../support/promtool';

/**
 * What `namespace` the series of an expression carry, read from the syntax tree, checked against what
 * promtool's own engine returns for the same expressions on series from two namespaces.
 */
const fixed = (...values: string[]): ResultLabel => ({ kind: 'fixed', values });
const CASES: Array<[string, ResultLabel]> = [
  ['x{namespace="a"}', fixed('a')],
  ['x{namespace=~"a|b"}', fixed('a', 'b')],
  ['x{namespace=~"a.*"}', { kind: 'unknown' }],
  ['x', { kind: 'unknown' }],
  ['rate(x{namespace="a"}[5m])', fixed('a')],
  ['sum(x{namespace="a"})', { kind: 'none' }],
  ['sum by (namespace, pod) (x{namespace="a"})', fixed('a')],
  ['sum without (pod) (x{namespace="a"})', fixed('a')],
  ['sum without (namespace) (x{namespace="a"})', { kind: 'none' }],
  ['topk(1, x{namespace="a"})', fixed('a')],
  ['absent(z{namespace="a"})', fixed('a')],
  ['absent(z{namespace=~"a"})', { kind: 'none' }],
  ['absent_over_time(z{namespace="a"}[5m])', fixed('a')],
  ['x{namespace="a"} > 1', fixed('a')],
  ['2 * x{namespace="a"}', fixed('a')],
  ['x{namespace="a"} > on () y{namespace="b"}', { kind: 'none' }],
  ['x{namespace="a"} > on (namespace) y', fixed('a')],
  ['x{namespace="a"} / ignoring (namespace, pod) y{namespace="b"}', { kind: 'none' }],
  ['x{namespace="a"} * on (job) group_right y{namespace="b"}', fixed('b')],
  ['x{namespace="a"} and on () y{namespace="b"}', fixed('a')],
  ['x{namespace="a"} or y{namespace="b"}', fixed('a', 'b')],
  ['x{namespace="a"} or vector(0)', { kind: 'unknown' }],
  ['vector(1)', { kind: 'none' }],
  ['label_replace(x{namespace="a"}, "namespace", "b", "", "")', { kind: 'unknown' }],
  ['histogram_quantile(0.99, sum by (le, namespace) (rate(x_bucket{namespace="a"}[5m])))', fixed('a')],
  ['predict_linear(x{namespace="a"}[1h], 3600) * 1.2 > 1', fixed('a')],
  ['scalar(y) * x{namespace="a"}', fixed('a')],
];

beforeAll(() => {
  promtoolVersion();
});

test.each(CASES)('%s', (expr, expected) => {
  expect(resultLabel(expr, 'namespace')).toEqual(expected);
});

test('what the tree says is what Prometheus returns, wherever the tree is sure', () => {
  const series = ['a', 'b'].flatMap((ns) => [
    { series: `x{namespace="${ns}", job="j", pod="p"}`, values: "5x10" },
    { series: `y{namespace="${ns}", job="j"}`, values: '1x10' },
    { series: `x_bucket{namespace="${ns}", le="+Inf"}`, values: '0+60x10' },
  ]);
  for (const [expr, expected] of CASES) {
    if (expected.kind === 'unknown') continue;
    const count = (q: string) => evaluate({ groups: [] }, series, [{ expr: q, atMinute: 5 }])[0] ?? 0;
    expect({ expr, some: count(`count(${expr})`) > 0 }).toEqual({ expr, some: true });
    // Every series' namespace is one of the values (or empty for "none"): marked so, they all fall in the one marked group.
    const pattern = expected.kind === 'none' ? '^$' : `^(${expected.values.join('|')})$`;
    const marked = `count by (inside) (label_replace(${expr}, "inside", "yes", "namespace", "${pattern}"))`;
    const groups = count(`count(${marked})`);
    const inside = count(`count(${marked} and on (inside) label_replace(vector(1), "inside", "yes", "", ""))`);
    expect({ expr, groups, inside }).toEqual({ expr, groups: 1, inside: 1 });
  }
});
