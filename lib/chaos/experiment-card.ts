import { mdCode, mdCodeBlock, mdDocument, mdHeading, mdList, mdTable, mdText } from '../common/markdown';
import { CHAOS_ALERTS } from './chaos-alerts';
import { CHAOS_MESH_ABORT_ANNOTATION, CHAOS_MESH_MANAGED_BY_LABEL, CHAOS_MESH_PAUSE_ANNOTATION } from './chaos-mesh';
import type { ChaosScheduleDefinition } from './chaos-schedule';
import { ChaosConditionDefinition, describeCondition, formatThreshold, negate } from './conditions';
import type { ChaosExperimentDefinition } from './experiment';
import type { ChaosFaultDefinition } from './faults';
import { LITMUS_EXPERIMENTS } from './litmus';
import { describeRuns } from './run-window';

/**
 * The experiment card of a schedule: per experiment, its hypothesis, blast radius, abort conditions, what
 * is expected under the fault, the bounds per signal side by side, the schedule, and the commands that stop
 * it by hand. Every string from the spec goes through the Markdown helpers.
 */
export function experimentCard(s: ChaosScheduleDefinition): string {
  const engine = s.engine === 'chaos-mesh' ? 'Chaos Mesh' : 'LitmusChaos';
  return mdDocument([
    mdHeading(1, `Chaos experiments of ${s.service}`),
    `Engine: ${engine}. Conditions are read from Prometheus at ${mdCode(s.prometheusUrl)}. Alerts: ${mdCode(CHAOS_ALERTS.abort)} and ${mdCode(CHAOS_ALERTS.verification)}, ${s.alerts.severity.name} (${mdCode(`severity="${s.alerts.severity.ecosystemSeverity}"`)}).`,
    s.paused ? `**Kill switch on for every experiment:** ${mdText(s.paused.reason)}` : undefined,
    ...s.experiments.map((e) => experimentSection(s, e)),
  ]);
}

function experimentSection(s: ChaosScheduleDefinition, e: ChaosExperimentDefinition): string {
  const status = e.paused ? `**Paused** (${e.paused.by === 'service' ? 'the whole service' : 'this experiment'}): ${mdText(e.paused.reason)}` : 'Scheduled';
  const rows: string[][] = [
    ['Status', status],
    ['Fault', mdText(describeFault(e.fault))],
    ['Blast radius', blastRadius(s, e)],
    ['Environment', `${mdText(e.environment.name)}${e.environment.production ? ` (production, opted in: ${mdText(e.allowProduction!.reason)})` : ''}`],
    ['Schedule', `${mdCode(e.schedule.expression)}: ${mdText(describeRuns(e.runs))} (UTC)`],
    ['Duration', mdText(`${e.duration.toHumanString()} (at most ${e.maxDuration.toHumanString()} allowed); a run takes up to ${e.slot.toHumanString()} with the wait for the steady state`)],
    ['Objects', objects(s, e)],
  ];
  const checks = `${e.checks.failureThreshold} consecutive check${e.checks.failureThreshold === 1 ? '' : 's'} ${e.checks.interval.toHumanString()} apart`;
  return mdDocument([
    mdHeading(2, e.name),
    e.description ? mdText(e.description) : undefined,
    mdTable(['Experiment', mdText(e.name)], rows),
    mdHeading(3, 'Hypothesis (steady state)'),
    mdText(
      `Must hold before the fault goes in: the run is given up when it does not within ${e.checks.steadyStateTimeout.toHumanString()}. ` +
        'It is observed while the fault is in: a breach disproves the hypothesis and is recorded by the engine, without stopping the run.',
    ),
    conditionList(e.hypothesis, (c) => `${describeCondition(c)}${c.meaning ? `: ${c.meaning}` : ''}`),
    mdHeading(3, 'Abort conditions'),
    mdText(`The run stops and the fault is removed as soon as one of these is true for ${checks}. Each is also checked before the fault goes in. Missing data counts as true.`),
    conditionList(e.abortUnless, (c) => `${describeCondition(c, negate(c.comparator))}, or no data`),
    ...verificationSection(e),
    ...boundsSection(e),
    mdHeading(3, 'Stop it by hand'),
    mdCodeBlock(s.engine === 'chaos-mesh' ? chaosMeshCommands(e) : litmusCommands(e), 'sh'),
    mdText(
      'A manual pause lasts until the next deploy puts the generated objects back. To keep it, set paused: { reason } on the experiment (or on the whole schedule) and deploy.',
    ),
  ]).trimEnd();
}

