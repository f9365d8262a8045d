import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { RuleFile, SloServiceDefinition } from 'sre-constructs';
import { LoadSloSpecsOptions, loadSloSpecs } from '../../lib/import/load';
import { InputSeries, Probe, counter, evaluate } from './promtool';
import { upstreamPath } from './schema';
import { firingProbes } from './traffic';

/** Sloth's own files, copied into test/fixtures/upstream/peers/slo/sloth. */
export function slothPath(relative: string): string {
  return upstreamPath('peers', 'slo', 'sloth', relative);
}

/**
 * Sloth's generated output as a rule file: plain `groups:` files, PrometheusRule documents (their specs
 * joined), and the integration tests' `.tpl` files with the version filled in.
 */
export function slothOutput(relative: string): RuleFile {
  const text = readFileSync(slothPath(relative), 'utf8').replace(/\{\{ *\.version *\}\}/g, 'dev');
  const docs = parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d);
  const groups = docs.flatMap((d: { kind?: string; spec?: RuleFile; groups?: RuleFile['groups'] }) => (d.kind === 'PrometheusRule' ? d.spec!.groups : d.groups!));
  return { groups };
}

/** Our rules for a Sloth spec, imported and rendered. */
export function ourRules(relative: string, options: LoadSloSpecsOptions = {}): { file: RuleFile; definitions: SloServiceDefinition[] } {
  const text = readFileSync(slothPath(relative), 'utf8');
  const definitions = loadSloSpecs(text, { file: relative, onWarning: () => undefined, ...options }).map((l) => SloServiceDefinition.create(l.props, l.path));
  return { file: { groups: definitions.flatMap((d) => d.ruleGroups()) }, definitions };
}

/** Reads a YAML file from Sloth's tree as text (for AlertWindows). */
export function slothText(relative: string): string {
  return readFileSync(slothPath(relative), 'utf8');
}

/** A stretch of traffic with a share of bad events. */
export interface Phase {
  readonly minutes: number;
  /** Share of bad events (0 to 1). */
  readonly errorRatio: number;
  /**
   * Requests a minute, for the request-counting drivers.
   * @default 600
   */
  readonly requestsPerMinute?: number;
}

/** Synthetic series that make an example's SLI queries see the given error ratios. */
export type Driver = (phases: readonly Phase[]) => InputSeries[];

/** `http_request_duration_seconds_count{job, code}` at 10 requests a second (Sloth's getting-started and integration tests). */
export const httpCountDriver: Driver = (phases) => {
  const rpm = (p: Phase) => p.requestsPerMinute ?? 600;
  return [
    { series: 'http_request_duration_seconds_count{job="myservice", code="200"}', values: counter(phases.map((p) => ({ minutes: p.minutes, perMinute: rpm(p) * (1 - p.errorRatio) }))) },
    { series: 'http_request_duration_seconds_count{job="myservice", code="500"}', values: counter(phases.map((p) => ({ minutes: p.minutes, perMinute: rpm(p) * p.errorRatio }))) },
  ];
};

/** Kubernetes API server requests and latency buckets: a bad request is a 5xx and slower than 0.4s. */
export const apiserverDriver: Driver = (phases) => {
  const rpm = 600;
  const c = (share: (p: Phase) => number) => counter(phases.map((p) => ({ minutes: p.minutes, perMinute: rpm * share(p) })));
  return [
    { series: 'apiserver_request_total{code="200", verb="GET"}', values: c((p) => 1 - p.errorRatio) },
    { series: 'apiserver_request_total{code="500", verb="GET"}', values: c((p) => p.errorRatio) },
    { series: 'apiserver_request_duration_seconds_count{verb="GET"}', values: c(() => 1) },
    { series: 'apiserver_request_duration_seconds_bucket{verb="GET", le="0.4"}', values: c((p) => 1 - p.errorRatio) },
    { series: 'apiserver_request_duration_seconds_bucket{verb="GET", le="5"}', values: c((p) => 1 - p.errorRatio / 2) },
    { series: 'apiserver_request_duration_seconds_bucket{verb="GET", le="+Inf"}', values: c(() => 1) },
  ];
};

/**
 * Unifi wifi clients' satisfaction gauges (Sloth's home-wifi examples): a bad client reads 0, a good one
 * 1. Fractions of a client are spread over minutes (0.8 bad clients: one client bad 4 minutes in 5), so
 * any error ratio can be had from few series. Few series matter: promtool's test engine refuses queries
 * over 10,000 samples, and these SLIs count every client at every minute of a 3-day subquery.
 */
export function wifiDriver(clients = 10): Driver {
  return (phases) => {
    const perMinute: number[] = [];
    let carried = 0;
    phases.forEach((p, i) => {
      const x = p.errorRatio * clients;
      for (let m = i === 0 ? 0 : 1; m <= p.minutes; m++) {
        const before = Math.floor(carried + 1e-9);
        carried += x;
        perMinute.push(Math.floor(carried + 1e-9) - before);
      }
    });
    return Array.from({ length: clients }, (_, c) => ({
      series: `unifipoller_client_satisfaction_ratio{client="c${String(c).padStart(2, '0')}"}`,
      values: runs(perMinute.map((bad) => (c < bad ? 0 : 1))),
    }));
  };
}

