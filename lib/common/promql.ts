import { parser } from '@prometheus-io/lezer-promql';
import type { SpecPath } from './errors';
import { isPrometheusLabelName, isPrometheusMetricName } from './names';

/** A node of the PromQL syntax tree (typed from the parser, whose package resolves @lezer/common as ESM). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** The placeholder Sloth popularised for the range of a query: `rate(x[{{.window}}])`. */
export const WINDOW_PLACEHOLDER = '{{.window}}';
const WINDOW_PLACEHOLDER_PATTERN = /\{\{\s*\.window\s*\}\}/g;

/** A label matcher operator. */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One label matcher of a selector: `code=~"5.."`. */
export interface LabelMatcher {
  /** Label name. */
  readonly name: string;
  /** Operator. */
  readonly op: MatchOperator;
  /** Value (unescaped: the text the label holds, or the regular expression). */
  readonly value: string;
}

/** A parsed instant-vector selector: metric name plus matchers. */
export interface Selector {
  /** Metric name, when the selector has one. */
  readonly metric?: string;
  /** Label matchers, in the order written. */
  readonly matchers: readonly LabelMatcher[];
}

/**
 * Checks PromQL syntax with the Prometheus project's own grammar (lezer-promql).
 *
 * @returns undefined when the text parses, else a message that says where it fails.
 */
export function findPromQLSyntaxError(expr: string): string | undefined {
  if (typeof expr !== 'string' || expr.trim() === '') return 'is empty';
  const tree = parser.parse(expr);
  let error: { from: number; to: number } | undefined;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) {
        error = { from: node.from, to: node.to };
        return false;
      }
      return undefined;
    },
  });
  if (error) {
    if (error.from >= expr.length) return 'ends too early (an operand, a bracket or a closing parenthesis is missing)';
    const found = expr.slice(error.from, Math.max(error.to, error.from + 1));
    return `has a syntax error at character ${error.from + 1}: unexpected ${JSON.stringify(found)} in ${JSON.stringify(excerpt(expr, error.from))}`;
  }
  return findSemanticError(tree.topNode, expr);
}

function excerpt(expr: string, at: number): string {
  const start = Math.max(0, at - 30);
  const end = Math.min(expr.length, at + 30);
  return `${start > 0 ? '…' : ''}${expr.slice(start, end)}${end < expr.length ? '…' : ''}`;
}

/** The checks Prometheus makes after parsing that matter for rules we generate. */
function findSemanticError(top: SyntaxNode, expr: string): string | undefined {
  let problem: string | undefined;
  const cursor = top.cursor();
  do {
    if (cursor.name === 'VectorSelector') {
      const sel = selectorFromNode(cursor.node, expr);
      if (typeof sel === 'string') {
        problem = sel;
      } else if (!sel.metric && sel.matchers.every((m) => matchesEmpty(m))) {
        problem = `has a selector without a metric name whose matchers all match the empty string: ${JSON.stringify(expr.slice(cursor.from, cursor.to))}`;
      }
    }
  } while (!problem && cursor.next());
  return problem;
}

function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return safeRegExp(m.value)?.test('') ?? true;
    case '!~':
      return !(safeRegExp(m.value)?.test('') ?? false);
  }
}

function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return undefined;
  }
}

/**
 * Checks that `expr` is PromQL, after putting a window into any `{{.window}}` placeholder.
 * Fails with the construct path and field when it is not.
 */
export function requirePromQL(at: SpecPath, field: string, expr: unknown): string {
  if (typeof expr !== 'string' || expr.trim() === '') {
    return at.fail(field, expr, 'is empty', 'Give a PromQL expression.');
  }
  const problem = findPromQLSyntaxError(withWindow(expr, '5m'));
  if (problem) {
    return at.fail(field, expr, `is not valid PromQL: it ${problem}`, 'Fix the expression; it is checked with the Prometheus PromQL grammar.');
  }
  return expr;
}

/** True when the text carries a `{{.window}}` placeholder. */
export function hasWindowPlaceholder(template: string): boolean {
  WINDOW_PLACEHOLDER_PATTERN.lastIndex = 0;
  return WINDOW_PLACEHOLDER_PATTERN.test(template);
}

