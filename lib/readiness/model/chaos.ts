import { CHAOS_MESH_PAUSE_ANNOTATION } from '../../chaos/chaos-mesh';
import { CHAOS_ANNOTATIONS } from '../../chaos/experiment';
import { CronSchedule, parseCron } from '../../common/cron';
import { asArray, asObject, asString, asStringMap, at, objectsOf } from './json';
import type { ObjectRef, ReviewedObject } from './objects';
import { SERVICE_LABEL } from './workloads';

/** A chaos experiment that may run on a schedule. */
export interface ChaosFact {
  /** The Chaos Mesh Schedule, or the Litmus ChaosEngine. */
  readonly ref: ObjectRef;
  /** Engine. */
  readonly engine: 'chaos-mesh' | 'litmus';
  /** The service it is for: its `sre-constructs.dev/service` label, else the `app.kubernetes.io/name` its fault targets. */
  readonly service?: string;
  /** The schedule (for Litmus, its trigger CronJob's); a string says why there is none or why it does not parse. */
  readonly schedule: CronSchedule | string;
  /** Why it does not run, when it is paused (Chaos Mesh pause annotation, suspended Litmus trigger). */
  readonly paused?: string;
  /** Whether a check stops the fault while it is in (a Continuous status check that aborts, or a probe with stopOnFailure). */
  readonly abortsDuringRun: boolean;
}

/** Chaos Mesh Schedules and Litmus ChaosEngines, with their schedules and aborts. */
export function readChaos(objects: readonly ReviewedObject[]): ChaosFact[] {
  const out: ChaosFact[] = [];
  const cronJobs = objects.filter((o) => o.group === 'batch' && o.ref.kind === 'CronJob');
  for (const o of objects) {
    if (o.group === 'chaos-mesh.org' && o.ref.kind === 'Schedule') {
      const spec = asObject(o.manifest.spec) ?? {};
      const templates = objectsOf(at(spec, 'workflow', 'templates'));
      const abortsDuringRun = spec.type === 'Workflow' && templates.some((t) => t.templateType === 'StatusCheck' && t.abortWithStatusCheck === true && at(t, 'statusCheck', 'mode') === 'Continuous');
      const paused = o.annotations[CHAOS_MESH_PAUSE_ANNOTATION] === 'true' ? `annotated ${CHAOS_MESH_PAUSE_ANNOTATION}: "true"${reason(o)}` : undefined;
      const schedule = asString(spec.schedule);
      out.push({
        ref: o.ref,
        engine: 'chaos-mesh',
        service: o.labels[SERVICE_LABEL] ?? o.labels['app.kubernetes.io/name'] ?? targetName(spec),
        schedule: schedule ? parseCron(schedule) : 'has no spec.schedule',
        ...(paused ? { paused } : {}),
        abortsDuringRun,
      });
    } else if (o.group === 'litmuschaos.io' && o.ref.kind === 'ChaosEngine') {
      const spec = asObject(o.manifest.spec) ?? {};
      const probes = objectsOf(spec.experiments).flatMap((e) => objectsOf(at(e, 'spec', 'probe')));
      const abortsDuringRun = probes.some((p) => at(p, 'runProperties', 'stopOnFailure') === true && ['Continuous', 'OnChaos', 'Edge'].includes(asString(p.mode) ?? ''));
      const trigger = cronJobs.find((c) => c.ref.namespace === o.ref.namespace && startsEngine(c, o.ref.name));
      const schedule = asString(at(trigger?.manifest, 'spec', 'schedule'));
      const suspended = at(trigger?.manifest, 'spec', 'suspend') === true;
      const applabel = asString(at(spec, 'appinfo', 'applabel')) ?? '';
      const fromApplabel = /(?:^|,)app\.kubernetes\.io\/name=([^,]+)/.exec(applabel)?.[1];
      out.push({
        ref: o.ref,
        engine: 'litmus',
        service: o.labels[SERVICE_LABEL] ?? o.labels['app.kubernetes.io/name'] ?? fromApplabel,
        schedule: !trigger
          ? 'has no CronJob in its namespace that starts it (Litmus runs an engine once, when it is set active)'
          : schedule
            ? parseCron(schedule)
            : `is started by CronJob ${trigger.ref.name}, which has no spec.schedule`,
        ...(suspended ? { paused: `its CronJob ${trigger!.ref.name} is suspended${reason(trigger!)}` } : {}),
        abortsDuringRun,
      });
    }
  }
  return out;
}

function reason(o: ReviewedObject): string {
  const why = o.annotations[CHAOS_ANNOTATIONS.paused];
  return why ? ` (${why})` : '';
}

function targetName(spec: Record<string, unknown>): string | undefined {
  for (const t of objectsOf(at(spec, 'workflow', 'templates'))) {
    for (const v of Object.values(t)) {
      const labels = asStringMap(at(v, 'selector', 'labelSelectors'));
      if (labels['app.kubernetes.io/name']) return labels['app.kubernetes.io/name'];
    }
  }
  for (const v of Object.values(spec)) {
    const labels = asStringMap(at(v, 'selector', 'labelSelectors'));
    if (labels['app.kubernetes.io/name']) return labels['app.kubernetes.io/name'];
  }
  return undefined;
}

/** Whether a CronJob's container patches or annotates the ChaosEngine of that name. */
function startsEngine(cronJob: ReviewedObject, engine: string): boolean {
  const containers = objectsOf(at(cronJob.manifest, 'spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers'));
  return containers.some((c) => {
    const words = [...asArray(c.command), ...asArray(c.args)].filter((w): w is string => typeof w === 'string');
    return words.some((w) => w.includes('chaosengine')) && words.some((w) => w === engine || w.endsWith(`/${engine}`));
  });
}
