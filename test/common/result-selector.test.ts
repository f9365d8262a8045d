import { resultSelector, selectorsIn } from '../../lib/common/promql';

/** Which series an alert's result comes from decides the labels its notifications carry, and so where they are routed. */
describe('resultSelector', () => {
  const labels = (expr: string) => {
    const r = resultSelector(expr);
    return r && { metric: r.metric, matchers: r.matchers.map((m) => `${m.name}${m.op}${m.value}`), ...(r.absent ? { absent: true } : {}), ...(r.grouping ? { grouping: r.grouping } : {}) };
  };

  test('follows the left-hand operand, the right-hand one after a number, and label-keeping functions', () => {
    expect(labels('a{x="1"} / 0.5 and b > 2 * 0.5')).toEqual({ metric: 'a', matchers: ['x=1'] });
    expect(labels('1 - b{y="2"}')).toEqual({ metric: 'b', matchers: ['y=2'] });
    expect(labels('(1) - c{z="3"}')).toEqual({ metric: 'c', matchers: ['z=3'] });
    expect(labels('predict_linear(d{k="v"}[6h], 3600) < 0')).toEqual({ metric: 'd', matchers: ['k=v'] });
    expect(labels('-(e offset 5m)')).toEqual({ metric: 'e', matchers: [] });
  });

  test('keeps what aggregations group by, and everything topk returns', () => {
    expect(labels('max by (namespace) (f{namespace="shop", pod="p"})')).toEqual({ metric: 'f', matchers: ['namespace=shop', 'pod=p'], grouping: [{ by: ['namespace'] }] });
    expect(labels('sum without (pod) (rate(g[5m]))')).toEqual({ metric: 'g', matchers: [], grouping: [{ without: ['pod'] }] });
    expect(labels('sum(h)')).toEqual({ metric: 'h', matchers: [], grouping: [{ by: [] }] });
    expect(labels('topk by (a) (3, i{c="d"})')).toEqual({ metric: 'i', matchers: ['c=d'] });
  });

  test('gives absent() only the equality matchers of a plain selector, and nothing for vector() or a number', () => {
    expect(labels('absent(j{a="b", c=~"x"})')).toEqual({ metric: 'j', matchers: ['a=b'], absent: true });
    expect(labels('absent(k{a="b"} > 1)')).toEqual({ metric: 'k', matchers: [], absent: true });
    expect(labels('vector(1)')).toBeUndefined();
    expect(labels('42')).toBeUndefined();
    expect(labels('rate(')).toBeUndefined();
  });
});

test('selectorsIn lists every selector, those inside ranges too', () => {
  expect(selectorsIn('sum(rate(a{x="1"}[5m])) / on() b').map((s) => s.metric)).toEqual(['a', 'b']);
});
