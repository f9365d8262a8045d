import {
  CHAOS_MESH_PAUSE_ANNOTATION,
  ChaosCondition,
  ChaosScheduleDefinition,
  ErrorBudgetPolicyDefinition,
  KubernetesManifest,
  POLICY_ANNOTATIONS,
  SloServiceDefinition,
  SpecError,
} from 'sre-constructs';
import { SpecPath } from '../../lib/common/errors';
import { ChaosConditionDefinition, defineChaosCondition } from '../../lib/chaos/conditions';
import { paymentService, paymentServiceBudgetPolicy, paymentServiceChaos } from '../../examples/payment-service';
import { InputSeries, evaluate, promtoolVersion } from '../support/promtool';
import { schemaErrors } from '../support/schema';
import { histogramBuckets, httpRequests } from '../support/traffic';
import { schedule } from './fixtures';

/**
 * Chaos stops while the service's error-budget policy freezes deploys. At run time the abort condition
 * `budgetPolicyNotFrozen` reads the verdict the policy records, proven here with promtool's own rule engine
 * (one scrape and one evaluation a minute) on synthetic traffic through the SLO rules and the policy rules;
 * at apply time a freeze declared in the policy's code pauses every experiment.
 */
const slos = SloServiceDefinition.create(paymentService);
const policy = ErrorBudgetPolicyDefinition.create(slos, paymentServiceBudgetPolicy);
const declared = ErrorBudgetPolicyDefinition.create(slos, { ...paymentServiceBudgetPolicy, frozen: { reason: 'SEV1 of 12 May: postmortem actions first' } });
const SERVICE = '{service="payment-service"}';
const RPS = 100;
const FROZEN = 'max(service:budget_policy_frozen:bool{service="payment-service"})';

function define(p: ErrorBudgetPolicyDefinition): ChaosConditionDefinition {
  return defineChaosCondition(new SpecPath('test'), ChaosCondition.budgetPolicyNotFrozen(p), slos);
}

/** Fast requests (99.8% within 500 ms), so the latency SLO has a healthy budget and the verdict is known. */
function fastRequests(minutes: number): InputSeries[] {
  return histogramBuckets('http_request_duration_seconds', SERVICE, [{ minutes, rps: RPS, within: { '0.25': 0.99, '0.5': 0.998, '1': 1 } }]);
}

/** For each minute from `from` to `to`: whether the condition holds, and the policy's recorded verdict. */
function timeline(p: ErrorBudgetPolicyDefinition, series: InputSeries[], from: number, to: number, rules = [slos.ruleFile(), p.ruleFile()]) {
  const c = define(p);
  const minutes = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const values = evaluate(rules, series, minutes.flatMap((m) => [{ expr: c.holds, atMinute: m }, { expr: FROZEN, atMinute: m }]));
  return minutes.map((minute, i) => ({ minute, holds: values[2 * i] !== undefined, frozen: values[2 * i + 1] }));
}

beforeAll(() => {
  promtoolVersion();
});

describe('the condition reads the verdict the policy records (promtool)', () => {
  test('it holds while the budget is fine, and fails within a minute of the policy freezing deploys', () => {
    // 40 quiet minutes, then half the requests fail: the 30-day budget of 99.9% is soon overspent.
    const series = [...httpRequests(SERVICE, [{ minutes: 40, rps: RPS, errorRatio: 0.0001 }, { minutes: 20, rps: RPS, errorRatio: 0.5 }]), ...fastRequests(60)];
    const minutes = timeline(policy, series, 10, 60);
    const frozenAt = minutes.find((m) => m.frozen === 1)!.minute;
    expect(frozenAt).toBeGreaterThan(40);
    expect(minutes.filter((m) => m.minute < frozenAt).every((m) => m.holds && m.frozen === 0)).toBe(true);
    const firstFailure = minutes.find((m) => !m.holds)!.minute;
    expect(firstFailure).toBeGreaterThanOrEqual(frozenAt);
    expect(firstFailure - frozenAt).toBeLessThanOrEqual(1);
    expect(minutes.filter((m) => m.minute >= frozenAt).every((m) => !m.holds)).toBe(true);
  });

  test('healthy traffic keeps it holding', () => {
    const series = [...httpRequests(SERVICE, [{ minutes: 60, rps: RPS, errorRatio: 0.0001 }]), ...fastRequests(60)];
    const minutes = timeline(policy, series, 10, 60);
    expect(minutes.filter((m) => !m.holds)).toEqual([]);
  });

  test('no data is never healthy: no traffic, one counted SLO without data, or the policy rules not loaded all fail it', () => {
    const nothing = httpRequests('{service="another-service"}', [{ minutes: 30, rps: RPS }]);
    expect(timeline(policy, nothing, 5, 30).filter((m) => m.holds)).toEqual([]);
    // Availability is fine, but the latency SLO has no histogram: the verdict is unknown, so chaos stops.
    const halfKnown = httpRequests(SERVICE, [{ minutes: 30, rps: RPS, errorRatio: 0.0001 }]);
    expect(timeline(policy, halfKnown, 5, 30).filter((m) => m.holds)).toEqual([]);
    const healthy = [...httpRequests(SERVICE, [{ minutes: 30, rps: RPS, errorRatio: 0.0001 }]), ...fastRequests(30)];
    expect(timeline(policy, healthy, 5, 30, [slos.ruleFile()]).filter((m) => m.holds)).toEqual([]);
  });

  test('a freeze declared in code fails it whatever the budget says', () => {
    const series = [...httpRequests(SERVICE, [{ minutes: 30, rps: RPS, errorRatio: 0.0001 }]), ...fastRequests(30)];
    const minutes = timeline(declared, series, 10, 30);
    expect(minutes.every((m) => !m.holds && m.frozen === 1)).toBe(true);
  });

  test('it reads the service-wide verdict, aggregated to one series, as both engines need', () => {
    const c = define(policy);
    expect(c.query).toBe(FROZEN);
    expect(c.holds).toBe(`(${FROZEN}) < 1`);
    expect(c.name).toBe('budget-policy-not-frozen');
  });
});

