/**
 * What Argo Rollouts does with a Prometheus answer, for tests: there is no JavaScript build of expr-lang (the
 * Go expression language Argo Rollouts evaluates conditions with), so this follows its source for the part
 * the generated conditions use, and refuses anything else rather than guess.
 *
 * - `metricproviders/prometheus/prometheus.go`: a vector becomes `[]float64` (empty when the query returns
 *   nothing), a scalar a float.
 * - `utils/evaluate/evaluate.go` (`EvaluateResult`): an error evaluating a condition is phase Error; with
 *   only a success condition, not meeting it is Failed; with only a failure condition, not meeting it is
 *   Successful; with both, meeting neither is Inconclusive.
 * - expr-lang: `&&`, `||`, `!`, comparisons on floats (NaN compares false), `len()`, `isNaN()`, `isInf()`,
 *   and array indexing that fails out of range (Argo reports "index out of range": phase Error).
 * - `utils/template/template.go` (`ResolveArgs`): `{{args.name}}` is replaced by the arg's value; any other
 *   `{{...}}` is an error.
 */

/** A measurement phase. */
export type MeasurementPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

/** The conditions of an Argo Rollouts metric. */
export interface MetricConditions {
  readonly successCondition?: string;
  readonly failureCondition?: string;
}

/** The phase Argo Rollouts gives a measurement whose result is `result`. */
export function measurementPhase(metric: MetricConditions, result: number | number[]): MeasurementPhase {
  let success = false;
  let failure = false;
  try {
    if (metric.successCondition) success = evaluateCondition(metric.successCondition, result);
    if (metric.failureCondition) failure = evaluateCondition(metric.failureCondition, result);
  } catch (e) {
    if (e instanceof UnsupportedExpression) throw e;
    return 'Error';
  }
  if (metric.successCondition && !metric.failureCondition) failure = !success;
  if (!metric.successCondition && metric.failureCondition) success = !failure;
  if (!metric.successCondition && !metric.failureCondition) return 'Successful';
  if (failure) return 'Failed';
  if (!success) return 'Inconclusive';
  return 'Successful';
}

/** Argo Rollouts' arg substitution in a metric. */
export function resolveArgs(text: string, args: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{([^}]*)\}\}/g, (_, tag: string) => {
    const name = tag.trim();
    if (!name.startsWith('args.') || !(name.slice(5) in args)) throw new Error(`failed to resolve {{${tag}}}`);
    return args[name.slice(5)];
  });
}

/** An expression outside the subset this model follows: the test must not pass on a guess. */
export class UnsupportedExpression extends Error {}

type Value = number | boolean | number[] | ((...args: Value[]) => Value);

/** Evaluates a condition with `result` bound, as expr-lang would; throws on runtime errors. */
export function evaluateCondition(condition: string, result: number | number[]): boolean {
  const tokens = tokenize(condition);
  let pos = 0;
  const env: Record<string, Value> = {
    result,
    len: (v) => {
      if (!Array.isArray(v)) throw new Error('invalid argument for len');
      return v.length;
    },
    isNaN: (v) => Number.isNaN(asNumber(v)),
    isInf: (v) => !Number.isFinite(asNumber(v)) && !Number.isNaN(asNumber(v)),
  };
  const peek = () => tokens[pos];
  const take = (expected?: string) => {
    const t = tokens[pos++];
    if (expected !== undefined && t !== expected) throw new UnsupportedExpression(`expected ${expected} at token ${pos} of ${condition}`);
    return t;
  };
  const or = (): Value => {
    let left = and();
    while (peek() === '||') {
      take();
      if (asBool(left)) {
        skipOperand(['||', ')']);
        left = true;
      } else left = asBool(and());
    }
    return left;
  };
  const and = (): Value => {
    let left = not();
    while (peek() === '&&') {
      take();
      // expr-lang short-circuits like Go: the right side is not evaluated when the left is false.
      if (!asBool(left)) {
        skipOperand(['&&', '||', ')']);
        left = false;
      } else left = asBool(not());
    }
    return left;
  };
  const skipOperand = (stops: readonly string[]) => {
    let depth = 0;
    while (pos < tokens.length) {
      const t = peek();
      if (depth === 0 && stops.includes(t)) return;
      if (t === '(' || t === '[') depth++;
      if (t === ')' || t === ']') depth--;
      take();
    }
  };
  const not = (): Value => {
    if (peek() === '!') {
      take();
      return !asBool(not());
    }
    return compare();
  };
  const compare = (): Value => {
    const left = primary();
    const op = peek();
    if (!['==', '!=', '<=', '>=', '<', '>'].includes(op)) return left;
    take();
    const a = asNumber(left);
    const b = asNumber(primary());
    switch (op) {
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<=':
        return a <= b;
      case '>=':
        return a >= b;
      case '<':
        return a < b;
      default:
        return a > b;
    }
  };
  const primary = (): Value => {
    const t = take();
    let value: Value;
    if (t === '(') {
      value = or();
      take(')');
    } else if (/^-?\d+(\.\d+)?(e-?\d+)?$/.test(t)) value = Number(t);
    else if (t === 'true' || t === 'false') value = t === 'true';
    else if (t !== undefined && t in env) value = env[t];
    else throw new UnsupportedExpression(`unknown token ${JSON.stringify(t)} in ${condition}`);
    for (;;) {
      if (peek() === '(') {
        take();
        const args: Value[] = [];
        while (peek() !== ')') {
          args.push(or());
          if (peek() === ',') take();
        }
        take(')');
        if (typeof value !== 'function') throw new Error('not a function');
        value = value(...args);
      } else if (peek() === '[') {
        take();
        const index = asNumber(or());
        take(']');
        if (!Array.isArray(value)) throw new Error('cannot index a number');
        if (!Number.isInteger(index) || index < 0 || index >= value.length) throw new Error(`index out of range: ${index} (array length is ${value.length})`);
        value = value[index];
      } else return value;
    }
  };
  const out = or();
  if (pos !== tokens.length) throw new UnsupportedExpression(`unexpected ${JSON.stringify(peek())} in ${condition}`);
  if (typeof out !== 'boolean') throw new Error(`expected bool, but got ${typeof out}`);
  return out;
}

function tokenize(text: string): string[] {
  const tokens = text.match(/\s*(&&|\|\||==|!=|<=|>=|[<>!()[\],]|-?\d+(?:\.\d+)?(?:e-?\d+)?|[A-Za-z_]\w*|\S)/g) ?? [];
  return tokens.map((t) => t.trim());
}

function asNumber(v: Value): number {
  if (typeof v !== 'number') throw new Error(`not a number: ${JSON.stringify(v)}`);
  return v;
}

function asBool(v: Value): boolean {
  if (typeof v !== 'boolean') throw new Error(`not a bool: ${JSON.stringify(v)}`);
  return v;
}
