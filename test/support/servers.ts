import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleFile, toYaml } from 'sre-constructs';

/**
 * Debian's real Prometheus and Alertmanager, started on a loopback port for a test and stopped by their
 * PID. Tests fail (never skip) when a binary is missing: `.ci/run` installs them.
 */

/** A running server. */
export interface RunningServer {
  /** Base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Process id. */
  readonly pid: number;
  /** Its working folder (configuration and storage). */
  readonly dir: string;
  /** Stops the process by its PID and removes its folder. */
  stop(): Promise<void>;
}

/** A free loopback port (asked of the kernel, then released for the server to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function requireBinary(name: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is not installed: run .ci/run, or apt-get install ${pkg}`);
  }
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the server at ${url} was not ready within ${timeoutMs} ms:\n${log()}`);
}

async function start(command: string, args: (port: number, dir: string) => string[], dir: string): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(command, args(port, dir), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, () => stderr);
  const pid = child.pid!;
  return {
    url,
    pid,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a test Prometheus starts with. */
export interface PrometheusOptions {
  /** Rule files it evaluates. */
  readonly rules?: readonly RuleFile[];
  /** Scrape targets (`host:port`), scraped every `scrapeInterval` at `/metrics`. */
  readonly targets?: readonly string[];
  /** Global scrape and evaluation interval. Default 15s. */
  readonly interval?: string;
  /** Global evaluation interval, when it differs from `interval`. */
  readonly evaluationInterval?: string;
  /** OpenMetrics text backfilled into blocks before the server starts (`promtool tsdb create-blocks-from openmetrics`); end it with `# EOF`. */
  readonly openMetrics?: string;
  /**
   * Longest block the backfill writes (promtool's hidden `--max-block-duration`). promtool cuts 2-hour blocks by
   * default, about a thousand for 90 days of history, which takes minutes to write; `2400h` (a Go duration: no days)
   * writes a handful.
   */
  readonly maxBlockDuration?: string;
  /** Extra command-line flags. */
  readonly flags?: readonly string[];
  /** Fills the TSDB folder before the server starts, for histories too large for `openMetrics` (a benchmark's). */
  readonly prepare?: (dataDir: string) => void | Promise<void>;
  /** An existing TSDB folder to serve, kept when the server stops (for history built in several passes). Default: a new, empty one. */
  readonly storage?: string;
}

/**
 * Starts Debian's Prometheus on a free loopback port with the given rules, targets and backfilled history.
 * Retention is long enough for backfilled years; out-of-order samples are not needed.
 */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningServer> {
  requireBinary('prometheus', 'prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'sre-constructs-prometheus-'));
  const data = options.storage ?? join(dir, 'data');
  if (options.storage === undefined) mkdirSync(data);
  const ruleFiles = (options.rules ?? []).map((file, i) => {
    writeFileSync(join(dir, `rules-${i}.yaml`), toYaml(file));
    return `rules-${i}.yaml`;
  });
  const interval = options.interval ?? '15s';
  const config = {
    global: { scrape_interval: interval, evaluation_interval: options.evaluationInterval ?? interval },
    rule_files: ruleFiles,
    scrape_configs: options.targets?.length ? [{ job_name: 'test', static_configs: [{ targets: [...options.targets] }] }] : [],
  };
  writeFileSync(join(dir, 'prometheus.yml'), toYaml(config));
  if (options.openMetrics !== undefined) backfill(options.openMetrics, data, options.maxBlockDuration);
  if (options.prepare) await options.prepare(data);
  return start(
    'prometheus',
    (port) => [
      '--config.file=prometheus.yml',
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=5y',
      '--web.enable-admin-api',
      ...(options.flags ?? []),
    ],
    dir,
  );
}

/**
 * Writes OpenMetrics text into TSDB blocks in `dataDir` with promtool. Blocks span 2 hours unless
 * `maxBlockDuration` (a Go duration such as "192h") allows longer ones: days of history load much faster in a few.
 */
export function backfill(openMetrics: string, dataDir: string, maxBlockDuration?: string): void {
  const file = join(dataDir, '..', `backfill-${process.pid}-${Date.now()}.om`);
  writeFileSync(file, openMetrics.endsWith('# EOF\n') ? openMetrics : `${openMetrics.replace(/\n?$/, '\n')}# EOF\n`);
  try {
    const blocks = maxBlockDuration ? [`--max-block-duration=${maxBlockDuration}`] : [];
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', ...blocks, file, dataDir], { stdio: 'pipe' });
  } finally {
    rmSync(file, { force: true });
  }
}

/** Starts Debian's Alertmanager on a free loopback port with a configuration (YAML text), gossip off. */
export async function startAlertmanager(configYaml: string): Promise<RunningServer> {
  requireBinary('prometheus-alertmanager', 'prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'sre-constructs-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), configYaml);
  return start(
    'prometheus-alertmanager',
    (port) => ['--config.file=alertmanager.yml', `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    dir,
  );
}
