import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { RecordingRule, RuleFile, RuleGroup, metricNamesIn, toYaml } from 'sre-constructs';
import { startPrometheus } from './servers';

/**
 * Gives recording rules a past, so rules that read recorded series from the past (an SLO period summing
 * 5-minute rates over 7 days, or adding up daily tiles with `offset`) see a whole window the moment a live
 * server starts: live rules only ever see what they recorded themselves since the server started.
 *
 * Only the series some rule reads over a range or at an offset (and, in turn, the recorded series those
 * rules read) are backfilled, with `promtool tsdb create-blocks-from rules` against a Prometheus serving `storage`.
 * promtool asks the server for each rule's history, so a rule that reads another recorded series needs that
 * series' blocks loaded first: the rules go in levels, with the server restarted between levels.
 *
 * Returns the recorded metric names it backfilled, level by level.
 */
export async function backfillRecordingRules(
  storage: string,
  files: readonly RuleFile[],
  range: HistoryRange,
): Promise<string[][]> {
  const groups = files.flatMap((f) => f.groups);
  const recordings = groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => 'record' in r).map((rule) => ({ group: g, rule })));
  const recorded = new Set(recordings.map((r) => r.rule.record));
  const needed = new Set(groups.flatMap((g) => g.rules.flatMap((r) => namesReadFromThePast(r.expr))).filter((n) => recorded.has(n)));
  for (const name of needed) {
    for (const r of recordings.filter((x) => x.rule.record === name)) for (const dep of metricNamesIn(r.rule.expr)) if (recorded.has(dep)) needed.add(dep);
  }
  const level = new Map<string, number>();
  const levelOf = (name: string, seen: readonly string[] = []): number => {
    if (seen.includes(name)) throw new Error(`recording rules read each other in a loop: ${[...seen, name].join(' -> ')}`);
    if (!level.has(name)) {
      const deps = recordings.filter((x) => x.rule.record === name).flatMap((x) => metricNamesIn(x.rule.expr)).filter((d) => needed.has(d) && d !== name);
      level.set(name, 1 + Math.max(0, ...deps.map((d) => levelOf(d, [...seen, name]))));
    }
    return level.get(name)!;
  };
  const levels: string[][] = [];
  for (const name of needed) (levels[levelOf(name) - 1] ??= []).push(name);
  // One rule file path for every level: Prometheus offsets a group's evaluations by a hash of its name and
  // file, so every level lands on the same grid and a rule reads the samples of the level below at its own
  // timestamps, not up to an interval before (which would add up, level after level, into minutes of lag).
  const work = mkdtempSync(join(tmpdir(), 'sre-constructs-rule-history-'));
  try {
    for (const names of levels) {
      const file: RuleFile = {
        groups: groups
          .map((g): RuleGroup => ({ ...g, rules: g.rules.filter((r) => 'record' in r && names.includes(r.record)) }))
          .filter((g) => g.rules.length > 0),
      };
      await backfillLevel(storage, work, file, range);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return levels.map((names) => [...names].sort());
}

/** The stretch of time to backfill. */
export interface HistoryRange {
  readonly start: Date;
  readonly end: Date;
  /** Evaluation interval of groups that set none. Default 60s. */
  readonly evalInterval?: string;
  /** Longest block promtool may write, a Go duration such as "192h" (it writes one block per rule and span). Default 2h. */
  readonly maxBlockDuration?: string;
}

async function backfillLevel(storage: string, work: string, file: RuleFile, range: HistoryRange): Promise<void> {
  const blocks = join(work, 'blocks');
  const server = await startPrometheus({ storage });
  try {
    writeFileSync(join(work, 'rules.yaml'), toYaml(file));
    const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));
    execFileSync(
      'promtool',
      [
        'tsdb',
        'create-blocks-from',
        ...(range.maxBlockDuration ? [`--max-block-duration=${range.maxBlockDuration}`] : []),
        'rules',
        `--url=${server.url}`,
        `--start=${seconds(range.start)}`,
        `--end=${seconds(range.end)}`,
        `--eval-interval=${range.evalInterval ?? '60s'}`,
        `--output-dir=${blocks}`,
        '--quiet',
        join(work, 'rules.yaml'),
      ],
      { stdio: 'pipe' },
    );
  } finally {
    await server.stop();
  }
  // Blocks join the storage once the server is down; the next server loads them at start.
  for (const block of readdirSync(blocks)) renameSync(join(blocks, block), join(storage, block));
  rmSync(blocks, { recursive: true, force: true });
}

/** Metric names an expression reads from the past: through a range selector, a subquery or an offset. */
export function namesReadFromThePast(expr: string): string[] {
  const found = new Set<string>();
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.name === 'MatrixSelector' || cursor.name === 'SubqueryExpr' || cursor.name === 'OffsetExpr') {
      for (const name of metricNamesIn(expr.slice(cursor.from, cursor.to))) found.add(name);
    }
  } while (cursor.next());
  return [...found].sort();
}
