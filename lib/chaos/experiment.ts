import { CronSchedule, requireCron } from '../common/cron';
import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { ManifestMetadata, defineMetadata } from '../common/manifest';
import type { SloServiceDefinition } from '../slo/slo-service';
import { ChaosChecksDefinition, ChaosChecksProps, defineChecks } from './checks';
import { ChaosConditionDefinition, ChaosConditionSpec, defineChaosConditions, describeCondition } from './conditions';
import { ChaosFaultDefinition, ChaosFaultSpec, defineChaosFault } from './faults';
import { ChaosEnvironment, ChaosOptIn, ChaosPause, defineEnvironment, requireOptIn, requirePause } from './safety';
import { ChaosTargetDefinition, ChaosTargetProps, defineTarget } from './target';
import { WeeklyRuns, weeklyRuns } from './run-window';
import { ChaosAlertsDefinition, ChaosVerificationDefinition, ChaosVerificationProps, defineVerification } from './verification';

/** The chaos engine that runs a service's experiments. */
export type ChaosEngineKind = 'chaos-mesh' | 'litmus';

/** One scheduled experiment. */
export interface ChaosExperimentProps {
  /** Name, unique within the schedule (DNS label). The engine's objects are named `<service>-<name>`. */
  readonly name: string;
  /**
   * What the experiment is for, in words.
   * @default - none
   */
  readonly description?: string;
  /** What is injected. */
  readonly fault: ChaosFaultSpec;
  /** Which pods. */
  readonly target: ChaosTargetProps;
  /** How long the fault stays in (whole seconds). */
  readonly duration: Duration;
  /**
   * The longest duration accepted; raise it deliberately for a longer experiment.
   * @default Duration.minutes(30)
   */
  readonly maxDuration?: Duration;
  /**
   * When runs start: a five-field cron in UTC at fixed times of the week (`0 10 * * 2` is Tuesdays 10:00),
   * or `@weekly`, `@daily`, `@hourly`. Prometheus tells a run is under way from the clock alone, so schedules
   * depending on the day of the month, and `@every`, are refused.
   */
  readonly schedule: string;
  /** Where it runs. */
  readonly environment: ChaosEnvironment;
  /**
   * The opt-in a production environment needs, with the reason.
   * @default - production is refused
   */
  readonly allowProduction?: ChaosOptIn;
  /**
   * The steady-state hypothesis: conditions that must hold before the fault goes in (else the run is given
   * up) and that are observed while it is in. A breach during the run disproves the hypothesis and is
   * recorded by the engine; it does not stop the run (that is what `abortUnless` is for).
   */
  readonly hypothesis: readonly ChaosConditionSpec[];
  /**
   * The run stops as soon as one of these stops holding or has no data; each is also checked before
   * injecting. At least one.
   */
  readonly abortUnless: readonly ChaosConditionSpec[];
  /**
   * What the service is expected to do under the fault, checked after each run by alerts.
   * @default - no verification alerts
   */
  readonly verification?: ChaosVerificationProps;
  /**
   * Kill switch for this experiment alone.
   * @default - the schedule's `paused`
   */
  readonly paused?: ChaosPause;
  /**
   * How conditions are polled.
   * @default - every 10s with a 5s timeout, 2 consecutive failures to fail, 2 minutes to reach the steady state
   */
  readonly checks?: ChaosChecksProps;
}

