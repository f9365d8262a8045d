import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SloServiceDefinition, SpecError } from 'sre-constructs';
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
