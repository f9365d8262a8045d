import { Duration } from 'sre-constructs';
import { Severity, requireSeverity } from '../../lib/alerting/severity';
import { SpecPath } from '../../lib/common/errors';

describe('Severity', () => {
  test('carries the seed\'s table: response times, paging class and the ecosystem label', () => {
    expect(Severity.all().map((s) => [s.name, s.responseTime.toPrometheus(), s.pages, s.ecosystemSeverity])).toEqual([
      ['SEV1', '5m', true, 'critical'],
      ['SEV2', '15m', true, 'critical'],
      ['SEV3', '1h', false, 'warning'],
      ['SEV4', '4h', false, 'info'],
    ]);
    expect(Severity.SEV2.alertLabels()).toEqual({ severity: 'critical', sev: 'SEV2' });
    expect(Severity.SEV1.isMoreSevereThan(Severity.SEV2)).toBe(true);
    expect(Severity.SEV4.responseTime.equals(Duration.hours(4))).toBe(true);
  });

  test('reads names and refuses unknown ones with the choices', () => {
    const at = new SpecPath('routing');
    expect(requireSeverity(at, 'sev', 'sev3')).toBe(Severity.SEV3);
    expect(() => requireSeverity(at, 'routes[0].sev', 'SEV5')).toThrow(/^routing: routes\[0\]\.sev \("SEV5"\) is not a severity\. Use Severity\.SEV1/);
  });
});