/** Replaces every `{{.window}}` placeholder with a Prometheus duration. */
export function withWindow(template: string, window: string): string {
  return template.replace(WINDOW_PLACEHOLDER_PATTERN, window);
}

/**
 * Parses an instant-vector selector such as `http_requests_total{service="auth",code=~"5.."}`.
 *
 * @returns the selector, or a message saying why the text is not one.
 */
export function parseSelector(text: string): Selector | string {
  const problem = findPromQLSyntaxError(text);
  if (problem) return `is not valid PromQL: it ${problem}`;
  const tree = parser.parse(text);
  const expr = tree.topNode.firstChild;
  if (!expr || expr.name !== 'VectorSelector' || expr.nextSibling) {
    return 'is not a plain series selector (metric{label="value"}, without functions, ranges, offsets or operators)';
  }
  return selectorFromNode(expr, text);
}

/** Checks a regular expression for a label matcher (compiled by JavaScript, which catches what RE2 would refuse too). */
export function requireRegex(at: SpecPath, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    return at.fail(field, value, 'is empty', 'Give a regular expression such as "5.." or "5..|429".');
  }
  try {
    new RegExp(value);
  } catch (e) {
    return at.fail(field, value, `is not a regular expression (${(e as Error).message})`, 'Give a regular expression such as "5.." or "5..|429".');
  }
  return value;
}

/** Checks and parses a selector field. */
export function requireSelector(at: SpecPath, field: string, text: unknown): Selector {
  if (typeof text !== 'string' || text.trim() === '') {
    return at.fail(field, text, 'is empty', 'Give a series selector such as http_requests_total{service="checkout"}.');
  }
  const sel = parseSelector(text);
  if (typeof sel === 'string') {
    return at.fail(field, text, sel, 'Give a series selector such as http_requests_total{service="checkout"}.');
  }
  return sel;
}

function selectorFromNode(node: SyntaxNode, text: string): Selector | string {
  let metric: string | undefined;
  const matchers: LabelMatcher[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'Identifier') {
      metric = text.slice(child.from, child.to);
    } else if (child.name === 'LabelMatchers') {
      for (let m = child.firstChild; m; m = m.nextSibling) {
        if (m.name === 'UnquotedLabelMatcher') {
          const name = m.getChild('LabelName');
          const op = m.getChild('MatchOp');
          const value = m.getChild('StringLiteral');
          if (!name || !op || !value) return 'has an incomplete label matcher';
          const parsed = unquotePromQLString(text.slice(value.from, value.to));
          if (parsed === undefined) return `has a malformed string ${text.slice(value.from, value.to)}`;
          matchers.push({ name: text.slice(name.from, name.to), op: text.slice(op.from, op.to) as MatchOperator, value: parsed });
        } else if (m.name === 'QuotedLabelMatcher' || m.name === 'QuotedLabelName') {
          return 'uses a quoted (UTF-8) label name, which Prometheus 2 cannot read; use a classic label name';
        }
      }
    }
  }
  return { metric, matchers };
}