/** A checked experiment: everything the renderers need. */
export interface ChaosExperimentDefinition {
  /** Experiment name. */
  readonly name: string;
  /** Service name. */
  readonly service: string;
  /** Description, when given. */
  readonly description?: string;
  /** The fault. */
  readonly fault: ChaosFaultDefinition;
  /** The target. */
  readonly target: ChaosTargetDefinition;
  /** How long the fault is in. */
  readonly duration: Duration;
  /** The accepted maximum. */
  readonly maxDuration: Duration;
  /** The cron schedule. */
  readonly schedule: CronSchedule;
  /** When runs start within their period (UTC). */
  readonly runs: WeeklyRuns;
  /** The longest a run takes: the wait for the steady state plus the fault's duration. */
  readonly slot: Duration;
  /** Environment. */
  readonly environment: ChaosEnvironment;
  /** The production opt-in, when given. */
  readonly allowProduction?: ChaosOptIn;
  /** Steady-state hypothesis. */
  readonly hypothesis: readonly ChaosConditionDefinition[];
  /** Conditions that must keep holding, else the run stops. */
  readonly abortUnless: readonly ChaosConditionDefinition[];
  /** Verification, when given. */
  readonly verification?: ChaosVerificationDefinition;
  /** Alert settings (the schedule's). */
  readonly alerts: ChaosAlertsDefinition;
  /** Why the experiment is switched off, and whose switch it is. */
  readonly paused?: { readonly reason: string; readonly by: 'experiment' | 'service' };
  /** Polling. */
  readonly checks: ChaosChecksDefinition;
  /** Metadata of the engine's objects: named `<service>-<experiment>`, in the target namespace. */
  readonly metadata: ManifestMetadata;
}

/** Annotation keys the library writes on chaos objects. */
export const CHAOS_ANNOTATIONS = {
  /** The kill switch's reason. */
  paused: 'sre-constructs.dev/paused',
  /** The production opt-in's reason. */
  productionOptIn: 'sre-constructs.dev/production-opt-in',
  /** The all-pods opt-in's reason. */
  allPodsOptIn: 'sre-constructs.dev/all-pods-opt-in',
} as const;

/** Label keys the library writes on chaos objects. */
export const CHAOS_LABELS = { service: 'sre-constructs.dev/service', experiment: 'sre-constructs.dev/experiment' } as const;

/**
 * Name limits of the engines, for the objects named after an experiment (`<service>-<experiment>`).
 *
 * - Chaos Mesh: a Schedule of a Workflow spawns a Workflow named after it plus 6 random characters; the
 *   Chaos Mesh documentation limits such Schedules to 51 characters.
 * - Litmus: the CronJob that starts each run carries the name, and Kubernetes limits CronJob names to 52
 *   characters (its Jobs append 11); the ChaosEngine name is also the runner pod's `app` label (63).
 *
 * @see https://chaos-mesh.org/docs/define-scheduling-rules/
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#writing-a-cronjob-spec
 */
export const ENGINE_NAME_LIMITS: Readonly<Record<ChaosEngineKind, { readonly max: number; readonly why: string }>> = {
  'chaos-mesh': { max: 51, why: 'Chaos Mesh accepts for a Schedule of a Workflow (the Workflow it spawns appends 6 random characters)' },
  litmus: { max: 52, why: 'Litmus accepts here (the CronJob that starts each run is named after it, and CronJob names are at most 52 characters)' },
};

const DEFAULT_MAX_DURATION = Duration.minutes(30);

/** What an experiment is checked in: the schedule's settings. */
export interface ExperimentContext {
  /** Service name. */
  readonly service: string;
  /** Engine. */
  readonly engine: ChaosEngineKind;
  /** The service's SLOs, when given. */
  readonly slos?: SloServiceDefinition;
  /** Labels for every object. */
  readonly labels: Readonly<Record<string, string>>;
  /** The service-wide kill switch. */
  readonly paused?: ChaosPause;
  /** Abort conditions every experiment gets (the budget policy's freeze), after its own. */
  readonly freezeAbort: readonly ChaosConditionDefinition[];
  /** Alert settings. */
  readonly alerts: ChaosAlertsDefinition;
  /** Engine-specific checks of the fault and target (Litmus cannot run every fault). */
  readonly supports: (at: SpecPath, fault: ChaosFaultDefinition, target: ChaosTargetDefinition) => void;
}

