import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** A stretch of steady traffic on the wall clock: `rps` requests a second from `from` until `to`, a share `errorRatio` failing. */
export interface TimedPhase {
  /** Start, in milliseconds since the epoch. */
  readonly from: number;
  /** End, in milliseconds since the epoch; the last phase goes on for ever. */
  readonly to: number;
  /** Requests per second. */
  readonly rps: number;
  /** Share of requests that fail with a 5xx. */
  readonly errorRatio: number;
}

/** Requests counted between two instants. */
export interface Counts {
  readonly total: number;
  readonly bad: number;
}

/**
 * The request counters of one service as a function of wall-clock time, so one definition gives the history
 * to backfill, the values a live scrape target serves now, and the budget computed by hand.
 */
export class TrafficTimeline {
  constructor(
    /** Value of the `service` label. */
    public readonly service: string,
    /** Phases in time order, without gaps. */
    public readonly phases: readonly TimedPhase[],
  ) {}

  /** Requests from the start of the first phase until `t`. */
  public countsAt(t: number): Counts {
    let total = 0;
    let bad = 0;
    this.phases.forEach((p, i) => {
      const end = i === this.phases.length - 1 ? t : Math.min(t, p.to);
      const seconds = Math.max(0, end - p.from) / 1000;
      total += p.rps * seconds;
      bad += p.rps * p.errorRatio * seconds;
    });
    return { total, bad };
  }

  /** Requests in (from, to]. */
  public between(from: number, to: number): Counts {
    const a = this.countsAt(from);
    const b = this.countsAt(to);
    return { total: b.total - a.total, bad: b.bad - a.bad };
  }

  /** The counters as OpenMetrics samples (without the TYPE line), one a minute from `from` to `to`. */
  public openMetricsSamples(from: number, to: number, labels: Readonly<Record<string, string>>): string[] {
    const lines: string[] = [];
    for (let t = from; t <= to; t += 60_000) {
      const c = this.countsAt(t);
      lines.push(`http_requests_total{${labelText({ ...labels, service: this.service, code: '200' })}} ${c.total - c.bad} ${t / 1000}`);
      lines.push(`http_requests_total{${labelText({ ...labels, service: this.service, code: '500' })}} ${c.bad} ${t / 1000}`);
    }
    return lines;
  }

  /** The counters now, in the Prometheus text format. */
  public exposition(t: number): string[] {
    const c = this.countsAt(t);
    return [
      `http_requests_total{${labelText({ service: this.service, code: '200' })}} ${c.total - c.bad}`,
      `http_requests_total{${labelText({ service: this.service, code: '500' })}} ${c.bad}`,
    ];
  }
}

/** A scrape target on loopback serving the timelines' counters at the moment of each scrape. */
export async function serveTimelines(timelines: readonly TrafficTimeline[]): Promise<{ readonly address: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const now = Date.now();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(['# TYPE http_requests_total counter', ...timelines.flatMap((t) => t.exposition(now)), ''].join('\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
}
