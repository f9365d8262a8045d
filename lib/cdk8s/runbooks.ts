import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { RunbooksDefinition, RunbooksProps } from '../incidents/runbooks';
import { childPath } from './path';

/**
 * The runbooks of some alert sources: generated SLO burn-rate runbooks, written runbooks at the pages their
 * alerts link, postmortem templates. `definition.files()` are the Markdown files to publish at the runbook
 * base URL; `configMap: true` also puts them in a ConfigMap. Alert sources in the same app check at synth
 * that the pages their links point to are rendered here.
 */
export class Runbooks extends Construct {
  /** The checked runbooks, every page rendered. */
  public readonly definition: RunbooksDefinition;
  /** The ConfigMap, when asked for. */
  public readonly configMap?: ApiObject;

  constructor(scope: Construct, id: string, props: RunbooksProps) {
    const definition = RunbooksDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    const configMap = definition.configMap();
    if (configMap) this.configMap = new ApiObject(this, 'ConfigMap', configMap);
  }
}