/** Decodes a PromQL string literal (double, single or back quotes, Go escapes). Undefined when malformed. */
export function unquotePromQLString(literal: string): string | undefined {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) return undefined;
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  if (quote !== '"' && quote !== "'") return undefined;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };
    if (e !== undefined && e in simple) {
      out += simple[e];
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
      out += e === 'x' ? String.fromCharCode(parseInt(hex, 16)) : String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Writes a PromQL double-quoted string literal; quotes, backslashes and control characters are escaped. */
export function quotePromQLString(value: string): string {
  // JSON string escapes are a subset of Go's, which PromQL uses.
  return JSON.stringify(value);
}

/** Writes a selector back as PromQL, escaping every value. Matchers keep their order. */
export function renderSelector(selector: Selector): string {
  const matchers = selector.matchers.map((m) => {
    if (!isPrometheusLabelName(m.name) && m.name !== '__name__') {
      throw new Error(`invalid label name ${JSON.stringify(m.name)} in a selector`);
    }
    return `${m.name}${m.op}${quotePromQLString(m.value)}`;
  });
  if (selector.metric !== undefined && !isPrometheusMetricName(selector.metric)) {
    throw new Error(`invalid metric name ${JSON.stringify(selector.metric)} in a selector`);
  }
  const body = matchers.length > 0 ? `{${matchers.join(', ')}}` : '';
  return `${selector.metric ?? ''}${body}` || '{}';
}

/** A selector on the labels this library puts on its own recorded series (equality matchers, sorted as given). */
export function labelSelector(metric: string, labels: Readonly<Record<string, string>>): string {
  return renderSelector({
    metric,
    matchers: Object.entries(labels).map(([name, value]) => ({ name, op: '=' as const, value })),
  });
}

/** The same selector with extra matchers appended. */
export function withMatchers(selector: Selector, extra: readonly LabelMatcher[], metric?: string): Selector {
  return { metric: metric ?? selector.metric, matchers: [...selector.matchers, ...extra] };
}

/**
 * True when the expression's outermost operation is an aggregation to a single series
 * (`sum(...)` with no `by`/`without`), so wrapping it in another `sum()` would add nothing.
 */
export function isSingleSeriesAggregation(expr: string): boolean {
  const top = parser.parse(expr).topNode.firstChild;
  if (!top || top.name !== 'AggregateExpr' || top.nextSibling) return false;
  return !top.getChild('AggregateModifier');
}

/** Metric names an expression reads from its selectors, sorted. */
export function metricNamesIn(expr: string): string[] {
  const found = new Set<string>();
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.name === 'VectorSelector') {
      const sel = selectorFromNode(cursor.node, expr);
      if (typeof sel !== 'string') {
        const name = sel.metric ?? sel.matchers.find((m) => m.name === '__name__' && m.op === '=')?.value;
        if (name) found.add(name);
      }
    }
  } while (cursor.next());
  return [...found].sort();
}

/**
 * Rewrites every instant-vector selector of an expression with `wrap` (for instance into
 * `rate(sel[{{.window}}])`), leaving the rest as written. Returns undefined when the expression already
 * has range selectors or subqueries, where a rewrite would change its meaning.
 */
export function wrapSelectors(expr: string, wrap: (selector: string) => string): string | undefined {
  const spans: Array<[number, number]> = [];
  let ranged = false;
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.name === 'MatrixSelector' || cursor.name === 'SubqueryExpr') ranged = true;
    if (cursor.name === 'VectorSelector') spans.push([cursor.from, cursor.to]);
  } while (!ranged && cursor.next());
  if (ranged || spans.length === 0) return undefined;
  let out = expr;
  for (const [from, to] of spans.reverse()) out = `${out.slice(0, from)}${wrap(out.slice(from, to))}${out.slice(to)}`;
  return out;
}

/**
 * Escapes text for a place that Prometheus expands as a Go template (alerting-rule labels and annotations),
 * so `{{` and `}}` appear literally instead of starting an action.
 */
export function escapeTemplateText(text: string): string {
  return text.replace(/\{\{|\}\}/g, (m) => `{{ "${m}" }}`);
}

/** Every instant-vector selector of an expression (those inside range selectors too), in the order written. */
export function selectorsIn(expr: string): Selector[] {
  const found: Selector[] = [];
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.name === 'VectorSelector') {
      const sel = selectorFromNode(cursor.node, expr);
      if (typeof sel !== 'string') found.push(sel);
    }
  } while (cursor.next());
  return found;
}

/** Functions whose result has no labels or no series to speak of. */
const LABELLESS_FUNCTIONS = new Set(['Vector', 'Scalar', 'Time', 'Pi', 'Minute', 'Hour', 'DayOfWeek', 'DayOfMonth', 'DayOfYear', 'DaysInMonth', 'Month', 'Year']);
const SCALAR_NODES = new Set(['NumberDurationLiteral', 'StringLiteral']);

/**
 * The selector whose labels an expression's result keeps, as far as the expression shows: the left-hand
 * operand of a binary operation (the right-hand one when the left is a number), through parentheses,
 * unary minus, offsets, subqueries and functions that keep labels (`rate`, `abs`, `predict_linear`...).
 * For `absent()` the selector keeps only its equality matchers, the labels `absent()` returns.
 *
 * Aggregations keep the labels they group by (`grouping`); `topk` and its kind keep them all.
 *
 * @returns undefined when the result's labels cannot be read from the text (`vector()`, a number), and
 * `absent: true` when they come from `absent()`.
 */