function conditionList(list: readonly ChaosConditionDefinition[], text: (c: ChaosConditionDefinition) => string): string {
  return mdList(list.map((c) => `${mdText(text(c))} (${mdCode(c.name)}): ${mdCode(c.query)}`));
}

function verificationSection(e: ChaosExperimentDefinition): string[] {
  const v = e.verification;
  if (!v) return [];
  const items = [
    ...v.conditions.map((c) => `${mdText(`${c.description}: worst value ${negate(c.comparator)} ${formatThreshold(c.threshold, c.unit)}`)} (${mdCode(c.name)})`),
    ...(v.circuitBreaker ? [`${mdText('the circuit breaker never opened')} (${mdCode(`${v.circuitBreaker.openGauge} == 1`)} never true; ${mdCode(v.circuitBreaker.name)})`] : []),
  ];
  return [
    mdHeading(3, 'Expected under the fault (verification)'),
    mdText(
      `After each run, ${CHAOS_ALERTS.verification} fires for ${e.alerts.notifyFor.toHumanString()} when, over the last ${v.window.toHumanString()} of the run, any of these happened, or its data was missing. ` +
        'Prometheus cannot tell whether the fault went in: a run given up at the steady-state check or aborted is verified too, so read the engine\'s record of the run first.',
    ),
    mdList(items),
  ];
}

/** Side by side, per signal: the steady state, what is expected under the fault, and when the run aborts. */
function boundsSection(e: ChaosExperimentDefinition): string[] {
  const signals = new Map<string, { description: string; steady?: string; expected?: string; abort?: string }>();
  const put = (c: ChaosConditionDefinition, field: 'steady' | 'expected' | 'abort') => {
    const key = `${c.query}\u0000${c.unit}`;
    const row = signals.get(key) ?? { description: c.description };
    const comparator = field === 'abort' ? negate(c.comparator) : c.comparator;
    row[field] = `${comparator} ${formatThreshold(c.threshold, c.unit)}`;
    signals.set(key, row);
  };
  e.hypothesis.forEach((c) => put(c, 'steady'));
  e.verification?.conditions.forEach((c) => put(c, 'expected'));
  e.abortUnless.forEach((c) => put(c, 'abort'));
  const shared = [...signals.values()].filter((r) => [r.steady, r.expected, r.abort].filter(Boolean).length > 1);
  if (shared.length === 0) return [];
  return [
    mdHeading(3, 'Bounds per signal'),
    mdText('Between the steady state and the abort bound lies what the experiment tolerates: the hypothesis may fail there, and the run goes on.'),
    mdTable(
      ['Signal', 'Steady state', 'Expected under the fault', 'Abort when'],
      shared.map((r) => [mdText(r.description), mdText(r.steady ?? '-'), mdText(r.expected ?? '-'), mdText(r.abort ?? '-')]),
    ),
  ];
}

/**
 * Which pods a run hits, with the engine's own rounding spelled out for small replica counts: Chaos Mesh
 * rounds a share up (`ceil`), litmus-go rounds it down but hits at least one pod.
 */
function blastRadius(s: ChaosScheduleDefinition, e: ChaosExperimentDefinition): string {
  const t = e.target;
  const labels = mdCode(Object.entries(t.selector).map(([k, v]) => `${k}=${v}`).join(','));
  const where = `the pods labelled ${labels} in namespace ${mdCode(t.namespace)}`;
  if ('count' in t.pods) return `${t.pods.count} of ${where} (every one of them when no more are running)`;
  const percent = t.pods.percent;
  if (percent === 100) return `every one of ${where} (opted in: ${mdText(t.allowAllPods!.reason)})`;
  const hit = (n: number) => (s.engine === 'chaos-mesh' ? Math.ceil((n * percent) / 100) : Math.max(1, Math.floor((n * percent) / 100)));
  const replicas = [1, 2, 3, 4, 5, 6];
  return `${percent}% of ${where}; pods hit with 1 to 6 running: ${replicas.map(hit).join(', ')}`;
}

