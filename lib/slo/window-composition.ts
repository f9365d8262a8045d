import { parser } from '@prometheus-io/lezer-promql';
import { Duration, compareDurations } from '../common/duration';
import { withWindow } from '../common/promql';

/**
 * How a series over a window follows from the same series over consecutive, non-overlapping shorter
 * windows ("tiles") that cover it exactly:
 *
 * - `mean`: the window's value is the mean of the tiles' values. Per-second rates (`rate`) compose this
 *   way: n tiles of S seconds hold n·S seconds of events, so events per second over W = n·S is the mean of
 *   the tiles' events per second.
 * - `sum`: the window's value is the sum of the tiles' values. Increases (`increase`) compose this way.
 *
 * Only functions that extrapolate to the edges of their range compose exactly, in Prometheus 2 and 3
 * alike. Functions that count or add up samples (`count_over_time`, `sum_over_time`, `avg_over_time`,
 * subqueries) do not: Prometheus 2 takes samples from both ends of a range, so consecutive windows would
 * share a sample each (Prometheus 3 takes the range open at its start).
 */
export type WindowComposition = 'mean' | 'sum';

/** True for `'mean'` and `'sum'`, false for a sentence saying why a query does not compose. */
export function isWindowComposition(value: WindowComposition | string): value is WindowComposition {
  return value === 'mean' || value === 'sum';
}

const MEAN_FUNCTIONS = new Set(['rate']);
const SUM_FUNCTIONS = new Set(['increase']);
const SAMPLE_FUNCTIONS = new Set(['count_over_time', 'sum_over_time', 'avg_over_time']);

/** A window length no one writes, put in for `{{.window}}` to find where the placeholder sits. */
const PROBE_WINDOW = '987654321ms';

/**
 * How a query template with `{{.window}}` placeholders composes over tiles, or a sentence saying why
 * it does not.
 *
 * Every placeholder must be the range of `rate` (all of them) or of `increase` (all of them); the rest of
 * the query is taken to add up or subtract those terms, as an event count does. Sample counts, `irate`,
 * `max_over_time`, quantiles and the like have no exact composition, and neither has a placeholder used as
 * an offset or a subquery step.
 */
export function templateComposition(template: string): WindowComposition | string {
  const expr = withWindow(template, PROBE_WINDOW);
  const kinds = new Set<WindowComposition>();
  const functions = new Set<string>();
  let problem: string | undefined;
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.name !== 'DurationExpr' || expr.slice(cursor.from, cursor.to) !== PROBE_WINDOW) continue;
    let node = cursor.node.parent;
    if (!node || (node.name !== 'MatrixSelector' && node.name !== 'SubqueryExpr')) {
      problem = 'uses {{.window}} somewhere other than the range of a range vector';
      break;
    }
    if (node.parent?.name === 'OffsetExpr') node = node.parent;
    const call = node.parent?.name === 'FunctionCallBody' ? node.parent.parent : null;
    const name = call?.name === 'FunctionCall' ? expr.slice(call.getChild('FunctionIdentifier')!.from, call.getChild('FunctionIdentifier')!.to) : undefined;
    if (name && MEAN_FUNCTIONS.has(name)) kinds.add('mean');
    else if (name && SUM_FUNCTIONS.has(name)) kinds.add('sum');
    else {
      problem = !name
        ? 'has a windowed range outside a range-vector function'
        : SAMPLE_FUNCTIONS.has(name)
          ? `reads its window with ${name}(), which counts samples from both ends of a range in Prometheus 2, so consecutive windows would share one`
          : `reads its window with ${name}(), which does not add up over consecutive windows`;
      break;
    }
    functions.add(name);
  } while (cursor.next());
  if (problem) return problem;
  if (kinds.size === 0) return 'has no {{.window}} range';
  if (kinds.size > 1) return `mixes per-second functions and counts (${[...functions].sort().join(', ')}) over its window`;
  return [...kinds][0];
}

/** A window added up from a shorter recorded window. */
export interface WindowTiles {
  /** The shorter window whose series are added up. */
  readonly window: Duration;
  /** How many consecutive ones cover the longer window. */
  readonly count: number;
}

/** The most tiles one rule adds up; longer chains read better as a chain of windows. */
export const MAX_TILES = 30;

/**
 * The recorded window to add up for `window`: of the `recorded` windows shorter than it that divide it
 * exactly, the one that needs the fewest tiles (at most {@link MAX_TILES}). Undefined when none does.
 */
export function chooseTiles(window: Duration, recorded: readonly Duration[]): WindowTiles | undefined {
  const ms = window.toMilliseconds();
  let best: WindowTiles | undefined;
  for (const candidate of recorded) {
    const c = candidate.toMilliseconds();
    if (compareDurations(candidate, window) >= 0 || ms % c !== 0) continue;
    const count = ms / c;
    if (count <= MAX_TILES && (!best || count < best.count)) best = { window: candidate, count };
  }
  return best;
}