/** Checks one experiment in its schedule's context. */
export function defineExperiment(at: SpecPath, e: ChaosExperimentProps, ctx: ExperimentContext): ChaosExperimentDefinition {
  const objectName = `${ctx.service}-${e.name}`;
  const limit = ENGINE_NAME_LIMITS[ctx.engine];
  if (objectName.length > limit.max) {
    at.fail(
      'name',
      e.name,
      `makes the object name ${JSON.stringify(objectName)} ${objectName.length} characters long, more than ${limit.why}`,
      `Shorten the experiment name to at most ${limit.max - ctx.service.length - 1} characters.`,
    );
  }
  if (e.description !== undefined && (typeof e.description !== 'string' || e.description.trim() === '')) {
    at.fail('description', e.description, 'is empty', 'Describe the experiment, or leave it out.');
  }
  const fault = defineChaosFault(at.at('fault'), e.fault);
  const target = defineTarget(at.at('target'), e.target);
  ctx.supports(at, fault, target);

  const maxDuration = e.maxDuration === undefined ? DEFAULT_MAX_DURATION : requirePositiveDuration(at, 'maxDuration', e.maxDuration);
  const duration = requirePositiveDuration(at, 'duration', e.duration);
  if (duration.toMilliseconds() % 1000 !== 0) at.fail('duration', duration.toPrometheus(), 'is not a whole number of seconds', 'Give e.g. Duration.minutes(10).');
  if (compareDurations(duration, maxDuration) > 0) {
    at.fail('duration', duration.toPrometheus(), `is longer than the maximum (${maxDuration.toPrometheus()})`, `Shorten it, or raise maxDuration deliberately (e.g. maxDuration: Duration.minutes(${Math.ceil(duration.toMinutes())})).`);
  }
  const checks = defineChecks(at.at('checks'), e.checks ?? {}, duration);
  const slot = Duration.millis(checks.steadyStateTimeout.toMilliseconds() + duration.toMilliseconds());

  const schedule = requireCron(at, 'schedule', e.schedule, 'standard');
  const runs = weeklyRuns(schedule.expression);
  if (typeof runs === 'string') {
    return at.fail('schedule', e.schedule, `has no fixed times in the week: it ${runs}`, 'Runs start at fixed times of the week (UTC) so Prometheus can tell a run is under way; use e.g. "0 10 * * 2" (Tuesdays 10:00) or "@weekly".');
  }
  if (compareDurations(schedule.minGap, slot) <= 0) {
    at.fail('schedule', e.schedule, `starts runs ${schedule.minGap.toPrometheus()} apart, but a run takes up to ${slot.toPrometheus()} (steady-state wait plus duration)`, 'Leave more time between runs than one run takes.');
  }

  const environment = defineEnvironment(at, e.environment);
  let allowProduction: ChaosOptIn | undefined;
  if (environment.production) {
    if (e.allowProduction === undefined) {
      at.fail('environment', environment.name, 'is production, and production is refused without an explicit opt-in', 'Give allowProduction: { reason: "..." } saying why this experiment must run in production, or target another environment.');
    }
    allowProduction = requireOptIn(at, 'allowProduction', e.allowProduction);
  } else if (e.allowProduction !== undefined) {
    at.fail('allowProduction', e.allowProduction, `is given for ${environment.name}, which is not production`, 'Remove it, so the opt-in on record means what it says.');
  }

  const hypothesis = defineChaosConditions(at, 'hypothesis', e.hypothesis, ctx.slos);
  if (hypothesis.length === 0) {
    at.fail('hypothesis', e.hypothesis, 'is empty: an experiment tests a steady-state hypothesis', 'Give at least one condition the steady state satisfies, e.g. ChaosCondition.sloLatency("latency-p99").');
  }
  const ownAbort = defineChaosConditions(at, 'abortUnless', e.abortUnless, ctx.slos);
  if (ownAbort.length === 0) {
    at.fail('abortUnless', e.abortUnless, 'is empty: an experiment without an abort condition cannot be stopped automatically', 'Give at least one condition, e.g. ChaosCondition.sloErrorRatio("availability", { atMost: 0.05 }).');
  }
  const abortUnless = [...ownAbort];
  for (const c of ctx.freezeAbort) {
    const same = ownAbort.find((o) => o.name === c.name);
    if (same && same.holds !== c.holds) {
      at.fail(`abortUnless[${ownAbort.indexOf(same)}].name`, same.name, 'is the name of the budget-policy condition pauseWhenFrozen adds', 'Rename the condition.');
    }
    if (!ownAbort.some((o) => o.holds === c.holds)) abortUnless.push(c);
  }
  const verification =
    e.verification === undefined ? undefined : defineVerification(at.at('verification'), e.verification, ctx.slos, { duration, slot, schedule, notifyFor: ctx.alerts.notifyFor });
  checkCoherence(at, hypothesis, abortUnless, verification);

  const ownPause = e.paused === undefined ? undefined : requirePause(at, 'paused', e.paused);
  const paused = ownPause ? { reason: ownPause.reason, by: 'experiment' as const } : ctx.paused ? { reason: ctx.paused.reason, by: 'service' as const } : undefined;
  const annotations: Record<string, string> = {
    ...(paused ? { [CHAOS_ANNOTATIONS.paused]: paused.reason } : {}),
    ...(allowProduction ? { [CHAOS_ANNOTATIONS.productionOptIn]: allowProduction.reason } : {}),
    ...(target.allowAllPods ? { [CHAOS_ANNOTATIONS.allPodsOptIn]: target.allowAllPods.reason } : {}),
  };
  const metadata = defineMetadata(
    at,
    {
      name: objectName,
      namespace: target.namespace,
      labels: { ...ctx.labels, [CHAOS_LABELS.service]: ctx.service, [CHAOS_LABELS.experiment]: e.name },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    objectName,
  );
  return {
    name: e.name,
    service: ctx.service,
    ...(e.description !== undefined ? { description: e.description } : {}),
    fault,
    target,
    duration,
    maxDuration,
    schedule,
    runs,
    slot,
    environment,
    ...(allowProduction ? { allowProduction } : {}),
    hypothesis,
    abortUnless,
    ...(verification ? { verification } : {}),
    alerts: ctx.alerts,
    ...(paused ? { paused } : {}),
    checks,
    metadata,
  };
}

/**
 * Conditions on the same signal must be ordered: the steady state is the strictest, what is expected under
 * the fault looser, the abort loosest. Anything else cannot be what the author meant.
 */
function checkCoherence(at: SpecPath, hypothesis: readonly ChaosConditionDefinition[], abort: readonly ChaosConditionDefinition[], verification?: ChaosVerificationDefinition): void {
  const upper = (c: ChaosConditionDefinition) => c.comparator === '<' || c.comparator === '<=';
  const same = (a: ChaosConditionDefinition, b: ChaosConditionDefinition) => a.query === b.query && a.unit === b.unit && upper(a) === upper(b);
  /** True when `a` lets strictly less through than `b`. */
  const stricter = (a: ChaosConditionDefinition, b: ChaosConditionDefinition) => (upper(a) ? a.threshold < b.threshold : a.threshold > b.threshold);
  const where = (role: string, list: readonly ChaosConditionDefinition[], c: ChaosConditionDefinition) => `${role}[${list.indexOf(c)}]`;
  for (const a of abort) {
    for (const h of hypothesis.filter((h) => same(a, h) && stricter(a, h))) {
      at.fail(
        where('abortUnless', abort, a),
        describeCondition(a),
        `is stricter than ${where('hypothesis', hypothesis, h)} (${describeCondition(h)}): the experiment would abort while the service is still in its steady state`,
        "Let the abort bound lie at or beyond the steady state's (e.g. steady state below 0.1%, abort above 5%).",
      );
    }
  }
  if (!verification) return;
  const checks = verification.conditions;
  for (const v of checks) {
    for (const h of hypothesis.filter((h) => same(v, h) && stricter(v, h))) {
      at.fail(
        `verification.${where('conditions', checks, v)}`,
        describeCondition(v),
        `expects better under the fault than the steady state promises (${where('hypothesis', hypothesis, h)}: ${describeCondition(h)})`,
        'Under the fault the service does at best what it does in its steady state: loosen the verification bound, or tighten the hypothesis.',
      );
    }
    for (const a of abort.filter((a) => same(v, a) && stricter(a, v))) {
      at.fail(
        `verification.${where('conditions', checks, v)}`,
        describeCondition(v),
        `can never fail before ${where('abortUnless', abort, a)} (${describeCondition(a)}) stops the run`,
        'Keep the verification bound within the abort bound (e.g. verify below 1%, abort above 5%).',
      );
    }
  }
}
