import { Duration } from 'sre-constructs';
import { SCENARIOS, compareAlerts, httpCountDriver, ourRules, parityProblems, slothAlertedSlos, slothOutput, slothText } from '../support/sloth-parity';
import { LoadSloSpecsOptions } from '../../lib/import/load';

/**
 * Sloth's integration-test inputs against the outputs Sloth's own tests expect (testdata/out-*.yaml.tpl,
 * version filled in), generated with the same flags: --default-slo-period=28d, and a 7-day period with
 * custom AlertWindows. One test file a case, so jest runs them side by side.
 */
export const TESTDATA = 'test/integration/prometheus/testdata';

export interface AlertingCase {
  readonly name: string;
  readonly output: string;
  readonly options: LoadSloSpecsOptions;
}

export const ALERTING: Record<'base30d' | 'base28d' | 'custom7d', AlertingCase> = {
  base30d: { name: 'in-base, 30 days', output: `${TESTDATA}/out-base.yaml.tpl`, options: {} },
  base28d: { name: 'in-base, 28 days (--default-slo-period=28d)', output: `${TESTDATA}/out-base-28d.yaml.tpl`, options: { defaultWindow: Duration.days(28) } },
  custom7d: {
    name: 'in-base, 7 days with custom AlertWindows',
    output: `${TESTDATA}/out-base-custom-windows-7d.yaml.tpl`,
    options: { defaultWindow: Duration.days(7), alertWindows: [slothText('test/integration/prometheus/windows/7d.yaml')] },
  },
};

/** Every scenario on one case: the same SLOs alert, with the same factors, firing and clearing within a minute of Sloth's. */
export function describeAlertingParity({ name, output, options }: AlertingCase): void {
  describe(`Sloth ${name}`, () => {
    const sloth = slothOutput(output);
    const ours = ourRules(`${TESTDATA}/in-base.yaml`, options).file;
    const slos = slothAlertedSlos(sloth);

    test('alerts on the same SLOs with the same factors', () => {
      expect(slos).toEqual([{ service: 'svc01', slo: 'slo1' }]);
      const factors = (rules: typeof ours) =>
        [...new Set(rules.groups.flatMap((g) => g.rules).flatMap((r) => ('alert' in r ? [...r.expr.matchAll(/> \(?([\d.]+) \*/g)].map((m) => Number(Number(m[1]).toPrecision(10))) : [])))].sort((a, b) => a - b);
      expect(factors(ours)).toEqual(factors(sloth));
    });

    test.each(SCENARIOS)('$name: page and ticket fire and clear within a minute of Sloth\'s', (scenario) => {
      expect(parityProblems(compareAlerts(ours, sloth, slos, httpCountDriver, 0.001, scenario))).toEqual([]);
    });
  });
}
