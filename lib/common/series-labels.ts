import { parser } from '@prometheus-io/lezer-promql';
import { parseSelector } from './promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/**
 * What the series an expression returns carry in one label, as far as the expression alone tells:
 *
 * - `fixed`: every series carries the label with one of `values` (a selector matched it with `=`, or with a
 *   regular expression that is a plain list of names, and nothing on the way dropped it);
 * - `none`: no series carries it (an aggregation dropped it, `absent()` of a selector that did not fix it,
 *   `vector()`);
 * - `unknown`: anything else (a selector that does not match on it, a function that rewrites labels).
 */
export type ResultLabel = { readonly kind: 'fixed'; readonly values: readonly string[] } | { readonly kind: 'none' } | { readonly kind: 'unknown' };

const UNKNOWN: ResultLabel = { kind: 'unknown' };
const NONE: ResultLabel = { kind: 'none' };
const NO_LABELS = new Set(['vector', 'time', 'scalar', 'pi', 'day_of_week', 'day_of_month', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year']);
const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
const ABSENT = new Set(['absent', 'absent_over_time']);
const REWRITES = new Set(['label_replace', 'label_join']);
/** Aggregations that keep each input series' labels whatever their grouping. */
const KEEP_LABELS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
/** A regular expression that is a plain list of names (`a|b`), as DNS labels and most label values are. */
const NAME_LIST = /^[A-Za-z0-9_.-]+(\|[A-Za-z0-9_.-]+)*$/;

/**
 * Which values `label` can take on the series `expr` returns, read from its syntax tree: selectors, the
 * grouping of aggregations, `absent()`, and the label rules of binary operators (a one-to-one match keeps
 * the left side's labels, only the `on(...)` ones or all but the `ignoring(...)` ones; `group_right` keeps
 * the right side's; `and` and `unless` keep the left side). Alert routing uses it to tell which `namespace`
 * an alert of a rule it did not write will carry.
 */
export function resultLabel(expr: string, label: string): ResultLabel {
  const top = parser.parse(expr).topNode.firstChild;
  return top ? labelOf(top, expr, label) : UNKNOWN;
}

function labelOf(node: SyntaxNode, text: string, label: string): ResultLabel {
  switch (node.name) {
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'SubqueryExpr':
    case 'MatrixSelector':
      return inner(node, text, label);
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return NONE;
    case 'VectorSelector':
      return selectorLabel(text.slice(node.from, node.to), label, false);
    case 'AggregateExpr':
      return aggregateLabel(node, text, label);
    case 'FunctionCall':
      return functionLabel(node, text, label);
    case 'BinaryExpr':
      return binaryLabel(node, text, label);
    default:
      return UNKNOWN;
  }
}

function isExpression(node: SyntaxNode): boolean {
  return /Expr$|Selector$|Literal$|^FunctionCall$/.test(node.name);
}

function inner(node: SyntaxNode, text: string, label: string): ResultLabel {
  for (let c = node.firstChild; c; c = c.nextSibling) if (isExpression(c)) return labelOf(c, text, label);
  return UNKNOWN;
}

/** The label on the series a selector returns (or, for `absent()`, on the one series it makes up). */
function selectorLabel(selector: string, label: string, absent: boolean): ResultLabel {
  const parsed = parseSelector(selector);
  if (typeof parsed === 'string') return UNKNOWN;
  const matchers = parsed.matchers.filter((m) => m.name === label);
  const equal = matchers.find((m) => m.op === '=');
  if (equal) return equal.value === '' ? NONE : { kind: 'fixed', values: [equal.value] };
  // absent() copies only equality matchers onto the series it returns.
  if (absent) return NONE;
  const list = matchers.find((m) => m.op === '=~' && NAME_LIST.test(m.value));
  return list ? { kind: 'fixed', values: [...new Set(list.value.split('|'))].sort() } : UNKNOWN;
}

function grouping(clause: SyntaxNode | null, text: string): string[] {
  const labels: string[] = [];
  for (let c = clause?.getChild('GroupingLabels')?.firstChild ?? null; c; c = c.nextSibling) {
    if (c.name === 'LabelName') labels.push(text.slice(c.from, c.to));
  }
  return labels;
}

function aggregateLabel(node: SyntaxNode, text: string, label: string): ResultLabel {
  const op = text.slice(node.getChild('AggregateOp')!.from, node.getChild('AggregateOp')!.to).toLowerCase();
  const body = node.getChild('FunctionCallBody');
  const args: SyntaxNode[] = [];
  for (let c = body?.firstChild ?? null; c; c = c.nextSibling) if (isExpression(c)) args.push(c);
  const vector = args[args.length - 1];
  if (!vector) return UNKNOWN;
  const from = labelOf(vector, text, label);
  if (KEEP_LABELS.has(op)) return from;
  if (op === 'count_values') return UNKNOWN;
  const modifier = node.getChild('AggregateModifier');
  if (!modifier) return NONE;
  const labels = grouping(modifier, text);
  const kept = modifier.getChild('By') ? labels.includes(label) : !labels.includes(label);
  return kept ? from : NONE;
}

function functionLabel(node: SyntaxNode, text: string, label: string): ResultLabel {
  const id = node.getChild('FunctionIdentifier')!;
  const name = text.slice(id.from, id.to);
  if (NO_LABELS.has(name)) return NONE;
  const args: SyntaxNode[] = [];
  for (let c = node.getChild('FunctionCallBody')?.firstChild ?? null; c; c = c.nextSibling) if (isExpression(c)) args.push(c);
  if (ABSENT.has(name)) {
    const arg = args[0];
    const selector = arg?.name === 'MatrixSelector' ? arg.getChild('VectorSelector') : arg;
    return selector?.name === 'VectorSelector' ? selectorLabel(text.slice(selector.from, selector.to), label, true) : NONE;
  }
  if (REWRITES.has(name)) return UNKNOWN;
  // Every other function returns one series per series of its (first) vector argument, with its labels.
  const vector = args.find((a) => a.name !== 'NumberDurationLiteral' && a.name !== 'StringLiteral');
  return vector ? labelOf(vector, text, label) : NONE;
}

function binaryLabel(node: SyntaxNode, text: string, label: string): ResultLabel {
  const operands: SyntaxNode[] = [];
  let operator = '';
  let matching: SyntaxNode | null = null;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'BoolModifier') continue;
    if (c.name === 'MatchingModifierClause') {
      matching = c;
      continue;
    }
    if (operands.length === 1 && !operator && !isExpression(c)) {
      operator = c.name;
      continue;
    }
    operands.push(c);
  }
  const [leftNode, rightNode] = operands;
  if (!leftNode || !rightNode) return UNKNOWN;
  const left = labelOf(leftNode, text, label);
  const right = labelOf(rightNode, text, label);
  if (operator === 'And' || operator === 'Unless') return left;
  if (operator === 'Or') return union(left, right);
  const leftScalar = isScalar(leftNode, text);
  const rightScalar = isScalar(rightNode, text);
  if (leftScalar && rightScalar) return NONE;
  if (leftScalar) return right;
  if (rightScalar) return left;
  if (matching?.getChild('GroupRight')) return right;
  if (matching?.getChild('GroupLeft')) return left;
  if (matching?.getChild('On')) return grouping(matching, text).includes(label) ? left : NONE;
  if (matching?.getChild('Ignoring')) return grouping(matching, text).includes(label) ? NONE : left;
  return left;
}

function isScalar(node: SyntaxNode, text: string): boolean {
  if (node.name === 'NumberDurationLiteral') return true;
  if (node.name === 'FunctionCall') {
    const id = node.getChild('FunctionIdentifier')!;
    return SCALAR_FUNCTIONS.has(text.slice(id.from, id.to));
  }
  if (node.name === 'ParenExpr' || node.name === 'UnaryExpr') {
    for (let c = node.firstChild; c; c = c.nextSibling) if (isExpression(c)) return isScalar(c, text);
  }
  return false;
}

function union(a: ResultLabel, b: ResultLabel): ResultLabel {
  if (a.kind === 'fixed' && b.kind === 'fixed') return { kind: 'fixed', values: [...new Set([...a.values, ...b.values])].sort() };
  if (a.kind === 'none' && b.kind === 'none') return NONE;
  return UNKNOWN;
}
