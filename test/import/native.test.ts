import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Severity, SloServiceDefinition, SloServiceProps, SpecError } from 'sre-constructs';
import { fromNativeYaml } from '../../lib/import/native';
import { userAuthentication } from '../../examples/user-authentication';

const SPEC = readFileSync(join(__dirname, '..', '..', 'examples', 'specs', 'user-authentication.yaml'), 'utf8');

function refusal(text: string): string {
  try {
    fromNativeYaml(text, { file: 'spec.yaml' });
  } catch (e) {
    if (e instanceof SpecError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('the sre-constructs/v1 YAML form', () => {
  test('says exactly what the TypeScript example says: the same rules, byte for byte', () => {
    const [props] = fromNativeYaml(SPEC, { file: 'user-authentication.yaml' });
    const fromYaml = SloServiceDefinition.create(props).ruleFile();
    const fromTs = SloServiceDefinition.create(userAuthentication).ruleFile();
    expect(JSON.stringify(fromYaml)).toBe(JSON.stringify(fromTs));
  });

  test.each([
    ['a misspelt field, with a suggestion', SPEC.replace('errorStatus:', 'error_status:'), /availability\.error_status \("error_status"\) is not a field of this form\. Did you mean errorStatus\?/],
    ['an unknown field', SPEC.replace('  labels:\n    team', '  owner: me\n  labels:\n    team'), /spec\.owner \("owner"\) is not a field of this form\. Known fields: service, labels/],
    ['two SLI kinds', SPEC.replace('        latency:\n          histogram: http_request_duration_seconds_bucket{service="user-authentication"}\n          threshold: 100ms', '        latency:\n          histogram: h_bucket\n          threshold: 100ms\n        errorRatio:\n          query: x'), /slos\[latency-p50\]\.sli \(\["latency","errorRatio"\]\) names more than one SLI kind/],
    ['a duration that is not one', SPEC.replace('threshold: 500ms', 'threshold: half a second'), /slos\[latency-p99\]\.sli\.latency\.threshold \("half a second"\) is not a duration/],
    ['another kind', SPEC.replace('kind: SloService', 'kind: Dashboard'), /kind \("Dashboard"\) is not a sre-constructs\/v1 kind/],
  ])('refuses %s', (_name, text, problem) => {
    expect(refusal(text)).toMatch(problem);
  });

  test('turns alerting off with alerting: false', () => {
    const [props] = fromNativeYaml(SPEC.replace(/  alerting:\n    # The seed's[\s\S]*?  slos:/, '  alerting: false\n  slos:'));
    expect(props.alerting).toBe(false);
  });
});

describe('every SloService prop has its field', () => {
  const MINIMAL = `apiVersion: sre-constructs/v1
kind: SloService
spec:
  service: checkout
  SPEC_EXTRA
  slos:
    - name: availability
      objective: 99.9
      sli:
        availability:
          requests: http_requests_total{job="checkout"}
      SLO_EXTRA
`;
  const read = (specExtra: string, sloExtra = '') => fromNativeYaml(MINIMAL.replace('SPEC_EXTRA', specExtra).replace('SLO_EXTRA', sloExtra))[0];
  const same = (specExtra: string, ts: Partial<SloServiceProps>, sloExtra = '', sloTs: Partial<SloServiceProps['slos'][number]> = {}) => {
    const props = read(specExtra, sloExtra);
    const base = read('');
    const expected = { ...base, ...ts, slos: [{ ...base.slos[0], ...sloTs }] };
    expect(JSON.stringify(SloServiceDefinition.create(props).ruleFile())).toBe(JSON.stringify(SloServiceDefinition.create(expected).ruleFile()));
    return props;
  };

  test('windowDerivation', () => {
    expect(same('windowDerivation: raw', { windowDerivation: 'raw' }).windowDerivation).toBe('raw');
    expect(refusal(MINIMAL.replace('SPEC_EXTRA', 'windowDerivation: sometimes').replace('SLO_EXTRA', ''))).toMatch(/spec\.windowDerivation \("sometimes"\) is not one of the accepted values\. Use raw or recorded\./);
  });

  test('scrapeInterval, checked as the TypeScript prop is', () => {
    expect(same('scrapeInterval: 30s', { scrapeInterval: Duration.seconds(30) }).scrapeInterval).toEqual(Duration.seconds(30));
    // A 5-minute window cannot hold two scrapes 3 minutes apart.
    expect(() => SloServiceDefinition.create(read('scrapeInterval: 3m'))).toThrow(/scrapeInterval/);
  });

  test('ruleGroups: layout, slow interval, partial response strategy and group size limit', () => {
    const props = same('ruleGroups: { layout: by-speed, slowInterval: 5m, partialResponseStrategy: warn, maxRulesPerGroup: 40 }', {
      ruleGroups: { layout: 'by-speed', slowInterval: Duration.minutes(5), partialResponseStrategy: 'warn', maxRulesPerGroup: 40 },
    });
    expect(SloServiceDefinition.create(props).ruleGroups().map((g) => g.name)).toEqual(['checkout/availability/fast', 'checkout/availability/slow']);
    expect(refusal(MINIMAL.replace('SPEC_EXTRA', 'ruleGroups: { layout: by-colour }').replace('SLO_EXTRA', ''))).toMatch(/spec\.ruleGroups\.layout \("by-colour"\) is not one of the accepted values/);
    expect(refusal(MINIMAL.replace('SPEC_EXTRA', 'ruleGroups: { maxRules: 20 }').replace('SLO_EXTRA', ''))).toMatch(/spec\.ruleGroups\.maxRules \("maxRules"\) is not a field of this form/);
  });

  test('the runbook fields of alerting: runbookUrl, runbookBaseUrl, acknowledgeNoRunbook', () => {
    const ack = same('alerting: { acknowledgeNoRunbook: "the description names the fix" }', { alerting: { acknowledgeNoRunbook: 'the description names the fix' } });
    expect(SloServiceDefinition.create(ack).slos[0].alerting!.runbook).toEqual({ acknowledged: 'the description names the fix' });
    const base = same('alerting: { runbookBaseUrl: "https://runbooks.example.com/" }', { alerting: { runbookBaseUrl: 'https://runbooks.example.com/' } });
    expect(SloServiceDefinition.create(base).slos[0].alerting!.runbook.page).toBe('checkout/slo-availability.md');
    const url = same('alerting: { runbookUrl: "https://wiki.example.com/checkout" }', { alerting: { runbookUrl: 'https://wiki.example.com/checkout' } });
    expect(SloServiceDefinition.create(url).slos[0].alerting!.runbook).toEqual({ url: 'https://wiki.example.com/checkout' });
    same('', {}, 'runbookUrl: https://wiki.example.com/checkout/availability', { runbookUrl: 'https://wiki.example.com/checkout/availability' });
  });

  test('the severity fields: a tier\'s sev, page and severity, and the absent-data alert\'s sev', () => {
    const props = same(
      'alerting: { tiers: { fast: { longWindow: 1h, factor: 14.4, sev: SEV1 }, slow: { longWindow: 6h, factor: 6, page: false, severity: info } }, absentDataAlert: { sev: SEV4 } }',
      {
        alerting: {
          tiers: { fast: { longWindow: Duration.hours(1), factor: 14.4, sev: Severity.SEV1 }, slow: { longWindow: Duration.hours(6), factor: 6, page: false, severity: 'info' } },
          absentDataAlert: { sev: Severity.SEV4 },
        },
      },
    );
    const alerting = SloServiceDefinition.create(props).slos[0].alerting!;
    expect(alerting.tiers.map((t) => [t.key, t.sev.name, t.severity])).toEqual([
      ['fast', 'SEV1', 'critical'],
      ['slow', 'SEV3', 'info'],
    ]);
    expect(alerting.absentData!.sev.name).toBe('SEV4');
    expect(refusal(MINIMAL.replace('SPEC_EXTRA', 'alerting: { tiers: { fast: { longWindow: 1h, factor: 14.4, sev: SEV5 } } }').replace('SLO_EXTRA', ''))).toMatch(/sev \("SEV5"\)/);
  });
});
