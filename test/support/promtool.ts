import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleFile, toYaml } from 'sre-constructs';

/**
 * The real Prometheus tools, run on rule files this library renders. Tests fail (never skip) when
 * promtool is missing: `.ci/run` installs it.
 */
export function promtoolVersion(): string {
  try {
    return execFileSync('promtool', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    throw new Error('promtool is not installed: run .ci/run, or apt-get install prometheus');
  }
}

interface ToolResult {
  readonly ok: boolean;
  readonly output: string;
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sre-constructs-promtool-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(args: string[], cwd: string): ToolResult {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** `promtool check rules` on a rule file (lint included). */
export function checkRules(file: RuleFile): ToolResult {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'rules.yaml'), toYaml(file));
    return run(['check', 'rules', 'rules.yaml'], dir);
  });
}

/** One input series of a `promtool test rules` test, in promtool's expanding notation. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/**
 * `promtool test rules` with the given test groups (each `{ interval, input_series, alert_rule_test, promql_expr_test }`).
 * Several rule files (say, ours and Sloth's) are loaded side by side.
 */
export function testRules(files: RuleFile | readonly RuleFile[], tests: readonly object[], evaluationInterval = '1m'): ToolResult {
  const list: readonly RuleFile[] = Array.isArray(files) ? (files as readonly RuleFile[]) : [files as RuleFile];
  return withTempDir((dir) => {
    const names = list.map((file, i) => {
      writeFileSync(join(dir, `rules-${i}.yaml`), toYaml(file));
      return `rules-${i}.yaml`;
    });
    // Groups run in file order (recordings before the alerts that read them), as they would if
    // Prometheus evaluated them one after another; concurrent groups in production may add up to
    // one evaluation interval.
    const group_eval_order = list.flatMap((file) => file.groups.map((g) => g.name));
    writeFileSync(join(dir, 'test.yaml'), toYaml({ rule_files: names, evaluation_interval: evaluationInterval, group_eval_order, tests }));
    return run(['test', 'rules', 'test.yaml'], dir);
  });
}

/** A query to evaluate at a time (minutes from the start of the series). */
export interface Probe {
  readonly expr: string;
  readonly atMinute: number;
}

/**
 * Evaluates PromQL over the series and the rules with promtool's own engine, and returns each probe's
 * value: a number, NaN, or undefined when the result is empty. Each probe must return at most one series.
 *
 * promtool reports what a query actually returned when it differs from the expectation, so every probe
 * expects an impossible value and the report is read back.
 * `interval` is both the spacing of the input samples and the rules' evaluation interval (an hour keeps weeks of
 * history fast).
 */
export function evaluate(file: RuleFile | readonly RuleFile[], series: readonly InputSeries[], probes: readonly Probe[], interval = '1m'): Array<number | undefined> {
  const SENTINEL = -123456.789;
  const tagged = probes.map((p, i) => ({
    // A PromQL comment makes every probe's text unique, so its report can be found.
    expr: `${p.expr}\n# probe ${i}`,
    eval_time: `${p.atMinute}m`,
    exp_samples: [{ labels: '{}', value: SENTINEL }],
  }));
  const result = testRules(file, [{ interval, input_series: series, promql_expr_test: tagged }], interval);
  const values: Array<number | undefined> = probes.map(() => SENTINEL);
  const report = /expr: ".*# probe (\d+)", time: [^\n]*\n\s*exp: [^\n]*\n\s*got: ([^\n]*)/g;
  let found = 0;
  for (const m of result.output.matchAll(report)) {
    found++;
    const got = m[2].trim();
    if (got === 'nil' || got === '') {
      values[Number(m[1])] = undefined;
      continue;
    }
    if (got.startsWith('[') && got.includes('} ') && got.indexOf('} ') !== got.lastIndexOf('} ')) {
      throw new Error(`probe ${m[1]} (${probes[Number(m[1])].expr}) returned several series: ${got}`);
    }
    const value = got.slice(got.lastIndexOf(' ') + 1).replace(/]$/, '');
    values[Number(m[1])] = value === 'NaN' ? NaN : value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value);
  }
  if (found === 0 && !result.ok) {
    throw new Error(`promtool could not evaluate the probes:\n${result.output}`);
  }
  return values;
}

/** A counter's values, one per minute, in phases of steady increase. */
export interface CounterPhase {
  /** Length of the phase in minutes. */
  readonly minutes: number;
  /** Increase per minute during the phase. */
  readonly perMinute: number;
}

/** promtool expanding notation for a counter that increases by phase: one sample a minute from minute 0. */
export function counter(phases: readonly CounterPhase[]): string {
  const parts: string[] = [];
  let value = 0;
  let first = true;
  for (const phase of phases) {
    // Each sample is the previous one plus this phase's increase; the very first sample is 0.
    const start = first ? 0 : value + phase.perMinute;
    const count = first ? phase.minutes + 1 : phase.minutes;
    if (count <= 0) continue;
    parts.push(`${round(start)}+${round(phase.perMinute)}x${count - 1}`);
    value = start + phase.perMinute * (count - 1);
    first = false;
  }
  return parts.join(' ');
}

function round(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** Seconds since the start of the series, for comparing with `timestamp()` results. */
export function minutes(n: number): number {
  return n * 60;
}

/** An alert as promtool rendered it: its labels and annotations, templates expanded. */
export interface RenderedAlert {
  readonly labels: string;
  readonly annotations: string;
}

/**
 * The alerts called `alertname` firing at `atMinute`, with their labels and annotations as promtool's own
 * template engine expanded them (read back from the report of a test that expects none).
 */
export function firedAlerts(file: RuleFile, series: readonly InputSeries[], alertname: string, atMinute: number): RenderedAlert[] {
  const result = testRules(file, [{ interval: '1m', input_series: series, alert_rule_test: [{ eval_time: `${atMinute}m`, alertname, exp_alerts: [] }] }]);
  if (result.ok) return [];
  const alerts = [...result.output.matchAll(/Labels:(\{.*\})\n\s*Annotations:(\{.*\})/g)].map((m) => ({ labels: m[1], annotations: m[2] }));
  if (alerts.length === 0) throw new Error(`promtool failed without rendering alerts:\n${result.output}`);
  return alerts;
}