export function resultSelector(expr: string): ResultSelector | undefined {
  if (findPromQLSyntaxError(expr)) return undefined;
  const top = parser.parse(expr).topNode.firstChild;
  return top ? resultOf(top, expr) : undefined;
}

/** The selector an expression's result comes from, and what aggregations keep of its labels. */
export interface ResultSelector extends Selector {
  /** True when the labels come from `absent()`. */
  readonly absent?: boolean;
  /** Aggregations the series go through, innermost first: `by` keeps only these labels, `without` drops them. */
  readonly grouping?: ReadonlyArray<{ readonly by: readonly string[] } | { readonly without: readonly string[] }>;
}

/** Aggregations that return some of their input series whole, labels included. */
const SELECTING_AGGREGATIONS = new Set(['Topk', 'Bottomk', 'LimitK', 'LimitRatio']);

function resultOf(node: SyntaxNode, text: string): ResultSelector | undefined {
  const exprChildren = (n: SyntaxNode) => {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (!c.type.isError) out.push(c);
    return out;
  };
  switch (node.name) {
    case 'VectorSelector': {
      const sel = selectorFromNode(node, text);
      return typeof sel === 'string' ? undefined : sel;
    }
    case 'MatrixSelector':
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'OffsetExpr':
    case 'SubqueryExpr':
    case 'StepInvariantExpr': {
      const inner = exprChildren(node).find((c) => !['UnaryOp', 'Offset', 'DurationExpr', 'NumberDurationLiteralInDurationContext', 'At', 'AtModifierPreprocessors'].includes(c.name));
      return inner ? resultOf(inner, text) : undefined;
    }
    case 'BinaryExpr': {
      const [lhs, , ...rest] = exprChildren(node);
      const rhs = rest[rest.length - 1];
      if (lhs && !SCALAR_NODES.has(lhs.name) && !isScalarParen(lhs)) return resultOf(lhs, text);
      return rhs ? resultOf(rhs, text) : undefined;
    }
    case 'FunctionCall': {
      const id = node.getChild('FunctionIdentifier')?.firstChild?.name ?? '';
      if (LABELLESS_FUNCTIONS.has(id)) return undefined;
      const body = node.getChild('FunctionCallBody');
      const first = body ? exprChildren(body).find((c) => !SCALAR_NODES.has(c.name)) : undefined;
      const inner = first ? resultOf(first, text) : undefined;
      if (!inner) return undefined;
      if (id === 'Absent' || id === 'AbsentOverTime') {
        // absent() returns the equality matchers of a plain selector, and no labels for anything else.
        const plain = first!.name === 'VectorSelector' || first!.name === 'MatrixSelector';
        return { metric: inner.metric, matchers: plain ? inner.matchers.filter((m) => m.op === '=') : [], absent: true };
      }
      return inner;
    }
    case 'AggregateExpr': {
      const body = node.getChild('FunctionCallBody');
      const args = body ? exprChildren(body).filter((c) => !SCALAR_NODES.has(c.name)) : [];
      const inner = args.length > 0 ? resultOf(args[args.length - 1], text) : undefined;
      if (!inner) return undefined;
      const op = node.getChild('AggregateOp')?.firstChild?.name ?? '';
      if (SELECTING_AGGREGATIONS.has(op)) return inner;
      const modifier = node.getChild('AggregateModifier');
      const labels = (modifier?.getChild('GroupingLabels')?.getChildren('LabelName') ?? []).map((l) => text.slice(l.from, l.to));
      const step = modifier?.getChild('Without') ? { without: labels } : { by: labels };
      return { ...inner, grouping: [...(inner.grouping ?? []), step] };
    }
    default:
      return undefined;
  }
}

function isScalarParen(node: SyntaxNode): boolean {
  if (node.name !== 'ParenExpr') return false;
  const inner = node.firstChild;
  return !!inner && (SCALAR_NODES.has(inner.name) || isScalarParen(inner));
}
