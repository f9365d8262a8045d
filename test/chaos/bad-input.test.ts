import { Testing } from 'cdk8s';
import { ChaosCondition, ChaosExperimentProps, ChaosFault, ChaosScheduleDefinition, ChaosScheduleProps, Duration, SpecError } from 'sre-constructs';
import { ChaosSchedule } from 'sre-constructs/cdk8s';
import { schedule } from './fixtures';

/**
 * Bad input: each a SpecError naming the path, the field and the value, saying what would be valid, and
 * nothing emitted (the cdk8s construct leaves the chart empty).
 */
function message(props: ChaosScheduleProps): string {
  const chart = Testing.chart();
  let error: unknown;
  try {
    new ChaosSchedule(chart, 'chaos', props);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SpecError);
  expect(chart.node.children).toHaveLength(0);
  expect(Testing.synth(chart)).toEqual([]);
  return (error as SpecError).message;
}

const bad = (experiment: Partial<ChaosExperimentProps>, props: Partial<ChaosScheduleProps> = {}) => message(schedule(props, experiment));
const AT = 'test/chaos: experiments[latency]';

describe('the issue\'s list', () => {
  test('a percentage outside 1..100', () => {
    const target = (percent: number) => ({ namespace: 'payments', selector: { app: 'pay' }, percent });
    expect(bad({ target: target(0) })).toBe(`${AT}.target.percent (0) is not a whole percentage from 1 to 100. Give the share of the matching pods to hit, e.g. 50.`);
    expect(bad({ target: target(150) })).toMatch(/target\.percent \(150\) is not a whole percentage from 1 to 100/);
    expect(bad({ target: target(12.5) })).toMatch(/target\.percent \(12\.5\) is not a whole percentage/);
    expect(bad({ fault: ChaosFault.networkLoss({ percent: 0 }) })).toMatch(/fault\.percent \(0\) is not a whole percentage from 1 to 100/);
  });

  test('a latency or duration that is not a positive duration', () => {
    expect(bad({ fault: ChaosFault.networkLatency({ latency: Duration.millis(0) }) })).toBe(
      `${AT}.fault.latency ("0ms") is not a positive duration. Give a duration greater than zero in whole milliseconds, e.g. Duration.minutes(5).`,
    );
    expect(bad({ fault: ChaosFault.networkLatency({ latency: '200ms' as unknown as Duration }) })).toMatch(/fault\.latency \("200ms"\) is not a Duration\. Use Duration\.minutes\(5\)/);
    expect(bad({ duration: Duration.minutes(-10) })).toMatch(/: experiments\[latency\]\.duration \("-600000ms"\) is not a positive duration/);
    expect(bad({ fault: ChaosFault.httpDelay({ port: 8080, delay: Duration.millis(0) }) })).toMatch(/fault\.delay \("0ms"\) is not a positive duration/);
  });

  test('production without opt-in', () => {
    expect(bad({ environment: { name: 'prod-eu', production: true } })).toBe(
      `${AT}.environment ("prod-eu") is production, and production is refused without an explicit opt-in. Give allowProduction: { reason: "..." } saying why this experiment must run in production, or target another environment.`,
    );
    expect(bad({ environment: { name: 'prod-eu', production: true }, allowProduction: { reason: ' ' } })).toMatch(/allowProduction \(\{"reason":" "\}\) has no reason/);
    expect(bad({ environment: { name: 'production', production: false } })).toMatch(/environment\.production \(false\) is false, but the environment is called "production"/);
  });

  test('no abort condition', () => {
    expect(bad({ abortUnless: [] })).toBe(
      `${AT}.abortUnless ([]) is empty: an experiment without an abort condition cannot be stopped automatically. Give at least one condition, e.g. ChaosCondition.sloErrorRatio("availability", { atMost: 0.05 }).`,
    );
    expect(bad({ abortUnless: undefined })).toMatch(/abortUnless \(not set\) is not a list of conditions/);
  });

  test('a cron that does not parse', () => {
    expect(bad({ schedule: 'every tuesday' })).toMatch(/^test\/chaos: experiments\[latency\]\.schedule \("every tuesday"\) is not a valid cron schedule: it has 2 fields/);
    expect(bad({ schedule: '61 10 * * 2' })).toMatch(/schedule \("61 10 \* \* 2"\) is not a valid cron schedule: it does not parse/);
  });

  test('a name longer than the engine accepts', () => {
    const long = 'network-latency-into-half-of-the-pods';
    expect(bad({ name: long })).toBe(
      `test/chaos: experiments[${long}].name ("${long}") makes the object name "payment-service-${long}" 53 characters long, more than Chaos Mesh accepts for a Schedule of a Workflow (the Workflow it spawns appends 6 random characters). Shorten the experiment name to at most 35 characters.`,
    );
    expect(bad({ name: long }, { engine: 'litmus' })).toBe(
      `test/chaos: experiments[${long}].name ("${long}") makes the object name "payment-service-${long}" 53 characters long, more than Litmus accepts here (the CronJob that starts each run is named after it, and CronJob names are at most 52 characters). Shorten the experiment name to at most 36 characters.`,
    );
  });

  test('a derived condition naming an SLO the service does not have', () => {
    expect(bad({ abortUnless: [ChaosCondition.sloErrorRatio('availabilty', { atMost: 0.05 })] })).toBe(
      `${AT}.abortUnless[0].slo ("availabilty") is not an SLO of payment-service. Name one of its SLOs: availability, latency-p99.`,
    );
    expect(bad({ hypothesis: [ChaosCondition.sloLatency('availability')] })).toMatch(/hypothesis\[0\]\.slo \("availability"\) is not a latency SLO \(its SLI is of kind availability\)/);
    expect(bad({}, { slos: undefined })).toMatch(/hypothesis\[0\]\.slo \("availability"\) names an SLO, but the schedule was given no SloService/);
  });

  test('a label selector that selects everything', () => {
    expect(bad({ target: { namespace: 'payments', selector: {}, percent: 50 } })).toBe(
      `${AT}.target.selector ({}) selects every pod in the namespace. Name the labels of the pods under test, e.g. { "app.kubernetes.io/name": "payment-service" }.`,
    );
    expect(bad({ target: { namespace: 'payments', selector: { app: '' }, percent: 50 } })).toMatch(/target\.selector\.app \(""\) is not a non-empty label value/);
  });
});

