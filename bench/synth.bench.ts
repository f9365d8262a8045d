import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Chart } from 'cdk8s';
import { Duration, Objective, Sli, SloServiceProps } from 'sre-constructs';
import { SloService } from 'sre-constructs/cdk8s';
import { stringify } from 'yaml';

/**
 * `npm run bench`: synthesizes N services x 3 SLOs through cdk8s (N = 100 and 1000) and compares with
 * serializing the very same manifests with the yaml library alone. The last line is JSON for the
 * largest N. Target: ratio under 2, time growing linearly with N.
 */
function service(i: number): SloServiceProps {
  const name = `service-${i}`;
  const histogram = `http_request_duration_seconds_bucket{service="${name}"}`;
  return {
    service: name,
    labels: { team: `team-${i % 17}` },
    // The benchmark measures synthesis; a paging alert without a runbook would fail it.
    alerting: { acknowledgeNoRunbook: 'benchmark: nobody is paged' },
    slos: [
      { name: 'availability', sli: Sli.availability({ requests: `http_requests_total{service="${name}"}` }), objective: Objective.percent(99.9) },
      { name: 'latency-p99', sli: Sli.latency({ histogram, threshold: Duration.millis(500) }), objective: Objective.percent(99) },
      { name: 'latency-p90', sli: Sli.latency({ histogram, threshold: Duration.millis(250) }), objective: Objective.percent(90), alerting: false },
    ],
  };
}

interface Run {
  readonly slos: number;
  readonly synthMs: number;
  readonly serializeMs: number;
}

function once(n: number): Run {
  const outdir = mkdtempSync(join(tmpdir(), 'sre-constructs-bench-'));
  try {
    const specs = Array.from({ length: n }, (_, i) => service(i));
    const start = performance.now();
    const app = new App({ outdir });
    const chart = new Chart(app, 'bench');
    for (const spec of specs) new SloService(chart, spec.service, spec);
    app.synth();
    const synthMs = performance.now() - start;

    // The same objects, serialized the way cdk8s writes them, with nothing else.
    const manifests = chart.toJson();
    const t = performance.now();
    manifests.map((m) => stringify(m)).join('---\n');
    const serializeMs = performance.now() - t;
    return { slos: n * 3, synthMs, serializeMs };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(runs: Run[]): Run {
  const by = (k: keyof Run) => [...runs].sort((a, b) => a[k] - b[k])[Math.floor(runs.length / 2)][k];
  return { slos: runs[0].slos, synthMs: by('synthMs'), serializeMs: by('serializeMs') };
}

function main(): void {
  once(10); // warm up the JIT
  const results = [100, 1000].map((n) => median(Array.from({ length: n >= 1000 ? 3 : 5 }, () => once(n))));
  for (const r of results) {
    console.log(`${r.slos} SLOs: synth ${r.synthMs.toFixed(0)} ms, yaml alone ${r.serializeMs.toFixed(0)} ms, ratio ${(r.synthMs / r.serializeMs).toFixed(2)}`);
  }
  const [small, large] = results;
  console.log(`growth: 10x the SLOs took ${(large.synthMs / small.synthMs).toFixed(1)}x the time`);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    JSON.stringify({
      slos: large.slos,
      synthMs: Math.round(large.synthMs),
      serializeMs: Math.round(large.serializeMs),
      ratio: Number((large.synthMs / large.serializeMs).toFixed(2)),
      peakRssMb,
    }),
  );
}

main();
