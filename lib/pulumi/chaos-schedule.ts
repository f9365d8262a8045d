import * as pulumi from '@pulumi/pulumi';
import { ChaosScheduleDefinition, ChaosScheduleProps } from '../chaos/chaos-schedule';
import type { ChaosExperimentProps } from '../chaos/experiment';
import type { ChaosTargetProps } from '../chaos/target';
import { requireNamespace, requireText } from '../common/names';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import type { MetadataArgs } from './metadata-args';

/** A target whose namespace may come from another resource. */
export type ChaosTargetArgs = Omit<ChaosTargetProps, 'namespace'> & {
  /** Namespace of the pods; the engine's objects go there too. */
  readonly namespace: pulumi.Input<string>;
};

/** An experiment whose target namespace may come from another resource. */
export type ChaosExperimentArgs = Omit<ChaosExperimentProps, 'target'> & {
  /** Which pods. */
  readonly target: ChaosTargetArgs;
};

/** Args of {@link ChaosSchedule}: the core props, with namespaces, label values and the PrometheusRule's metadata as Inputs. */
export type ChaosScheduleArgs = Omit<ChaosScheduleProps, 'experiments' | 'prometheusRule' | 'labels'> & {
  /** The experiments. */
  readonly experiments: readonly ChaosExperimentArgs[];
  /**
   * Kubernetes labels on every generated object; values may come from other resources.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Metadata of the PrometheusRule carrying the alerts.
   * @default - named "<service>-chaos"
   */
  readonly prometheusRule?: MetadataArgs;
};

/**
 * A service's scheduled chaos experiments: Chaos Mesh Schedules of Workflows, or Litmus ChaosEngines with
 * their CronJobs and RBAC, and a PrometheusRule with the abort and verification alerts. Everything the core
 * checks is checked before any resource registers; the experiment card is the `card` output.
 */
export class ChaosSchedule extends pulumi.ComponentResource {
  /** The checked schedule. */
  public readonly definition: ChaosScheduleDefinition;
  /** Every registered object, in the core's order. */
  public readonly resources: readonly KubernetesResource[];
  /** The experiment card (Markdown), with any namespace Inputs filled in. */
  public readonly card: pulumi.Output<string>;

  constructor(name: string, args: ChaosScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.prometheusRule, name);
    const experiments = args.experiments.map((e) => ({ ...e, target: { ...e.target, namespace: pending.value(e.target.namespace, (v, at) => requireNamespace(at, 'target.namespace', v)) as string } }));
    const labels = args.labels && Object.fromEntries(Object.entries(args.labels).map(([key, value]) => [key, pending.value(value, (v, at) => requireText(at, `labels.${key}`, v)) as string]));
    const definition = ChaosScheduleDefinition.create({ ...args, experiments, labels, prometheusRule: pending.metadata }, name);
    super('sre-constructs:index:ChaosSchedule', name, {}, opts);
    this.definition = definition;
    this.resources = definition.manifests().map((m) =>
      registerManifest(m.kind === 'PrometheusRule' ? `${name}-prometheus-rule` : `${name}-${m.kind.toLowerCase()}-${m.metadata.name}`, m, pending, { parent: this }),
    );
    this.card = pulumi.output(pending.resolve({ apiVersion: 'v1', kind: 'ExperimentCard', card: definition.card() }).card) as pulumi.Output<string>;
    this.registerOutputs({ card: this.card, experiments: definition.experiments.map((e) => ({ name: e.name, paused: e.paused?.reason ?? null })) });
  }
}
