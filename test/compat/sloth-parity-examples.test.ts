import { Driver, SCENARIOS, apiserverDriver, compareAlerts, compareRatios, httpCountDriver, ourRules, parityProblems, slothAlertedSlos, slothOutput, wifiDriver } from '../support/sloth-parity';
import { promtoolVersion } from '../support/promtool';

/**
 * Sloth's own examples, imported, and run by promtool next to the rules Sloth generated for them
 * (examples/_gen), on the same synthetic traffic.
 */
const CASES: ReadonlyArray<{ spec: string; output: string; driver: Driver; budget: number; mustPage: string }> = [
  { spec: 'examples/getting-started.yml', output: 'examples/_gen/getting-started.yml', driver: httpCountDriver, budget: 0.001, mustPage: 'myservice/requests-availability' },
  { spec: 'examples/kubernetes-apiserver.yml', output: 'examples/_gen/kubernetes-apiserver.yml', driver: apiserverDriver, budget: 0.001, mustPage: 'k8s-apiserver/requests-availability' },
  { spec: 'examples/home-wifi.yml', output: 'examples/_gen/home-wifi.yml', driver: wifiDriver(), budget: 0.05, mustPage: 'home-wifi/good-wifi-client-satisfaction' },
  { spec: 'examples/raw-home-wifi.yml', output: 'examples/_gen/raw-home-wifi.yml', driver: wifiDriver(), budget: 0.05, mustPage: 'home-wifi/wifi-client-satisfaction' },
];

beforeAll(() => {
  promtoolVersion();
});

describe.each(CASES)('Sloth $spec', ({ spec, output, driver, budget, mustPage }) => {
  const sloth = slothOutput(output);
  const ours = ourRules(spec).file;
  const slos = slothAlertedSlos(sloth);

  test.each(SCENARIOS)('$name: our page and ticket alerts fire and clear within a minute of Sloth\'s', (scenario) => {
    const comparisons = compareAlerts(ours, sloth, slos, driver, budget, scenario);
    expect(comparisons.length).toBe(slos.length * 2);
    expect(parityProblems(comparisons)).toEqual([]);
    if (scenario.name.startsWith('a total outage')) {
      // The comparison must not pass by nobody firing.
      expect(comparisons.find((c) => c.slo === mustPage && c.tier === 'page')?.ours.first).toBeDefined();
    }
  });

  test('records the same error ratios as Sloth over every alert window while there is traffic', () => {
    const phases = [{ minutes: 30, errorRatio: 0 }, { minutes: 30, errorRatio: budget * 10 }, { minutes: 60, errorRatio: budget }];
    for (const { service, slo } of slos) {
      const rows = compareRatios(ours, sloth, { service, slo }, driver, phases, ['5m', '30m', '1h', '2h', '6h'], [20, 45, 70, 110]);
      const off = rows.filter((r) => r.ours === undefined || r.sloth === undefined || Math.abs(r.ours - r.sloth) > 1e-9 * Math.max(1, Math.abs(r.sloth)));
      expect(off).toEqual([]);
    }
  });
});
