import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** What an expression returns, as far as the chaos engines care: one series, possibly several, or a scalar. */
export type ResultShape = 'single' | 'many' | 'scalar' | 'range';

/** Aggregations that fold every series into one when they have no grouping (`topk`, `count_values` keep several). */
const FOLDING = new Set(['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'quantile', 'group']);
/** Functions that keep one output series per input series, so one series in means one series out. */
const ELEMENTWISE = new Set([
  'abs', 'ceil', 'floor', 'round', 'clamp', 'clamp_min', 'clamp_max', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn',
  'label_replace', 'label_join', 'timestamp', 'sort', 'sort_desc',
]);
const ALWAYS_SINGLE = new Set(['absent', 'absent_over_time', 'vector']);
const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
const SET_KEEPS_LEFT = new Set(['And', 'Unless']);

/**
 * The shape of what a PromQL expression returns, worked out from its syntax tree: `single` only when the
 * expression is certain to return at most one series (an aggregation without grouping, `histogram_quantile`
 * over an aggregation `by (le)`, arithmetic between such parts). Anything else that returns a vector is
 * `many`, even when the data would happen to hold one series.
 */
export function resultShape(expr: string): ResultShape {
  const top = parser.parse(expr).topNode.firstChild;
  return top ? shapeOf(top, expr) : 'many';
}

function shapeOf(node: SyntaxNode, text: string): ResultShape {
  switch (node.name) {
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
      return shapeOf(lastExpression(node), text);
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return 'scalar';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'range';
    case 'VectorSelector':
      return 'many';
    case 'AggregateExpr':
      return aggregateShape(node, text);
    case 'FunctionCall':
      return functionShape(node, text);
    case 'BinaryExpr':
      return binaryShape(node, text);
    default:
      return 'many';
  }
}

/** The expression child of a wrapper node (the last child that is not punctuation or a modifier). */
function lastExpression(node: SyntaxNode): SyntaxNode {
  let found: SyntaxNode | null = null;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (!['UnaryOp', 'Offset', 'OffsetDurationExpr', 'At', 'AtModifierPreprocessors', 'NumberDurationLiteralInDurationContext'].includes(c.name) && !found) found = c;
  }
  return found ?? node;
}

function aggregateShape(node: SyntaxNode, text: string): ResultShape {
  const op = node.getChild('AggregateOp')?.firstChild?.name.toLowerCase() ?? '';
  const modifier = node.getChild('AggregateModifier');
  const grouped = modifier ? !(modifier.getChild('By') && groupingLabels(modifier, text).length === 0) : false;
  return FOLDING.has(op) && !grouped ? 'single' : 'many';
}

function groupingLabels(modifier: SyntaxNode, text: string): string[] {
  const labels: string[] = [];
  const grouping = modifier.getChild('GroupingLabels');
  for (let c = grouping?.firstChild ?? null; c; c = c.nextSibling) {
    if (c.name === 'LabelName') labels.push(text.slice(c.from, c.to));
  }
  return labels;
}

function args(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.getChild('FunctionCallBody')?.firstChild ?? null; c; c = c.nextSibling) out.push(c);
  return out;
}

function functionShape(node: SyntaxNode, text: string): ResultShape {
  const name = text.slice(node.getChild('FunctionIdentifier')!.from, node.getChild('FunctionIdentifier')!.to);
  if (SCALAR_FUNCTIONS.has(name)) return 'scalar';
  if (ALWAYS_SINGLE.has(name)) return 'single';
  const vectors = args(node).filter((a) => shapeOf(a, text) !== 'scalar');
  if (name === 'histogram_quantile') {
    // The quantile drops `le`: an aggregation by (le) alone, or one already single, leaves one series.
    const inner = vectors[0];
    if (!inner) return 'many';
    if (inner.name === 'AggregateExpr') {
      const modifier = inner.getChild('AggregateModifier');
      const labels = modifier?.getChild('By') ? groupingLabels(modifier, text) : undefined;
      if (labels && labels.every((l) => l === 'le')) return 'single';
    }
    return shapeOf(inner, text) === 'single' ? 'single' : 'many';
  }
  if (ELEMENTWISE.has(name) && vectors.length === 1) return shapeOf(vectors[0], text) === 'single' ? 'single' : 'many';
  return 'many';
}

function binaryShape(node: SyntaxNode, text: string): ResultShape {
  const operands: SyntaxNode[] = [];
  let operator = '';
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (['BoolModifier', 'MatchingModifierClause'].includes(c.name)) continue;
    if (operands.length === 1 && !operator && !isExpression(c)) {
      operator = c.name;
      continue;
    }
    operands.push(c);
  }
  const [left, right] = operands.map((o) => shapeOf(o, text));
  if (SET_KEEPS_LEFT.has(operator)) return left === 'single' ? 'single' : 'many';
  if (operator === 'Or') return 'many';
  if (left === 'scalar' && right === 'scalar') return 'scalar';
  if (left === 'range' || right === 'range') return 'range';
  return [left, right].every((s) => s === 'single' || s === 'scalar') ? 'single' : 'many';
}

function isExpression(node: SyntaxNode): boolean {
  return /Expr$|Selector$|Literal$|^FunctionCall$/.test(node.name);
}

/**
 * The first `… or vector(…)` in an expression, which turns missing data into a value: a chaos condition
 * must fail when its data is missing, never read a default.
 */
export function findNoDataDefault(expr: string): string | undefined {
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.name !== 'BinaryExpr') continue;
    const node = cursor.node;
    let sawOr = false;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Or') sawOr = true;
      else if (sawOr && isExpression(c)) {
        const inner = c.name === 'ParenExpr' ? lastExpression(c) : c;
        const fn = inner.name === 'FunctionCall' ? inner.getChild('FunctionIdentifier') : null;
        if (fn && expr.slice(fn.from, fn.to) === 'vector') return expr.slice(node.from, node.to);
        break;
      }
    }
  } while (cursor.next());
  return undefined;
}
