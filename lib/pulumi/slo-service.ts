import * as pulumi from '@pulumi/pulumi';
import { OpenSloImportOptions, fromOpenSlo } from '../import/openslo';
import { SlothImportOptions, fromSloth } from '../import/sloth';
import { SloServiceDefinition, SloServiceProps } from '../slo/slo-service';
import { PendingInputs } from './inputs';
import type { WithMetadataArgs } from './metadata-args';
import { KubernetesResource, registerManifest } from './manifest-resource';

/** Args of {@link SloService}: the core props, with metadata that may come from other resources. */
export type SloServiceArgs = WithMetadataArgs<SloServiceProps>;

/**
 * A service's SLOs as a PrometheusRule custom resource: recording rules for every SLI window, the error
 * budget, and multiwindow multi-burn-rate alerts.
 *
 * SLIs, objectives and windows are plain values, checked while the program runs, so a wrong spec fails
 * before any resource is registered. Metadata (name, namespace, labels) accepts Inputs.
 */
export class SloService extends pulumi.ComponentResource {
  /** One SloService per service of a Sloth spec (YAML text), each named after its service. */
  public static fromSloth(text: string, options?: SlothImportOptions, opts?: pulumi.ComponentResourceOptions): SloService[] {
    return fromSloth(text, options).map((props) => new SloService(props.service, props, opts));
  }

  /** One SloService per service of OpenSLO documents (YAML text), each named after its service. */
  public static fromOpenSlo(text: string, options?: OpenSloImportOptions, opts?: pulumi.ComponentResourceOptions): SloService[] {
    return fromOpenSlo(text, options).map((props) => new SloService(props.service, props, opts));
  }

  /** The checked service: SLOs, error budgets, windows and rules. */
  public readonly definition: SloServiceDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: KubernetesResource;
  /** Name of the PrometheusRule. */
  public readonly prometheusRuleName: pulumi.Output<string>;

  constructor(name: string, args: SloServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const definition = SloServiceDefinition.create({ ...args, metadata: pending.metadata }, name);
    super('sre-constructs:index:SloService', name, {}, opts);
    this.definition = definition;
    this.prometheusRule = registerManifest(`${name}-prometheus-rule`, definition.prometheusRule(), pending, { parent: this });
    this.prometheusRuleName = this.prometheusRule.metadata.name;
    this.registerOutputs({
      prometheusRuleName: this.prometheusRuleName,
      errorBudgetMinutes: Object.fromEntries(definition.slos.map((s) => [s.name, s.budget.minutes])),
    });
  }
}
