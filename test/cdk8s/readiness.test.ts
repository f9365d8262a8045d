import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { ReadinessPack } from 'sre-constructs';
import { Readiness } from 'sre-constructs/cdk8s';
import { DAY } from '../readiness/fixtures';

const pack = ReadinessPack.create({ name: 'workloads', rules: { 'SRE-ARC-004': true, 'SRE-ARC-006': true, 'SRE-CAP-003': true, 'SRE-CAP-004': true } });

/** A cdk8s-plus Deployment as users declare theirs; cdk8s-plus adds a default CPU and memory request and limit. */
function web(chart: Chart, replicas: number, probes: boolean) {
  return new kplus.Deployment(chart, 'web', {
    replicas,
    containers: [
      {
        image: 'nginx:1.27',
        portNumber: 8080,
        ...(probes ? { readiness: kplus.Probe.fromHttpGet('/ready'), liveness: kplus.Probe.fromHttpGet('/healthz') } : {}),
      },
    ],
  });
}

describe('Readiness (cdk8s)', () => {
  test('fails Testing.synth of a chart on an error-level finding about a cdk8s-plus workload', () => {
    const chart = Testing.chart();
    web(chart, 1, true);
    Readiness.of(chart).apply(pack, { asOf: DAY });
    expect(() => Testing.synth(chart)).toThrow(/SRE-ARC-004 Every workload runs more than one replica, or states why it cannot: Deployment test-web-c8[0-9a-f]+: it runs 1 replica, a single point of failure\./);
  });

  test('passes a chart whose only findings are warnings or acknowledged, and the report still has them', () => {
    const chart = Testing.chart();
    web(chart, 1, true);
    const readiness = Readiness.of(chart).apply(pack, { asOf: DAY, acknowledgements: [{ rule: 'SRE-ARC-004', reason: 'a cache warmer: losing it slows the first requests, nothing else' }] });
    expect(() => Testing.synth(chart)).not.toThrow();
    const report = readiness.report();
    expect(report.results.map((r) => [r.rule.id, r.status])).toEqual([['SRE-ARC-004', 'acknowledged'], ['SRE-ARC-006', 'pass'], ['SRE-CAP-003', 'fail'], ['SRE-CAP-004', 'pass']]);
    expect(report.passed).toBe(true);
  });

  test('reviews every chart of an app and fails app.synth() before anything is written', () => {
    const app = new App({ outdir: '/nonexistent' });
    const a = new Chart(app, 'a', { namespace: 'one' });
    const b = new Chart(app, 'b', { namespace: 'two' });
    web(a, 3, true);
    new kplus.Deployment(b, 'worker', { replicas: 2, containers: [{ image: 'worker:1', resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64) } } }] });
    const readiness = Readiness.of(app).apply(pack, { asOf: DAY });
    const report = readiness.report();
    expect(report.tree.objects).toBe(2);
    expect(report.errorMessages()).toEqual([
      expect.stringMatching(/^SRE-ARC-006 .*: Deployment two\/b-worker-c8[0-9a-f]+ \(container main\): it has no readiness and no liveness probe\./),
      expect.stringMatching(/^SRE-CAP-004 .*: Deployment two\/b-worker-c8[0-9a-f]+ \(container main\): it has no memory limit\./),
    ]);
    expect(() => app.synth()).toThrow(/Validation failed with the following errors:\n {2}\[\] SRE-ARC-006/);
  });

  test('a chart\'s review reads only that chart', () => {
    const app = Testing.app();
    const good = new Chart(app, 'good');
    const bad = new Chart(app, 'bad');
    web(good, 3, true);
    web(bad, 1, false);
    Readiness.of(good).apply(pack, { asOf: DAY });
    expect(() => Testing.synth(good)).not.toThrow();
    expect(Readiness.of(good).report().tree.objects).toBe(1);
  });
});
