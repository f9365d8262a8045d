import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RuleFile, toYaml } from 'sre-constructs';
import { RunningServer, freePort, startPrometheus } from '../../test/support/servers';
import { Form, FormName, forms } from './forms';
import { History, backfillHistory, sloRates, startExporter } from './history';

/**
 * `npm run bench:rules [-- --slos 20 --series 1000 --days 3 --scrape 15 --eval 30 --cycles 5]`
 *
 * Rule evaluation cost of three forms of the same N SLOs on Debian's real Prometheus, over a backfilled
 * history of K source series per SLO:
 *
 * - samples touched per evaluation cycle: every rule's expression queried at the end of the history with
 *   `stats=all` (`totalQueryableSamples`), summed; deterministic for given arguments;
 * - wall time per cycle: the sum of `prometheus_rule_group_last_duration_seconds` over the form's groups,
 *   median of several cycles, each form loaded alone (a reload) in the same server;
 * - series created by recording rules, per SLO.
 *
 * The last line is the JSON the issue asks for; the forms are (a) ours with windows added up from recorded
 * series, (b) ours reading every window from the source, (c) Sloth's form.
 */
interface Options {
  slos: number;
  series: number;
  days: number;
  scrape: number;
  eval: number;
  cycles: number;
}

function options(argv: readonly string[]): Options {
  const o: Options = { slos: 20, series: 1000, days: 3, scrape: 15, eval: 30, cycles: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(key in o) || !Number.isFinite(value) || value <= 0) throw new Error(`unknown option or value: ${argv[i]} ${argv[i + 1] ?? ''}`);
    o[key] = value;
  }
  if (o.series % 2 !== 0) throw new Error('--series must be even: each pod has a 200 and a 500 series');
  return o;
}

const log = (text: string) => process.stderr.write(`${text}\n`);

interface Measured {
  readonly form: Form;
  readonly samples: number;
  readonly cycleMs: number;
  readonly cyclesMs: number[];
  readonly seriesPerSlo: number;
  readonly groups: number;
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const exporterPort = await freePort();
  const end = Math.floor(Date.now() / 1000 / o.eval) * o.eval;
  const history: History = {
    slos: o.slos,
    seriesPerSlo: o.series,
    start: Math.floor((end - o.days * 86400 - 600) / 7200) * 7200,
    end,
    scrapeSeconds: o.scrape,
    evalSeconds: o.eval,
    targetLabels: { instance: `127.0.0.1:${exporterPort}`, job: 'test' },
  };
  const all = forms(o.slos, sloRates(o.series));
  log(`history: ${o.slos} SLOs x ${o.series} series, ${((end - history.start) / 86400).toFixed(2)} days at ${o.scrape}s, recorded series at ${o.eval}s`);

