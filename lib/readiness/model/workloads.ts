import { CHAOS_LABELS } from '../../chaos/experiment';
import { asArray, asNumber, asObject, asString, asStringMap, at, objectsOf } from './json';
import type { ObjectRef, ReviewedObject } from './objects';
import { LabelSelector, mapSelectorMatches, readLabelSelector, selectorMatches } from './selectors';

/** The label that says which service an object belongs to: the one the library's chaos objects carry. */
export const SERVICE_LABEL = CHAOS_LABELS.service;
/** The annotation on a workload that says why it runs a single replica. */
export const SINGLE_REPLICA_REASON = 'sre-constructs.dev/single-replica-reason';
const NAME_LABEL = 'app.kubernetes.io/name';

/** A container of a workload's pod template. */
export interface ContainerFact {
  /** Container name. */
  readonly name: string;
  /** Whether it is an init container (it runs before the others, so it has no probes). */
  readonly init: boolean;
  /** `resources.requests`, as written. */
  readonly requests: Readonly<Record<string, string>>;
  /** `resources.limits`, as written. */
  readonly limits: Readonly<Record<string, string>>;
  /** Whether it has a readiness probe. */
  readonly readiness: boolean;
  /** Whether it has a liveness probe. */
  readonly liveness: boolean;
  /** Environment variables: a literal value, or undefined when it comes from elsewhere (valueFrom). */
  readonly env: ReadonlyArray<{ readonly name: string; readonly value?: string }>;
}

/** A Deployment or StatefulSet. */
export interface WorkloadFact {
  /** The object. */
  readonly ref: ObjectRef;
  /** Namespace (the object's; empty when the manifest leaves it to the one applying it). */
  readonly namespace: string;
  /**
   * The service it runs: its `sre-constructs.dev/service` label, else `app.kubernetes.io/name` (on the
   * object, then on its pods), else its name.
   */
  readonly service: string;
  /** Replicas (Kubernetes' default of 1 when unset). */
  readonly replicas: number;
  /** Whether `replicas` was left out. */
  readonly replicasDefaulted: boolean;
  /** The object's annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Labels of its pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Annotations of its pods. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Containers and init containers. */
  readonly containers: readonly ContainerFact[];
}

/** A PodDisruptionBudget. */
export interface DisruptionBudgetFact {
  /** The object. */
  readonly ref: ObjectRef;
  /** Namespace. */
  readonly namespace: string;
  /** Pod selector. */
  readonly selector?: LabelSelector;
  /** `minAvailable`, as written (a count or a percentage). */
  readonly minAvailable?: string | number;
  /** `maxUnavailable`, as written. */
  readonly maxUnavailable?: string | number;
}

/** A NetworkPolicy. */
export interface NetworkPolicyFact {
  /** The object. */
  readonly ref: ObjectRef;
  /** Namespace. */
  readonly namespace: string;
  /** Pods it applies to. */
  readonly podSelector?: LabelSelector;
  /** Whether it restricts ingress (policyTypes has Ingress, or leaves policyTypes out). */
  readonly ingress: boolean;
  /** Whether one of its ingress rules is empty, which lets everything in. */
  readonly allowsAllIngress: boolean;
}

/** A HorizontalPodAutoscaler. */
export interface AutoscalerFact {
  /** The object. */
  readonly ref: ObjectRef;
  /** Namespace. */
  readonly namespace: string;
  /** What it scales. */
  readonly target: { readonly kind: string; readonly name: string };
  /** `minReplicas` (Kubernetes' default of 1 when unset). */
  readonly minReplicas: number;
  /** `maxReplicas`. */
  readonly maxReplicas?: number;
}

/** A Kubernetes Service. */
export interface ServiceObjectFact {
  /** The object. */
  readonly ref: ObjectRef;
  /** Namespace. */
  readonly namespace: string;
  /** Its labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Its pod selector. */
  readonly selector: Readonly<Record<string, string>>;
}

