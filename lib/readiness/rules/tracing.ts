import type { InstrumentationFact, WorkloadFact } from '../model/workloads';
import type { ReadinessModel } from '../model/model';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

const INJECT = /^instrumentation\.opentelemetry\.io\/inject-[a-z-]+$/;
const OTLP_ENDPOINT = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];

/** SRE-OBS-003: every workload is traced through the OpenTelemetry operator. */
export const TRACING: ReadinessRule = {
  id: 'SRE-OBS-003',
  title: 'Every workload is traced (OpenTelemetry auto-instrumentation with a sampling ratio above 0)',
  checklist: CHECKLIST.tracing,
  level: 'error',
  description:
    'The pod template (or its Namespace) carries an instrumentation.opentelemetry.io/inject-<language> annotation that names an Instrumentation of the tree: ' +
    '"true" for the only one in the pod\'s namespace, "<name>" for one in it, "<namespace>/<name>" for another; and that Instrumentation samples more than 0% of traces. ' +
    'A container instrumented by hand counts too: it sets OTEL_EXPORTER_OTLP_ENDPOINT (or its traces variant) and neither OTEL_SDK_DISABLED=true nor OTEL_TRACES_SAMPLER=always_off.',
  check: ({ model }) => model.workloads.workloads.flatMap((w) => check(w, model)),
};

function check(w: WorkloadFact, model: ReadinessModel): ReadinessFinding[] {
  const finding = (problem: string, fix: string): ReadinessFinding[] => [{ object: w.ref, problem, fix }];
  const fromNamespace = model.workloads.namespaceAnnotations.get(w.namespace) ?? {};
  const annotations = { ...fromNamespace, ...w.podAnnotations };
  const injections = Object.entries(annotations).filter(([k, v]) => INJECT.test(k) && v.trim().toLowerCase() !== 'false');
  if (injections.length === 0 && w.containers.some((c) => !c.init && tracesBySdk(c.env))) return [];
  if (injections.length === 0) {
    return finding(
      'its pods are not instrumented: neither the pod template nor its Namespace has an instrumentation.opentelemetry.io/inject-<language> annotation',
      'Add a Tracing (an Instrumentation) to its namespace and annotate the pod template, e.g. instrumentation.opentelemetry.io/inject-java: "true", or set OTEL_EXPORTER_OTLP_ENDPOINT for an SDK the service sets up itself.',
    );
  }
  const [key, value] = injections[0];
  const inNamespace = model.workloads.instrumentations.filter((i) => i.namespace === w.namespace);
  let target: InstrumentationFact | undefined;
  if (value.trim().toLowerCase() === 'true') {
    if (inNamespace.length !== 1) {
      return finding(
        `${key}: "true" picks the only Instrumentation of namespace ${w.namespace}, and the tree has ${inNamespace.length === 0 ? 'none' : `${inNamespace.length} (${inNamespace.map((i) => i.ref.name).join(', ')})`} there`,
        inNamespace.length === 0 ? `Add a Tracing to namespace ${w.namespace}.` : 'Name the Instrumentation in the annotation ("<name>" or "<namespace>/<name>").',
      );
    }
    target = inNamespace[0];
  } else {
    const [ns, name] = value.includes('/') ? value.split('/', 2) : [w.namespace, value];
    target = model.workloads.instrumentations.find((i) => i.namespace === ns && i.ref.name === name);
    if (!target) {
      return finding(`${key} names Instrumentation ${ns}/${name}, which is not in the tree`, `Add a Tracing named ${name} to namespace ${ns}, or fix the annotation.`);
    }
  }
  if (target.samplingRatio !== undefined && target.samplingRatio <= 0) {
    return finding(`Instrumentation ${target.ref.namespace}/${target.ref.name} samples 0% of traces`, 'Give it a sampling ratio above 0 (the seed samples 10%).');
  }
  return [];
}

/** A container set up to export traces with an OpenTelemetry SDK of its own. */
function tracesBySdk(env: ReadonlyArray<{ readonly name: string; readonly value?: string }>): boolean {
  const value = (name: string) => env.find((e) => e.name === name)?.value?.trim().toLowerCase();
  return env.some((e) => OTLP_ENDPOINT.includes(e.name)) && value('OTEL_SDK_DISABLED') !== 'true' && value('OTEL_TRACES_SAMPLER') !== 'always_off';
}
