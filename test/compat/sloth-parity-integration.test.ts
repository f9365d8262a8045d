import { evaluate, promtoolVersion } from '../support/promtool';
import { Driver, SCENARIOS, apiserverDriver, compareAlerts, compareRatios, httpCountDriver, ourRules, parityProblems, slothAlertedSlos, slothOutput } from '../support/sloth-parity';
import { TESTDATA } from './sloth-integration-cases';

/**
 * Sloth's integration-test inputs without alerts, the Kubernetes and multi-document example variants, and where
 * we differ from Sloth on purpose. The alerting cases of Sloth's integration tests run in
 * sloth-parity-integration-*.test.ts, one file a case.
 */
beforeAll(() => {
  promtoolVersion();
});

/** The Kubernetes and multi-document forms of examples whose plain form runs every scenario elsewhere. */
const VARIANTS = ['k8s-getting-started.yml', 'multifile.yml', 'k8s-multifile.yml'];

describe.each(VARIANTS)('Sloth examples/%s', (file) => {
  test('pages and tickets within a minute of Sloth through a total outage and recovery, for every service', () => {
    const sloth = slothOutput(`examples/_gen/${file}`);
    const slos = slothAlertedSlos(sloth);
    expect(slos.length).toBeGreaterThanOrEqual(1);
    const comparisons = compareAlerts(ourRules(`examples/${file}`).file, sloth, slos, httpCountDriver, 0.001, SCENARIOS[0]);
    expect(comparisons.filter((c) => c.tier === 'page').every((c) => c.ours.first !== undefined)).toBe(true);
    expect(parityProblems(comparisons)).toEqual([]);
  });
});

const RECORDING_ONLY: ReadonlyArray<{ name: string; spec: string; output: string; slos: Array<{ service: string; slo: string }>; driver: Driver }> = [
  { name: 'in-base with alerts disabled', spec: `${TESTDATA}/in-base.yaml`, output: `${TESTDATA}/out-base-no-alerts.yaml.tpl`, slos: [{ service: 'svc01', slo: 'slo1' }, { service: 'svc01', slo: 'slo02' }], driver: httpCountDriver },
  { name: 'in-openslo (OpenSLO v1alpha)', spec: `${TESTDATA}/in-openslo.yaml`, output: `${TESTDATA}/out-openslo.yaml.tpl`, slos: [{ service: 'svc01', slo: 'slo1-0' }], driver: httpCountDriver },
  { name: 'openslo-getting-started', spec: 'examples/openslo-getting-started.yml', output: 'examples/_gen/openslo-getting-started.yml', slos: [{ service: 'my-service', slo: 'sloth-slo-my-service-0' }], driver: httpCountDriver },
  {
    name: 'openslo-kubernetes-apiserver',
    spec: 'examples/openslo-kubernetes-apiserver.yml',
    output: 'examples/_gen/openslo-kubernetes-apiserver.yml',
    slos: [
      { service: 'k8s-apiserver', slo: 'requests-availability-openslo-0' },
      { service: 'k8s-apiserver', slo: 'requests-latency-openslo-0' },
      { service: 'k8s-apiserver', slo: 'requests-latency-openslo-1' },
    ],
    driver: apiserverDriver,
  },
];

describe.each(RECORDING_ONLY)('Sloth $name (no alerts in Sloth\'s output)', ({ spec, output, slos, driver }) => {
  test('records the same error ratios as Sloth over every window while there is traffic', () => {
    const sloth = slothOutput(output);
    expect(slothAlertedSlos(sloth)).toEqual([]);
    const ours = ourRules(spec).file;
    const phases = [{ minutes: 30, errorRatio: 0 }, { minutes: 30, errorRatio: 0.05 }, { minutes: 60, errorRatio: 0.002 }];
    for (const slo of slos) {
      const rows = compareRatios(ours, sloth, slo, driver, phases, ['5m', '1h', '6h', '3d'], [20, 45, 70, 110]);
      const off = rows.filter((r) => r.ours === undefined || r.sloth === undefined || Math.abs(r.ours - r.sloth) > 1e-9 * Math.max(1, Math.abs(r.sloth)));
      expect({ slo: slo.slo, off }).toEqual({ slo: slo.slo, off: [] });
    }
  });
});

describe('where we differ from Sloth on purpose', () => {
  const sloth = slothOutput('examples/_gen/getting-started.yml');
  const ours = ourRules('examples/getting-started.yml').file;
  const budget = (labels: string) => `slo:period_error_budget_remaining:ratio{${labels}}`;
  // An hour of traffic at 0.1% errors (a 1x burn), an hour with no traffic at all, then traffic again.
  const quiet = httpCountDriver([
    { minutes: 60, errorRatio: 0.001 },
    { minutes: 60, errorRatio: 0, requestsPerMinute: 0 },
    { minutes: 60, errorRatio: 0.001 },
  ]);

  test('zero traffic: Sloth records NaN for the 5-minute ratio and then for the whole period; ours records 0 and keeps the budget', () => {
    const [slothRatio, ourRatio, slothLater, ourLater] = evaluate([ours, sloth], quiet, [
      { expr: 'slo:sli_error:ratio_rate5m{sloth_slo="requests-availability"}', atMinute: 90 },
      { expr: 'slo:sli_error:ratio_rate5m{slo="requests-availability"}', atMinute: 90 },
      { expr: budget('sloth_slo="requests-availability"'), atMinute: 175 },
      { expr: budget('slo="requests-availability"'), atMinute: 175 },
    ]);
    expect(slothRatio).toBeNaN();
    expect(ourRatio).toBe(0);
    // Sloth averages 5-minute ratios over 30 days, so one NaN poisons the period until it ages out;
    // ours adds up events, so a quiet hour adds nothing.
    expect(slothLater).toBeNaN();
    // A 1x burn all along spends the budget exactly as fast as the period allows: nothing left over.
    expect(ourLater).toBeCloseTo(0, 3);
  });
});