/** A ServiceMonitor or PodMonitor. */
export interface ScrapeFact {
  /** The object. */
  readonly ref: ObjectRef;
  /** Namespace. */
  readonly namespace: string;
  /** `Service` for a ServiceMonitor (it selects Services), `Pod` for a PodMonitor. */
  readonly selects: 'Service' | 'Pod';
  /** Its selector. */
  readonly selector?: LabelSelector;
  /** Namespaces it looks in: its own unless `namespaceSelector` says otherwise; `any` for all. */
  readonly namespaces: readonly string[] | 'any';
}

/** An OpenTelemetry `Instrumentation`. */
export interface InstrumentationFact {
  /** The object. */
  readonly ref: ObjectRef;
  /** Namespace. */
  readonly namespace: string;
  /** Sampler argument, as a number when it is one. */
  readonly samplingRatio?: number;
}

/** The workloads of a tree and the objects that look after them. */
export interface WorkloadFacts {
  /** Deployments and StatefulSets. */
  readonly workloads: readonly WorkloadFact[];
  /** PodDisruptionBudgets. */
  readonly disruptionBudgets: readonly DisruptionBudgetFact[];
  /** NetworkPolicies. */
  readonly networkPolicies: readonly NetworkPolicyFact[];
  /** HorizontalPodAutoscalers. */
  readonly autoscalers: readonly AutoscalerFact[];
  /** Services. */
  readonly services: readonly ServiceObjectFact[];
  /** ServiceMonitors and PodMonitors. */
  readonly scrapes: readonly ScrapeFact[];
  /** Instrumentations. */
  readonly instrumentations: readonly InstrumentationFact[];
  /** Namespace objects' annotations, by name. */
  readonly namespaceAnnotations: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Reads the workloads and the objects around them. */
export function readWorkloads(objects: readonly ReviewedObject[]): WorkloadFacts {
  const ns = (o: ReviewedObject) => o.ref.namespace ?? '';
  const is = (o: ReviewedObject, group: string, kind: string) => o.group === group && o.ref.kind === kind;
  const spec = (o: ReviewedObject) => asObject(o.manifest.spec) ?? {};

  const workloads = objects.filter((o) => is(o, 'apps', 'Deployment') || is(o, 'apps', 'StatefulSet')).map((o) => readWorkload(o));
  const disruptionBudgets = objects
    .filter((o) => is(o, 'policy', 'PodDisruptionBudget'))
    .map((o): DisruptionBudgetFact => {
      const s = spec(o);
      const count = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? v : undefined);
      return { ref: o.ref, namespace: ns(o), selector: readLabelSelector(s.selector), minAvailable: count(s.minAvailable), maxUnavailable: count(s.maxUnavailable) };
    });
  const networkPolicies = objects
    .filter((o) => is(o, 'networking.k8s.io', 'NetworkPolicy'))
    .map((o): NetworkPolicyFact => {
      const s = spec(o);
      const types = asArray(s.policyTypes).filter((t): t is string => typeof t === 'string');
      // Without policyTypes a policy always restricts ingress (and egress only when it has egress rules).
      const ingress = types.length === 0 || types.includes('Ingress');
      const allowsAllIngress = objectsOf(s.ingress).some((rule) => Object.keys(rule).length === 0);
      return { ref: o.ref, namespace: ns(o), podSelector: readLabelSelector(s.podSelector), ingress, allowsAllIngress };
    });
  const autoscalers = objects
    .filter((o) => is(o, 'autoscaling', 'HorizontalPodAutoscaler'))
    .map((o): AutoscalerFact => {
      const s = spec(o);
      const max = asNumber(s.maxReplicas);
      return {
        ref: o.ref,
        namespace: ns(o),
        target: { kind: asString(at(s, 'scaleTargetRef', 'kind')) ?? '', name: asString(at(s, 'scaleTargetRef', 'name')) ?? '' },
        minReplicas: asNumber(s.minReplicas) ?? 1,
        ...(max !== undefined ? { maxReplicas: max } : {}),
      };
    });
  const services = objects
    .filter((o) => is(o, '', 'Service'))
    .map((o): ServiceObjectFact => ({ ref: o.ref, namespace: ns(o), labels: o.labels, selector: asStringMap(spec(o).selector) }));
  const scrapes = objects
    .filter((o) => is(o, 'monitoring.coreos.com', 'ServiceMonitor') || is(o, 'monitoring.coreos.com', 'PodMonitor'))
    .map((o): ScrapeFact => {
      const s = spec(o);
      const nsSel = asObject(s.namespaceSelector);
      const names = asArray(nsSel?.matchNames).filter((n): n is string => typeof n === 'string');
      return {
        ref: o.ref,
        namespace: ns(o),
        selects: o.ref.kind === 'ServiceMonitor' ? 'Service' : 'Pod',
        selector: readLabelSelector(s.selector),
        namespaces: nsSel?.any === true ? 'any' : names.length > 0 ? names : [ns(o)],
      };
    });
  const instrumentations = objects
    .filter((o) => is(o, 'opentelemetry.io', 'Instrumentation'))
    .map((o): InstrumentationFact => {
      const ratio = asNumber(at(spec(o), 'sampler', 'argument'));
      return { ref: o.ref, namespace: ns(o), ...(ratio !== undefined ? { samplingRatio: ratio } : {}) };
    });
  const namespaceAnnotations = new Map(objects.filter((o) => is(o, '', 'Namespace')).map((o) => [o.ref.name, o.annotations] as const));
  return { workloads, disruptionBudgets, networkPolicies, autoscalers, services, scrapes, instrumentations, namespaceAnnotations };
}

