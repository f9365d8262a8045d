import { ChaosScheduleDefinition } from 'sre-constructs';
import { paymentServiceChaos } from '../../examples/payment-service';
import { paymentSlos, schedule } from './fixtures';

/** The experiment card: what a reviewer and an on-call engineer need, every spec string escaped. */
const card = ChaosScheduleDefinition.create(paymentServiceChaos(paymentSlos)).card();
const section = (heading: string) => {
  const start = card.indexOf(`### ${heading}`);
  const end = card.indexOf('\n### ', start + 4);
  return card.slice(start, end < 0 ? undefined : end);
};

test('names the experiment, its fault, blast radius, environment and schedule', () => {
  expect(card).toMatch(/^# Chaos experiments of payment-service\n/);
  expect(card).toContain('## network-latency');
  expect(card).toContain('| Fault | 200 ms of network latency on outgoing traffic |');
  expect(card).toContain(
    '| Blast radius | 50% of the pods labelled `app.kubernetes.io/name=payment-service` in namespace `payments`; pods hit with 1 to 6 running: 1, 1, 2, 2, 3, 3 |',
  );
  expect(card).toContain('| Environment | staging |');
  expect(card).toContain('| Schedule | `0 10 * * 2`: Tuesdays at 10:00 (UTC) |');
  expect(card).toContain('| Experiment | network-latency |');
  expect(card).toContain('| Status | Scheduled |');
});

test('states the hypothesis, when it is checked, and what a latency SLO condition means', () => {
  const hypothesis = section('Hypothesis \\(steady state\\)');
  expect(hypothesis).toContain('Must hold before the fault goes in');
  expect(hypothesis).toContain('error ratio of the availability SLO over 5m \\< 0.1%');
  expect(hypothesis).toContain("p99 within the latency-p99 SLO's threshold");
});

test('lists the abort conditions as the triggers they are, missing data included', () => {
  const abort = section('Abort conditions');
  expect(abort).toContain('true for 2 consecutive checks 10 seconds apart');
  expect(abort).toContain('error ratio of the availability SLO over 5m \\> 5%, or no data');
  expect(abort).toContain("share of the availability SLO's 30d error budget left \\<= 25%, or no data");
});

test('puts the three bounds of one signal side by side: steady state, expected under the fault, abort', () => {
  expect(section('Bounds per signal')).toContain('| error ratio of the availability SLO over 5m | \\< 0.1% | \\< 1% | \\> 5% |');
  expect(section('Expected under the fault \\(verification\\)')).toContain('the circuit breaker never opened');
});

test('says how to stop a run and all future runs by hand, for Chaos Mesh', () => {
  const stop = section('Stop it by hand');
  expect(stop).toContain('kubectl annotate workflows.chaos-mesh.org --namespace payments -l managed-by=payment-service-network-latency workflow.chaos-mesh.org/abort=true --overwrite');
  expect(stop).toContain('kubectl annotate schedules.chaos-mesh.org payment-service-network-latency --namespace payments experiment.chaos-mesh.org/pause=true --overwrite');
  expect(stop).toContain('the next deploy puts the generated objects back');
});

test('and for Litmus, with the ChaosHub experiment it needs', () => {
  const litmus = ChaosScheduleDefinition.create({ ...paymentServiceChaos(paymentSlos), engine: 'litmus' }).card();
  expect(litmus).toContain(`kubectl patch chaosengines.litmuschaos.io payment-service-network-latency --namespace payments --type merge --patch '{"spec":{"engineState":"stop"}}'`);
  expect(litmus).toContain(`kubectl patch cronjob payment-service-network-latency --namespace payments --type merge --patch '{"spec":{"suspend":true}}'`);
  expect(litmus).toContain('Needs the ChaosHub experiment `pod-network-latency` installed in `payments`');
  // litmus-go rounds a share down, to at least one pod.
  expect(litmus).toContain('pods hit with 1 to 6 running: 1, 1, 1, 2, 2, 3');
});

test('shows the kill switch and its reason', () => {
  const paused = ChaosScheduleDefinition.create({ ...paymentServiceChaos(paymentSlos), paused: { reason: 'error budget of availability exhausted' } }).card();
  expect(paused).toContain('**Kill switch on for every experiment:** error budget of availability exhausted');
  expect(paused).toContain('| Status | **Paused** (the whole service): error budget of availability exhausted |');
});

test('escapes every string from the spec: no heading, link, HTML or table cell of its own', () => {
  const hostile = '# Pwned <script>alert(1)</script> [click](javascript:alert(1)) | cell\n## injected';
  const text = ChaosScheduleDefinition.create(schedule({ paused: { reason: hostile } }, { description: hostile })).card();
  expect(text).not.toContain('<script>');
  expect(text).not.toContain('[click](');
  const outsideCode = text.split(/^```[\s\S]*?^```$/m).join('');
  expect(outsideCode.split('\n').filter((l) => /^#{1,6} /.test(l))).toEqual([
    '# Chaos experiments of payment-service',
    '## latency',
    '### Hypothesis \\(steady state\\)',
    '### Abort conditions',
    '### Bounds per signal',
    '### Stop it by hand',
  ]);
  expect(text).toContain('\\# Pwned \\<script\\>alert\\(1\\)\\</script\\> \\[click\\]\\(javascript:alert\\(1\\)\\) \\| cell \\#\\# injected');
});
