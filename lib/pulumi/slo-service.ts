import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { OpenSloImportOptions, fromOpenSlo } from '../import/openslo';
import { SlothImportOptions, fromSloth } from '../import/sloth';
import { SloServiceDefinition, SloServiceProps } from '../slo/slo-service';

/**
 * A service's SLOs as a PrometheusRule custom resource: recording rules for every SLI window, the error
 * budget, and multiwindow multi-burn-rate alerts.
 *
 * The args are plain values, not Outputs: rules are generated and checked while the program runs, so a
 * wrong spec fails before any resource is registered.
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
  public readonly prometheusRule: k8s.apiextensions.CustomResource;
  /** Name of the PrometheusRule. */
  public readonly prometheusRuleName: pulumi.Output<string>;

  constructor(name: string, args: SloServiceProps, opts?: pulumi.ComponentResourceOptions) {
    const definition = SloServiceDefinition.create(args, name);
    super('sre-constructs:index:SloService', name, {}, opts);
    this.definition = definition;
    this.prometheusRule = new k8s.apiextensions.CustomResource(`${name}-prometheus-rule`, { ...definition.prometheusRule() }, { parent: this });
    this.prometheusRuleName = this.prometheusRule.metadata.name;
    this.registerOutputs({
      prometheusRuleName: this.prometheusRuleName,
      errorBudgetMinutes: Object.fromEntries(definition.slos.map((s) => [s.name, s.budget.minutes])),
    });
  }
}