describe('a schedule that pauses when the policy freezes deploys', () => {
  const chaos = ChaosScheduleDefinition.create(paymentServiceChaos(slos, policy));

  test('every experiment gets the freeze among its abort conditions, after its own', () => {
    const names = chaos.experiments[0].abortUnless.map((c) => c.name);
    expect(names[names.length - 1]).toBe('budget-policy-not-frozen');
    expect(names).toHaveLength(paymentServiceChaos(slos).experiments[0].abortUnless.length + 1);
  });

  test('Chaos Mesh checks it before injecting and all along, aborting the run', () => {
    const [m] = chaos.chaosMeshSchedules();
    const templates = (m.spec as { workflow: { templates: Array<{ name: string; abortWithStatusCheck?: boolean; statusCheck?: { mode: string; http: { url: string } } }> } }).workflow.templates;
    const guard = templates.find((t) => t.name === 'guard-budget-policy-not-frozen')!;
    const abort = templates.find((t) => t.name === 'abort-budget-policy-not-frozen')!;
    expect([guard.statusCheck!.mode, guard.abortWithStatusCheck]).toEqual(['Synchronous', true]);
    expect([abort.statusCheck!.mode, abort.abortWithStatusCheck]).toEqual(['Continuous', true]);
    expect(decodeURIComponent(abort.statusCheck!.http.url)).toContain(FROZEN);
    expect(schemaErrors(m)).toEqual([]);
  });

  test('Litmus checks it before injecting and stops the engine on failure', () => {
    const litmus = ChaosScheduleDefinition.create({ ...paymentServiceChaos(slos, policy), engine: 'litmus' });
    const [engine] = litmus.litmusEngines();
    const probes = (engine.spec as { experiments: Array<{ spec: { probe: Array<{ name: string; mode: string; runProperties: { stopOnFailure?: boolean } }> } }> }).experiments[0].spec.probe;
    expect(probes.filter((p) => p.name.endsWith('budget-policy-not-frozen')).map((p) => [p.name, p.mode, p.runProperties.stopOnFailure ?? false])).toEqual([
      ['guard-budget-policy-not-frozen', 'SOT', false],
      ['abort-budget-policy-not-frozen', 'Continuous', true],
    ]);
    expect(schemaErrors(engine)).toEqual([]);
  });

  test('the experiment card lists it among the abort conditions', () => {
    expect(chaos.card()).toContain("payment-service's error-budget policy");
  });

  test('a condition already written by hand is not added twice', () => {
    const base = paymentServiceChaos(slos, policy);
    const own = ChaosScheduleDefinition.create({ ...base, experiments: [{ ...base.experiments[0], abortUnless: [...base.experiments[0].abortUnless, ChaosCondition.budgetPolicyNotFrozen(policy)] }] });
    expect(own.experiments[0].abortUnless.filter((c) => c.name === 'budget-policy-not-frozen')).toHaveLength(1);
  });
});