  const t0 = performance.now();
  const exporter = await startExporter(history, exporterPort);
  let prometheus: RunningServer | undefined;
  try {
    prometheus = await startPrometheus({
      // An empty rules-0.yaml, so each form's rules can be swapped in with a reload.
      rules: [{ groups: [] }],
      interval: `${o.scrape}s`,
      evaluationInterval: `${o.eval}s`,
      targets: [`127.0.0.1:${exporterPort}`],
      flags: ['--web.enable-lifecycle', '--query.max-samples=500000000', '--query.timeout=10m'],
      prepare: (dataDir) =>
        backfillHistory(history, all, dataDir, (done, total) => {
          if (done === total || done % 6 === 0) log(`backfill: ${done}/${total} blocks, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        }),
    });
    log(`prometheus ready at ${prometheus.url} after ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const measured: Measured[] = [];
    for (const form of all) {
      const samples = await samplesTouched(prometheus.url, form.file, end);
      log(`${form.name}: ${samples} samples touched per cycle`);
      const cyclesMs = await cycleTimes(prometheus, form, o.cycles, o.eval);
      // Recorded series only: ALERTS carry the same labels.
      const seriesPerSlo = (await instant(prometheus.url, `count(${form.selector.replace('{', '{__name__!~"ALERTS.*", ')})`)) / o.slos;
      measured.push({ form, samples, cycleMs: median(cyclesMs), cyclesMs, seriesPerSlo, groups: form.file.groups.length / o.slos });
      log(`${form.name}: ${cyclesMs.map((c) => c.toFixed(1)).join(', ')} ms per cycle, ${seriesPerSlo} series per SLO`);
    }
    report(o, measured);
  } finally {
    await prometheus?.stop();
    await new Promise((resolve) => exporter.close(resolve));
  }
}

/** Sum over every rule of the form of the samples its expression touches, evaluated at `time`. */
async function samplesTouched(url: string, file: RuleFile, time: number): Promise<number> {
  let total = 0;
  for (const rule of file.groups.flatMap((g) => g.rules)) {
    const body = new URLSearchParams({ query: rule.expr, time: String(time), stats: 'all' });
    const r = await fetch(`${url}/api/v1/query`, { method: 'POST', body, signal: AbortSignal.timeout(600_000) });
    const json = (await r.json()) as { status: string; error?: string; data?: { stats?: { samples?: { totalQueryableSamples?: number } } } };
    const n = json.data?.stats?.samples?.totalQueryableSamples;
    if (json.status !== 'success' || n === undefined) throw new Error(`query failed (${json.error ?? 'no stats'}): ${rule.expr}`);
    total += n;
  }
  return total;
}

async function instant(url: string, expr: string): Promise<number> {
  const r = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  const json = (await r.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(json.data.result[0]?.value[1] ?? 0);
}

/**
 * Loads only this form's rules (a reload), waits for `cycles` fresh evaluations of all its groups after a
 * first one, and returns each cycle's total rule-group time in milliseconds.
 */
async function cycleTimes(prometheus: RunningServer, form: Form, cycles: number, evalSeconds: number): Promise<number[]> {
  writeFileSync(join(prometheus.dir, 'rules-0.yaml'), toYaml(form.file));
  const reload = await fetch(`${prometheus.url}/-/reload`, { method: 'POST' });
  if (!reload.ok) throw new Error(`reload failed: ${await reload.text()}`);
  const names = new Set(form.file.groups.map((g) => g.name));
  const out: number[] = [];
  let last = 0;
  const deadline = Date.now() + (cycles + 3) * evalSeconds * 1000 * 20;
  while (out.length < cycles + 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const groups = await groupMetrics(prometheus.url, names);
    if (groups.length < names.size) continue;
    const newest = Math.min(...groups.map((g) => g.lastEvaluation));
    if (newest <= last) continue;
    // Every group has evaluated since the last reading: one cycle.
    last = Math.max(...groups.map((g) => g.lastEvaluation));
    out.push(groups.reduce((sum, g) => sum + g.durationSeconds * 1000, 0));
  }
  if (out.length < cycles + 1) throw new Error(`${form.name}: only ${out.length} cycles before the deadline`);
  // The first cycle after a reload starts cold; keep the rest.
  return out.slice(1);
}

async function groupMetrics(url: string, names: ReadonlySet<string>): Promise<Array<{ durationSeconds: number; lastEvaluation: number }>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (metric: string) => {
    const found = new Map<string, number>();
    for (const m of text.matchAll(new RegExp(`^${metric}\\{rule_group="[^"]*;([^"]*)"\\} (\\S+)$`, 'gm'))) {
      if (names.has(m[1])) found.set(m[1], Number(m[2]));
    }
    return found;
  };
  const durations = read('prometheus_rule_group_last_duration_seconds');
  const evaluations = read('prometheus_rule_group_last_evaluation_timestamp_seconds');
  return [...names].filter((n) => durations.has(n) && (evaluations.get(n) ?? 0) > 0).map((n) => ({ durationSeconds: durations.get(n)!, lastEvaluation: evaluations.get(n)! }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function report(o: Options, measured: readonly Measured[]): void {
  const by = (name: FormName) => measured.find((m) => m.form.name === name)!;
  const rows = measured.map((m) => `| ${m.form.title} | ${m.samples.toLocaleString('en-US')} | ${m.cycleMs.toFixed(1)} ms | ${m.seriesPerSlo} | ${m.groups} |`);
  log(['', '| form | samples touched per cycle | wall time per cycle (median) | series per SLO | groups per SLO |', '|---|---|---|---|---|', ...rows, ''].join('\n'));
  const ours = by('recorded');
  const sloth = by('sloth');
  const round = (n: number) => Number(n.toFixed(n < 1 ? 4 : 1));
  console.log(
    JSON.stringify({
      slos: o.slos,
      seriesPerSlo: o.series,
      oursSamples: ours.samples,
      slothSamples: sloth.samples,
      ratio: round(ours.samples / sloth.samples),
      oursMs: round(ours.cycleMs),
      slothMs: round(sloth.cycleMs),
    }),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
