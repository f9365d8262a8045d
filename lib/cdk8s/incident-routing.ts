import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IncidentRoutingDefinition, IncidentRoutingProps } from '../incidents/incident-routing';
import { childPath } from './path';

/**
 * Incident routing as an `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1): receivers with credentials by
 * Secret reference, the route tree on `sev` and `service`, inhibitions.
 *
 * At synth, with `operatorMatcherStrategy: 'OnNamespace'` (the operator's default), every alert of the given
 * sources must carry the `namespace` label the operator will match on (this object's namespace), or it would
 * never reach the config.
 */
export class IncidentRouting extends Construct {
  /** The checked routing; `definition.alertmanagerYaml()` is the same routing as a plain `alertmanager.yml`. */
  public readonly definition: IncidentRoutingDefinition;
  /** The AlertmanagerConfig. */
  public readonly alertmanagerConfig: ApiObject;
  /** The Watchdog rule of the dead-man's-switch route, labelled with the config's namespace (see `watchdogPrometheusRule`). */
  public readonly watchdogRule?: ApiObject;

  constructor(scope: Construct, id: string, props: IncidentRoutingProps) {
    const definition = IncidentRoutingDefinition.create(props, childPath(scope, id));
    const manifest = definition.alertmanagerConfig();
    super(scope, id);
    this.definition = definition;
    this.alertmanagerConfig = new ApiObject(this, 'AlertmanagerConfig', manifest);
    const watchdog = definition.watchdogPrometheusRule(this.alertmanagerConfig.metadata.namespace);
    if (watchdog) this.watchdogRule = new ApiObject(this, 'WatchdogRule', watchdog);
    this.node.addValidation({ validate: () => definition.namespaceMatcherProblems(this.alertmanagerConfig.metadata.namespace) });
  }
}