/** promtool notation for a list of values, runs of equal values collapsed. */
function runs(values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[i]) j++;
    parts.push(j === i ? String(values[i]) : `${values[i]}x${j - i}`);
    i = j + 1;
  }
  return parts.join(' ');
}

/** A traffic scenario in burn rates of a reference error budget. */
export interface Scenario {
  readonly name: string;
  /** Each phase's burn rate (bad share / budget); `Infinity` is a total outage. */
  readonly phases: ReadonlyArray<{ readonly minutes: number; readonly burn: number }>;
}

/**
 * Burns just under and over each threshold, never on it: at exactly 1x, 3x or 6x the outcome hangs on
 * floating-point rounding (Sloth writes the 99.9% budget as 0.0009999999999999432).
 */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'a total outage, then recovery', phases: [{ minutes: 30, burn: 0 }, { minutes: 20, burn: Infinity }, { minutes: 100, burn: 0 }] },
  { name: 'a short sharp spike', phases: [{ minutes: 30, burn: 0 }, { minutes: 2, burn: Infinity }, { minutes: 60, burn: 0 }] },
  // A steady burn from the first sample: every window already holds that ratio, so two hours show it all.
  { name: 'a sustained burn just under 1x', phases: [{ minutes: 120, burn: 0.8 }] },
  { name: 'a sustained burn just over 1x', phases: [{ minutes: 120, burn: 1.2 }] },
  { name: 'a sustained 3x burn', phases: [{ minutes: 30, burn: 0 }, { minutes: 300, burn: 3.4 }] },
  { name: 'a sustained 6x burn', phases: [{ minutes: 30, burn: 0 }, { minutes: 360, burn: 6.6 }] },
  { name: 'recovery from a 6x burn', phases: [{ minutes: 120, burn: 6.6 }, { minutes: 120, burn: 0 }] },
];

/** When an alert tier fired, in minutes from the start; undefined when it never did. */
export interface Firing {
  readonly first?: number;
  readonly last?: number;
}

/** One SLO's page and ticket alerts, ours and Sloth's, over one scenario. */
export interface AlertComparison {
  readonly slo: string;
  readonly tier: 'page' | 'ticket';
  readonly ours: Firing;
  readonly sloth: Firing;
}

/**
 * Runs our rules and Sloth's side by side in one promtool evaluation (their series never mix: ours carry
 * `service`/`slo`, Sloth's `sloth_service`/`sloth_slo`) and reads back when each page and ticket alert
 * fired.
 */
export function compareAlerts(
  ours: RuleFile,
  sloth: RuleFile,
  slos: ReadonlyArray<{ readonly service: string; readonly slo: string }>,
  driver: Driver,
  budget: number,
  scenario: Scenario,
): AlertComparison[] {
  const phases = scenario.phases.map((p) => ({ minutes: p.minutes, errorRatio: p.burn === Infinity ? 1 : Math.min(1, p.burn * budget) }));
  const until = phases.reduce((n, p) => n + p.minutes, 0);
  const cases = slos.flatMap(({ service, slo }) =>
    (['page', 'ticket'] as const).map((tier) => ({
      slo: `${service}/${slo}`,
      tier,
      ours: `{service="${service}", slo="${slo}", sloth_severity="${tier}"}`,
      sloth: `{sloth_service="${service}", sloth_slo="${slo}", sloth_severity="${tier}"}`,
    })),
  );
  const probes: Probe[] = cases.flatMap((c) => [...firingProbes(c.ours, until), ...firingProbes(c.sloth, until)]);
  const v = evaluate([ours, sloth], driver(phases), probes);
  return cases.map((c, i) => ({
    slo: c.slo,
    tier: c.tier,
    ours: { first: v[4 * i], last: v[4 * i + 1] },
    sloth: { first: v[4 * i + 2], last: v[4 * i + 3] },
  }));
}

/** Differences between our recorded error ratios and Sloth's, at the given minutes (0 when they agree). */
export function compareRatios(
  ours: RuleFile,
  sloth: RuleFile,
  slo: { readonly service: string; readonly slo: string },
  driver: Driver,
  phases: readonly Phase[],
  windows: readonly string[],
  minutes: readonly number[],
): Array<{ window: string; minute: number; ours?: number; sloth?: number }> {
  const probes: Probe[] = windows.flatMap((w) =>
    minutes.flatMap((atMinute) => [
      { expr: `max(slo:sli_error:ratio_rate${w}{service="${slo.service}", slo="${slo.slo}"})`, atMinute },
      { expr: `max(slo:sli_error:ratio_rate${w}{sloth_service="${slo.service}", sloth_slo="${slo.slo}"})`, atMinute },
    ]),
  );
  const v = evaluate([ours, sloth], driver(phases), probes);
  return windows.flatMap((window, wi) => minutes.map((minute, mi) => ({ window, minute, ours: v[2 * (wi * minutes.length + mi)], sloth: v[2 * (wi * minutes.length + mi) + 1] })));
}

