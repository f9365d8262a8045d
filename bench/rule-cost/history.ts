import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { join } from 'node:path';
import type { Form } from './forms';
import { SOURCE_METRIC, sloName } from './forms';

/**
 * The benchmark's history: K source counters per SLO (pods × status codes), scraped every `scrapeSeconds`,
 * and the recorded series each form's rules read from the past, every `evalSeconds`. Counters are
 * functions of time, so the backfilled samples and what the live exporter serves afterwards join up.
 */
export interface History {
  readonly slos: number;
  readonly seriesPerSlo: number;
  /** First sample (Unix seconds), aligned to 2 hours like TSDB blocks. */
  readonly start: number;
  /** Last sample (Unix seconds, exclusive). */
  readonly end: number;
  readonly scrapeSeconds: number;
  readonly evalSeconds: number;
  /** Labels Prometheus attaches to what it scrapes from the exporter (job, instance). */
  readonly targetLabels: Readonly<Record<string, string>>;
}

const TWO_HOURS = 7200;

/** Requests per second of one pod: 10, with 0.05% to 0.5% of them failing depending on the SLO. */
export function podRates(slo: number): { ok: number; bad: number } {
  const share = 0.0005 * (1 + (slo % 10));
  return { ok: 10 * (1 - share), bad: 10 * share };
}

/** Bad and all requests per second of SLO i (K/2 pods). */
export function sloRates(seriesPerSlo: number): (i: number) => { errors: number; total: number } {
  return (i) => {
    const pods = seriesPerSlo / 2;
    const r = podRates(i);
    return { errors: pods * r.bad, total: pods * (r.ok + r.bad) };
  };
}

/** Source series of SLO i: one per pod and status code. */
function sourceSeries(h: History, i: number): Array<{ labels: string; perSecond: number }> {
  const slo = sloName(i);
  const r = podRates(i);
  const target = Object.entries(h.targetLabels).map(([k, v]) => `${k}="${v}"`).join(',');
  return Array.from({ length: h.seriesPerSlo }, (_, s) => {
    const pod = `p${String(s >> 1).padStart(4, '0')}`;
    const bad = s % 2 === 1;
    return { labels: `slo="${slo}",pod="${pod}",code="${bad ? '500' : '200'}"${target ? `,${target}` : ''}`, perSecond: bad ? r.bad : r.ok };
  });
}

/** A counter's value at time t: it started at 0 at `start`. */
function counterAt(h: History, perSecond: number, t: number): number {
  return Math.round(perSecond * (t - h.start) * 1000) / 1000;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
}

/**
 * Writes the history into `dataDir` with `promtool tsdb create-blocks-from openmetrics`, one file and
 * one call per 2-hour block (promtool reads its whole input once per block, so slices keep the work
 * linear), reporting progress.
 */
export function backfillHistory(h: History, forms: readonly Form[], dataDir: string, progress: (done: number, total: number) => void): void {
  const slices = Math.ceil((h.end - h.start) / TWO_HOURS);
  const sources = Array.from({ length: h.slos }, (_, i) => sourceSeries(h, i)).flat();
  const recorded = forms.flatMap((f) => f.history);
  for (let k = 0; k < slices; k++) {
    const from = h.start + k * TWO_HOURS;
    const to = Math.min(h.end, from + TWO_HOURS);
    const file = join(dataDir, '..', `slice-${k}.om`);
    const fd = openSync(file, 'w');
    let buffer = '';
    const write = (text: string) => {
      buffer += text;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    };
    try {
      write(`# TYPE ${SOURCE_METRIC.replace(/_total$/, '')} counter\n`);
      for (const s of sources) {
        for (let t = from; t < to; t += h.scrapeSeconds) write(`${SOURCE_METRIC}{${s.labels}} ${counterAt(h, s.perSecond, t)} ${t}\n`);
      }
      const byMetric = new Map<string, typeof recorded>();
      for (const r of recorded) byMetric.set(r.metric, [...(byMetric.get(r.metric) ?? []), r]);
      for (const [metric, series] of byMetric) {
        write(`# TYPE ${metric} gauge\n`);
        for (const s of series) {
          const labels = labelText(s.labels);
          for (let t = from; t < to; t += h.evalSeconds) write(`${metric}{${labels}} ${s.value} ${t}\n`);
        }
      }
      write('# EOF\n');
      writeSync(fd, buffer);
    } finally {
      closeSync(fd);
    }
    try {
      execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, dataDir], { stdio: 'pipe' });
    } finally {
      rmSync(file, { force: true });
    }
    progress(k + 1, slices);
  }
}

/** Serves the source counters as they stand now, for Prometheus to scrape after the backfill. */
export async function startExporter(h: History, port: number): Promise<Server> {
  const sources = Array.from({ length: h.slos }, (_, i) => sourceSeries({ ...h, targetLabels: {} }, i)).flat();
  const server = createServer((_req, res) => {
    const now = Date.now() / 1000;
    const body = [`# TYPE ${SOURCE_METRIC} counter`, ...sources.map((s) => `${SOURCE_METRIC}{${s.labels}} ${counterAt(h, s.perSecond, now)}`)].join('\n');
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`${body}\n`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