describe('a freeze declared in the policy code pauses the schedules at apply time', () => {
  const reason = 'SEV1 of 12 May: postmortem actions first';

  test('Chaos Mesh Schedules carry the pause annotation with the policy reason, and no alerts are emitted', () => {
    const chaos = ChaosScheduleDefinition.create(paymentServiceChaos(slos, declared));
    const [m] = chaos.chaosMeshSchedules();
    expect(m.metadata.annotations).toEqual({
      [CHAOS_MESH_PAUSE_ANNOTATION]: 'true',
      'sre-constructs.dev/paused': `deploys are frozen by the error-budget policy of payment-service: ${reason}`,
    });
    expect(chaos.manifests().map((x) => x.kind)).toEqual(['Schedule']);
    expect(schemaErrors(m)).toEqual([]);
  });

  test('Litmus CronJobs are suspended', () => {
    const chaos = ChaosScheduleDefinition.create({ ...paymentServiceChaos(slos, declared), engine: 'litmus' });
    const [cron] = chaos.litmusTriggers();
    expect((cron.spec as { suspend: boolean }).suspend).toBe(true);
    for (const m of chaos.manifests() as KubernetesManifest[]) expect(schemaErrors(m)).toEqual([]);
  });

  test('an explicit kill switch keeps its own reason', () => {
    const chaos = ChaosScheduleDefinition.create({ ...paymentServiceChaos(slos, declared), paused: { reason: 'game day postponed' } });
    expect(chaos.paused).toEqual({ reason: 'game day postponed' });
  });

  test('the policy itself freezes: the recorded verdict, the Argo Rollouts gate and the Flagger template all stop deploys', () => {
    const gated = ErrorBudgetPolicyDefinition.create(slos, {
      ...paymentServiceBudgetPolicy,
      frozen: { reason },
      deployGates: { prometheusUrl: 'http://prometheus:9090', flagger: true },
    });
    expect(gated.freezeLine).toBe(1);
    const rules = gated.ruleGroups()[0].rules as Array<{ record?: string; expr: string }>;
    expect(rules.find((r) => r.record === 'slo:budget_policy_frozen:bool')!.expr).toMatch(/<= bool 1$/);
    const metrics = (gated.analysisTemplate()!.spec as { metrics: Array<{ name: string; successCondition: string }> }).metrics;
    expect(metrics.find((m) => m.name === 'error-budget')!.successCondition).toBe('len(result) == 1 && result[0] > 1');
    for (const m of gated.gateManifests()) expect(m.metadata.annotations![POLICY_ANNOTATIONS.declaredFreeze]).toBe(reason);
    // The budget alerts keep speaking of the budget.
    const alert = (gated.ruleGroups()[1].rules as Array<{ alert?: string; expr: string }>).find((r) => r.alert === 'ErrorBudgetExhausted')!;
    expect(alert.expr).toMatch(/<= 0$/);
  });
});

describe('bad input', () => {
  const message = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  test('the policy of another service is refused', () => {
    const other = SloServiceDefinition.create({ ...paymentService, service: 'checkout' });
    const otherPolicy = ErrorBudgetPolicyDefinition.create(other);
    expect(message(() => ChaosScheduleDefinition.create(schedule({ pauseWhenFrozen: otherPolicy }), 'prod/chaos'))).toContain(
      'prod/chaos: pauseWhenFrozen ("checkout") is the error-budget policy of another service than payment-service',
    );
  });

  test('something that is not a policy is refused', () => {
    expect(message(() => ChaosScheduleDefinition.create(schedule({ pauseWhenFrozen: { freeze: undefined } as never }), 'prod/chaos'))).toContain('is not an error-budget policy');
  });

  test('a declared freeze needs a one-line reason', () => {
    expect(message(() => ErrorBudgetPolicyDefinition.create(slos, { frozen: { reason: ' ' } }, 'prod/policy'))).toContain('prod/policy: frozen');
    expect(message(() => ErrorBudgetPolicyDefinition.create(slos, { frozen: { reason: 'two\nlines' } }, 'prod/policy'))).toContain('has no one-line reason');
  });

  test('a hand-written condition may not take the name of the freeze condition', () => {
    const base = schedule({ pauseWhenFrozen: policy });
    const clash = { ...base.experiments[0], abortUnless: [ChaosCondition.sloErrorRatio('availability', { atMost: 0.05, name: 'budget-policy-not-frozen' })] };
    expect(message(() => ChaosScheduleDefinition.create({ ...base, experiments: [clash] }, 'prod/chaos'))).toContain('is the name of the budget-policy condition pauseWhenFrozen adds');
  });

  test('policy alert labels may not override the labels the policy sets', () => {
    expect(message(() => ErrorBudgetPolicyDefinition.create(slos, { labels: { slo: 'x' } }, 'prod/policy'))).toContain('prod/policy: labels');
  });
});
