import { escapeTemplateText, findPromQLSyntaxError, parseSelector, quotePromQLString, renderSelector } from 'sre-constructs';

describe('selectors', () => {
  test('round-trip, with every value escaped', () => {
    const text = 'http_requests_total{path="/a\\"b\\\\c\\n", code=~"5..", env!="", job!~\'x\'}';
    const parsed = parseSelector(text);
    expect(parsed).toEqual({
      metric: 'http_requests_total',
      matchers: [
        { name: 'path', op: '=', value: '/a"b\\c\n' },
        { name: 'code', op: '=~', value: '5..' },
        { name: 'env', op: '!=', value: '' },
        { name: 'job', op: '!~', value: 'x' },
      ],
    });
    const rendered = renderSelector(parsed as never);
    expect(rendered).toBe('http_requests_total{path="/a\\"b\\\\c\\n", code=~"5..", env!="", job!~"x"}');
    expect(parseSelector(rendered)).toEqual(parsed);
  });

  test.each([
    ['rate(x[5m])', /not a plain series selector/],
    ['x offset 5m', /not a plain series selector/],
    ['x{', /ends too early|syntax error/],
    ['{a=""}', /matchers all match the empty string/],
    ['x{"a.b"="c"}', /quoted \(UTF-8\) label name/],
  ])('refuses %p', (text, problem) => {
    expect(parseSelector(text)).toMatch(problem);
  });

  test('label names that PromQL cannot carry are refused when rendering', () => {
    expect(() => renderSelector({ metric: 'x', matchers: [{ name: 'a-b', op: '=', value: '' }] })).toThrow(/invalid label name/);
  });
});

describe('PromQL syntax', () => {
  test.each(['sum(rate(x[5m])) / sum(rate(y[5m]))', 'histogram_fraction(0, 0.5, sum(rate(h[5m])))', 'a or vector(0)'])('accepts %p', (q) => {
    expect(findPromQLSyntaxError(q)).toBeUndefined();
  });
  test.each([
    ['sum(rate(x[5m])', /ends too early/],
    ['foo bar', /unexpected "bar"/],
    ['', /is empty/],
  ])('reports where %p fails', (q, problem) => {
    expect(findPromQLSyntaxError(q)).toMatch(problem);
  });
});

describe('escaping', () => {
  test('PromQL strings', () => {
    expect(quotePromQLString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });
  test('Go template text keeps braces literal', () => {
    expect(escapeTemplateText('{{ $value }} and }}')).toBe('{{ "{{" }} $value {{ "}}" }} and {{ "}}" }}');
  });
});