/** The SLOs Sloth alerts on in its output, as service/slo pairs. */
export function slothAlertedSlos(file: RuleFile): Array<{ service: string; slo: string }> {
  const seen = new Map<string, { service: string; slo: string }>();
  for (const rule of file.groups.flatMap((g) => g.rules)) {
    if (!('alert' in rule)) continue;
    const m = /sloth_service="([^"]+)", sloth_slo="([^"]+)"/.exec(rule.expr);
    if (m) seen.set(`${m[1]}/${m[2]}`, { service: m[1], slo: m[2] });
  }
  return [...seen.values()];
}

/**
 * Checks Sloth parity for one scenario: each tier fires in both or in neither, and where it fires, ours
 * starts and stops within one evaluation interval (a minute) of Sloth's. Ours carry `for: 1m` where
 * Sloth's have none, so ours start one evaluation later and stop at the same time.
 */
export function parityProblems(comparisons: readonly AlertComparison[]): string[] {
  const problems: string[] = [];
  for (const c of comparisons) {
    const name = `${c.slo} ${c.tier}`;
    if ((c.ours.first === undefined) !== (c.sloth.first === undefined)) {
      problems.push(`${name}: ours ${c.ours.first === undefined ? 'never fired' : `fired at ${c.ours.first}m`}, Sloth's ${c.sloth.first === undefined ? 'never fired' : `fired at ${c.sloth.first}m`}`);
      continue;
    }
    if (c.ours.first === undefined) continue;
    if (Math.abs(c.ours.first - c.sloth.first!) > 1) problems.push(`${name}: ours fired at ${c.ours.first}m, Sloth's at ${c.sloth.first}m`);
    if (Math.abs(c.ours.last! - c.sloth.last!) > 1) problems.push(`${name}: ours last fired at ${c.ours.last}m, Sloth's at ${c.sloth.last}m`);
  }
  return problems;
}

/** One of Sloth's examples, with the traffic that drives its SLIs. */
export interface SlothExampleCase {
  readonly spec: string;
  readonly output: string;
  readonly driver: Driver;
  /** Error budget the scenarios' burn rates refer to. */
  readonly budget: number;
  /** An SLO that must page in a total outage, so the comparison cannot pass by nobody firing. */
  readonly mustPage: string;
  /**
   * Run only every `of`-th scenario from `index` (0-based), so a slow example can be split over test files that
   * jest runs side by side; part 0 also compares the recorded ratios.
   * @default - every scenario
   */
  readonly part?: { readonly index: number; readonly of: number };
}

/**
 * Sloth's example, imported, run by promtool next to the rules Sloth generated for it (examples/_gen) on
 * every scenario: page and ticket alerts must fire and clear within a minute of Sloth's, and the recorded
 * error ratios must match.
 */
export function describeSlothExampleParity({ spec, output, driver, budget, mustPage, part = { index: 0, of: 1 } }: SlothExampleCase): void {
  const scenarios = SCENARIOS.filter((_, i) => i % part.of === part.index);
  describe(`Sloth ${spec}${part.of > 1 ? ` (part ${part.index + 1} of ${part.of})` : ''}`, () => {
    const sloth = slothOutput(output);
    const ours = ourRules(spec).file;
    const slos = slothAlertedSlos(sloth);

    test.each(scenarios)("$name: our page and ticket alerts fire and clear within a minute of Sloth's", (scenario) => {
      const comparisons = compareAlerts(ours, sloth, slos, driver, budget, scenario);
      expect(comparisons.length).toBe(slos.length * 2);
      expect(parityProblems(comparisons)).toEqual([]);
      if (scenario.name.startsWith('a total outage')) {
        expect(comparisons.find((c) => c.slo === mustPage && c.tier === 'page')?.ours.first).toBeDefined();
      }
    });

    if (part.index === 0) test('records the same error ratios as Sloth over every alert window while there is traffic', () => {
      const phases = [{ minutes: 30, errorRatio: 0 }, { minutes: 30, errorRatio: budget * 10 }, { minutes: 60, errorRatio: budget }];
      for (const { service, slo } of slos) {
        const rows = compareRatios(ours, sloth, { service, slo }, driver, phases, ['5m', '30m', '1h', '2h', '6h'], [20, 45, 70, 110]);
        const off = rows.filter((r) => r.ours === undefined || r.sloth === undefined || Math.abs(r.ours - r.sloth) > 1e-9 * Math.max(1, Math.abs(r.sloth)));
        expect(off).toEqual([]);
      }
    });
  });
}

/** Sloth's home-wifi example: subquery SLIs over ten duty-cycled clients, the slowest to run, so split over two files. */
export function homeWifiCase(part: { readonly index: number; readonly of: number }): SlothExampleCase {
  return { spec: 'examples/home-wifi.yml', output: 'examples/_gen/home-wifi.yml', driver: wifiDriver(), budget: 0.05, mustPage: 'home-wifi/good-wifi-client-satisfaction', part };
}