function readWorkload(o: ReviewedObject): WorkloadFact {
  const spec = asObject(o.manifest.spec) ?? {};
  const template = asObject(spec.template) ?? {};
  const podLabels = asStringMap(at(template, 'metadata', 'labels'));
  const podAnnotations = asStringMap(at(template, 'metadata', 'annotations'));
  const podSpec = asObject(template.spec) ?? {};
  const container = (c: Record<string, unknown>, init: boolean): ContainerFact => ({
    name: asString(c.name) ?? '',
    init,
    requests: asStringMap(at(c, 'resources', 'requests')),
    limits: asStringMap(at(c, 'resources', 'limits')),
    readiness: !!asObject(c.readinessProbe),
    liveness: !!asObject(c.livenessProbe),
    env: objectsOf(c.env).flatMap((e) => {
      const name = asString(e.name);
      const value = asString(e.value);
      return name ? [{ name, ...(value !== undefined ? { value } : {}) }] : [];
    }),
  });
  const replicas = asNumber(spec.replicas);
  const service = o.labels[SERVICE_LABEL] ?? o.labels[NAME_LABEL] ?? podLabels[NAME_LABEL] ?? o.ref.name;
  return {
    ref: o.ref,
    namespace: o.ref.namespace ?? '',
    service,
    replicas: replicas ?? 1,
    replicasDefaulted: replicas === undefined,
    annotations: o.annotations,
    podLabels,
    podAnnotations,
    containers: [...objectsOf(podSpec.initContainers).map((c) => container(c, true)), ...objectsOf(podSpec.containers).map((c) => container(c, false))],
  };
}

/** The PodDisruptionBudgets whose selector picks the workload's pods. */
export function budgetsFor(w: WorkloadFact, budgets: readonly DisruptionBudgetFact[]): DisruptionBudgetFact[] {
  return budgets.filter((b) => b.namespace === w.namespace && selectorMatches(b.selector, w.podLabels));
}

/** The NetworkPolicies that apply to the workload's pods for ingress. */
export function ingressPoliciesFor(w: WorkloadFact, policies: readonly NetworkPolicyFact[]): NetworkPolicyFact[] {
  return policies.filter((p) => p.ingress && p.namespace === w.namespace && selectorMatches(p.podSelector, w.podLabels));
}

/** Whether a ServiceMonitor (through a Service of the tree) or a PodMonitor scrapes the workload's pods. */
export function scrapesOf(w: WorkloadFact, facts: Pick<WorkloadFacts, 'scrapes' | 'services'>): ScrapeFact[] {
  const inScope = (s: ScrapeFact) => s.namespaces === 'any' || s.namespaces.includes(w.namespace);
  return facts.scrapes.filter((s) => {
    if (!inScope(s)) return false;
    if (s.selects === 'Pod') return selectorMatches(s.selector, w.podLabels);
    return facts.services.some((svc) => svc.namespace === w.namespace && selectorMatches(s.selector, svc.labels) && mapSelectorMatches(svc.selector, w.podLabels));
  });
}