describe('the other safety checks', () => {
  test('100% of the pods needs an opt-in with a reason', () => {
    expect(bad({ target: { namespace: 'payments', selector: { app: 'pay' }, percent: 100 } })).toBe(
      `${AT}.target.percent (100) hits every matching pod, which is refused without an explicit opt-in. Hit a share (e.g. 50), or give allowAllPods: { reason: "..." }.`,
    );
  });

  test('a duration above the maximum, until the maximum is raised deliberately', () => {
    expect(bad({ duration: Duration.hours(1) })).toBe(`${AT}.duration ("1h") is longer than the maximum (30m). Shorten it, or raise maxDuration deliberately (e.g. maxDuration: Duration.minutes(60)).`);
    expect(() => ChaosScheduleDefinition.create(schedule({}, { duration: Duration.hours(1), maxDuration: Duration.hours(1) }))).not.toThrow();
  });

  test('no hypothesis', () => {
    expect(bad({ hypothesis: [] })).toMatch(/hypothesis \(\[\]\) is empty: an experiment tests a steady-state hypothesis/);
  });

  test('runs closer together than a run lasts, and schedules Prometheus cannot follow', () => {
    expect(bad({ schedule: '*/10 * * * *' })).toMatch(/schedule \("\*\/10 \* \* \* \*"\) starts runs 10m apart, but a run takes up to 12m/);
    expect(bad({ schedule: '0 10 1 * *' })).toMatch(/has no fixed times in the week: it depends on the day of the month/);
    expect(bad({ schedule: '@every 168h' })).toMatch(/has no fixed times in the week/);
  });

  test('Litmus refuses what it cannot run', () => {
    expect(bad({ fault: ChaosFault.podFailure() }, { engine: 'litmus' })).toMatch(/experiments\[latency\]\.fault \("pod-failure"\) has no Litmus experiment/);
    expect(bad({ target: { namespace: 'payments', selector: { app: 'pay' }, count: 1 } }, { engine: 'litmus' })).toMatch(/target\.count \(1\) is not something Litmus can select/);
    expect(bad({ fault: ChaosFault.networkPartition() }, { engine: 'litmus' })).toMatch(/target\.percent \(50\) cannot be honoured: Litmus pod-network-partition applies a NetworkPolicy to every selected pod/);
    expect(bad({ fault: ChaosFault.httpAbort({ port: 80, path: '/pay' }) }, { engine: 'litmus' })).toMatch(/fault\.path \("\/pay"\) cannot be honoured/);
  });

  test('a Prometheus URL the shell or the query string could misread', () => {
    expect(bad({}, { prometheusUrl: 'http://prom:9090/?q=1' })).toMatch(/^test\/chaos: prometheusUrl \("http:\/\/prom:9090\/\?q=1"\) is not a plain http\(s\) base URL/);
    expect(bad({}, { prometheusUrl: 'http://prom:9090 ;rm -rf /' })).toMatch(/is not a plain http\(s\) base URL/);
    expect(bad({}, { prometheusUrl: 'http://user:secret@prom:9090' })).toMatch(/is not a plain http\(s\) base URL/);
  });

  test('two experiments whose runs overlap on one namespace', () => {
    const props = schedule();
    const second = { ...props.experiments[0], name: 'pod-kill', fault: ChaosFault.podKill(), schedule: '5 10 * * 2' };
    expect(message({ ...props, experiments: [props.experiments[0], second] })).toBe(
      'test/chaos: experiments[pod-kill].schedule ("5 10 * * 2") lets runs overlap with experiments[latency] in namespace payments (both may be under way Tuesdays at 10:05 UTC), ' +
        'so their faults would stack and neither result could be read. Move one of them to another time.',
    );
    const later = { ...second, schedule: '15 10 * * 2' };
    expect(() => ChaosScheduleDefinition.create({ ...props, experiments: [props.experiments[0], later] })).not.toThrow();
  });

  test('a kill switch without a reason', () => {
    expect(bad({}, { paused: {} as never })).toBe('test/chaos: paused ({}) has no reason. Say why it is paused: { reason: "error budget of availability exhausted" }.');
  });

  test('SLOs of another service', () => {
    expect(bad({}, { service: 'checkout' })).toMatch(/^test\/chaos: slos \("payment-service"\) are the SLOs of another service than checkout/);
  });
});

