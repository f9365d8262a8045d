/**
 * What Flagger does with a MetricTemplate, for tests, following its source:
 *
 * - `pkg/metrics/observers/render.go`: the query is a Go text/template with `missingkey=error`, so a
 *   `{{ variables.name }}` the Canary does not set fails the render (and the check).
 * - `pkg/metrics/providers/prometheus.go` (`RunQuery`): the last sample of the answer is its value; an empty
 *   answer or NaN is "no values found".
 * - `pkg/controller/scheduler_metrics.go`: a failed query or render halts the canary; a value outside the
 *   Canary's `thresholdRange` (inclusive bounds) halts it too.
 */

/** Renders the template variables Flagger fills in from the Canary; anything else in braces is an error. */
export function renderFlaggerQuery(query: string, variables: Readonly<Record<string, string>>): string {
  return query.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const m = /^variables\.(\w+)$/.exec(expr);
    if (!m) throw new Error(`this model renders only {{ variables.x }}, not {{ ${expr} }}`);
    if (!(m[1] in variables)) throw new Error(`template execution failed: map has no entry for key "${m[1]}"`);
    return variables[m[1]];
  });
}

/** Whether a canary check passes, given the Prometheus answer's values and the Canary's threshold range. */
export function flaggerCheckPasses(values: readonly number[], range: { readonly min?: number; readonly max?: number }): boolean {
  const value = values[values.length - 1];
  if (value === undefined || Number.isNaN(value)) return false;
  if (range.min !== undefined && value < range.min) return false;
  if (range.max !== undefined && value > range.max) return false;
  return true;
}
