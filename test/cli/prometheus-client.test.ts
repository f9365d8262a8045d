import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Duration } from 'sre-constructs';
import { PrometheusClient, PrometheusError } from '../../lib/cli/prometheus-client';
import { UsageError } from '../../lib/cli/io';
import { RunningServer, freePort, startPrometheus } from '../support/servers';

/** A real Prometheus with two hours of backfilled history, shared by the file. */
let prometheus: RunningServer;
const now = Math.floor(Date.now() / 1000 / 60) * 60;
const start = now - 2 * 3600;

beforeAll(async () => {
  const lines = ['# TYPE demo_total counter'];
  for (let t = start; t <= now - 600; t += 60) {
    lines.push(`demo_total{code="200"} ${(t - start) * 10} ${t}`);
    lines.push(`demo_total{code="500"} ${t - start} ${t}`);
  }
  prometheus = await startPrometheus({ openMetrics: `${lines.join('\n')}\n` });
});

afterAll(async () => {
  await prometheus?.stop();
});

test('reads an instant vector from the backfilled history', async () => {
  const client = PrometheusClient.create(prometheus.url);
  const samples = await client.query('sum by (code) (rate(demo_total[10m]))', new Date((now - 1200) * 1000));
  expect(samples.map((s) => [s.labels.code, s.value])).toEqual([
    ['200', 10],
    ['500', 1],
  ]);
});

test('joins a range query fetched in chunks, in time order, reporting progress', async () => {
  const client = PrometheusClient.create(prometheus.url);
  const progress: number[] = [];
  const series = await client.queryRange('demo_total{code="500"}', new Date(start * 1000), new Date((now - 600) * 1000), Duration.minutes(1), {
    maxPointsPerRequest: 7,
    onProgress: (d) => progress.push(d),
  });
  expect(series).toHaveLength(1);
  const times = series[0].samples.map(([t]) => t);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(new Set(times).size).toBe(times.length);
  expect(times.length).toBe((now - 600 - start) / 60 + 1);
  expect(progress.length).toBeGreaterThan(10);
  expect(progress[progress.length - 1]).toBe(1);
});

test('a query Prometheus refuses is one clear sentence naming the server and the query', async () => {
  const client = PrometheusClient.create(prometheus.url);
  await expect(client.query('sum(rate(demo_total))')).rejects.toThrow(new RegExp(`^Prometheus at ${prometheus.url} refused the query \\(bad_data: .*\\): sum\\(rate\\(demo_total\\)\\)$`));
});

test('an unreachable server and a silent one are errors with the reason', async () => {
  const closed = PrometheusClient.create(`http://127.0.0.1:${await freePort()}`);
  await expect(closed.query('up')).rejects.toThrow(/^cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  const silent: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const slow = PrometheusClient.create(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, Duration.millis(300));
    await expect(slow.query('up')).rejects.toThrow(PrometheusError);
    await expect(slow.query('up')).rejects.toThrow(/did not answer within 300 milliseconds$/);
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
});

test('a URL that is not one is a usage error', () => {
  for (const url of ['prometheus:9090', 'ftp://x', 'http://x/?q=1', '']) {
    expect(() => PrometheusClient.create(url)).toThrow(UsageError);
  }
});

test('the server is stopped by its PID', async () => {
  const other = await startPrometheus();
  const pid = other.pid;
  expect(() => process.kill(pid, 0)).not.toThrow();
  await other.stop();
  expect(() => process.kill(pid, 0)).toThrow();
});