describe('incoherent combinations of thresholds on one signal', () => {
  test('an abort bound stricter than the steady state', () => {
    expect(bad({ abortUnless: [ChaosCondition.sloErrorRatio('availability', { atMost: 0.0005 })] })).toBe(
      `${AT}.abortUnless[0] ("error ratio of the availability SLO over 5m <= 0.05%") is stricter than hypothesis[0] (error ratio of the availability SLO over 5m < 0.1%): ` +
        "the experiment would abort while the service is still in its steady state. Let the abort bound lie at or beyond the steady state's (e.g. steady state below 0.1%, abort above 5%).",
    );
  });

  test('a verification that expects better under the fault than the steady state', () => {
    expect(bad({ verification: { conditions: [ChaosCondition.sloErrorRatio('availability', { below: 0.0001 })] } })).toMatch(
      /verification\.conditions\[0\] \("error ratio of the availability SLO over 5m < 0\.01%"\) expects better under the fault than the steady state promises/,
    );
  });

  test('a verification that can never fail before the abort stops the run', () => {
    expect(bad({ verification: { conditions: [ChaosCondition.sloErrorRatio('availability', { below: 0.1 })] } })).toMatch(
      /verification\.conditions\[0\] \("error ratio of the availability SLO over 5m < 10%"\) can never fail before abortUnless\[0\] \(error ratio of the availability SLO over 5m <= 5%\) stops the run/,
    );
  });

  test('a verification window shorter than the experiment', () => {
    expect(bad({ verification: { conditions: [ChaosCondition.sloErrorRatio('availability', { below: 0.01 })], window: Duration.minutes(5) } })).toBe(
      `${AT}.verification.window ("5m") is shorter than the experiment (10m), so part of the run would go unchecked. Give at least 10m, or leave it out to check the whole run.`,
    );
  });

  test('conditions on other signals, or other windows, are not compared', () => {
    expect(() =>
      ChaosScheduleDefinition.create(schedule({}, { abortUnless: [ChaosCondition.sloErrorRatio('availability', { atMost: 0.0005, window: Duration.hours(1) })] })),
    ).not.toThrow();
  });
});