function describeFault(f: ChaosFaultDefinition): string {
  const scope = (targets: readonly string[]) => (targets.length > 0 ? ` to ${targets.join(', ')}` : '');
  switch (f.kind) {
    case 'network-latency':
      return `${f.latency.toMilliseconds()} ms of network latency on outgoing traffic${scope(f.externalTargets)}${f.jitter ? ` (jitter ${f.jitter.toMilliseconds()} ms)` : ''}`;
    case 'network-loss':
      return `${f.percent}% packet loss on outgoing traffic${scope(f.externalTargets)}`;
    case 'network-partition':
      return `network partition of ${{ to: 'outgoing', from: 'incoming', both: 'all' }[f.direction]} traffic${scope(f.externalTargets)}`;
    case 'pod-kill':
      return `pods killed once${f.gracePeriod.toMilliseconds() > 0 ? ` with a ${f.gracePeriod.toHumanString()} grace period` : ', without grace period'}`;
    case 'pod-failure':
      return 'pods made unavailable for the duration';
    case 'cpu-stress':
      return `CPU stress: ${f.workers} worker${f.workers === 1 ? '' : 's'} at ${f.load}% per pod`;
    case 'memory-stress':
      return `memory stress: ${f.workers} worker${f.workers === 1 ? '' : 's'} of ${f.megabytesPerWorker} MB per pod`;
    case 'http-abort':
      return `HTTP requests aborted on port ${f.port}${f.path !== '*' ? `, path ${f.path}` : ''}${f.method ? `, method ${f.method}` : ''}`;
    case 'http-delay':
      return `HTTP requests delayed by ${f.delay.toMilliseconds()} ms on port ${f.port}${f.path !== '*' ? `, path ${f.path}` : ''}${f.method ? `, method ${f.method}` : ''}`;
  }
}

function objects(s: ChaosScheduleDefinition, e: ChaosExperimentDefinition): string {
  const ns = mdCode(e.target.namespace);
  const name = mdCode(e.metadata.name);
  if (s.engine === 'chaos-mesh') return `Chaos Mesh Schedule ${name} in ${ns}; each run is a Workflow labelled ${mdCode(`${CHAOS_MESH_MANAGED_BY_LABEL}=${e.metadata.name}`)}`;
  const experiment = LITMUS_EXPERIMENTS[e.fault.kind]!;
  return (
    `ChaosEngine ${name} and CronJob ${name} in ${ns}, ServiceAccounts ${mdCode(`${e.metadata.name}-runner`)} and ${mdCode(`${e.metadata.name}-trigger`)}. ` +
    `Needs the ChaosHub experiment ${mdCode(experiment)} installed in ${ns}`
  );
}

function chaosMeshCommands(e: ChaosExperimentDefinition): string {
  const ns = e.target.namespace;
  const name = e.metadata.name;
  return [
    '# Stop the run under way: abort its workflow (Chaos Mesh removes the fault)',
    `kubectl annotate workflows.chaos-mesh.org --namespace ${ns} -l ${CHAOS_MESH_MANAGED_BY_LABEL}=${name} ${CHAOS_MESH_ABORT_ANNOTATION}=true --overwrite`,
    '# Start no more runs (the kill switch by hand)',
    `kubectl annotate schedules.chaos-mesh.org ${name} --namespace ${ns} ${CHAOS_MESH_PAUSE_ANNOTATION}=true --overwrite`,
    '# If the fault is still in after the abort: delete the workflows and the chaos they created',
    `kubectl delete workflows.chaos-mesh.org --namespace ${ns} -l ${CHAOS_MESH_MANAGED_BY_LABEL}=${name}`,
  ].join('\n');
}

function litmusCommands(e: ChaosExperimentDefinition): string {
  const ns = e.target.namespace;
  const name = e.metadata.name;
  return [
    '# Stop the run under way (chaos-operator removes the fault)',
    `kubectl patch chaosengines.litmuschaos.io ${name} --namespace ${ns} --type merge --patch '{"spec":{"engineState":"stop"}}'`,
    '# Start no more runs (the kill switch by hand)',
    `kubectl patch cronjob ${name} --namespace ${ns} --type merge --patch '{"spec":{"suspend":true}}'`,
  ].join('\n');
}
