import * as pulumi from '@pulumi/pulumi';
import { RunbooksDefinition, RunbooksProps } from '../incidents/runbooks';
import { KubernetesResource, registerManifest } from './manifest-resource';

/**
 * The runbooks of some alert sources: generated SLO burn-rate runbooks, written runbooks at the pages their
 * alerts link, postmortem templates; optionally as a ConfigMap. A Pulumi program has no synth step, so the
 * runbook check runs here, for the alerts of the given sources: a paging alert without a runbook, or a link
 * built from a base URL whose page is not rendered, fails before anything registers.
 */
export class Runbooks extends pulumi.ComponentResource {
  /** The checked runbooks, every page rendered (`definition.files()`). */
  public readonly definition: RunbooksDefinition;
  /** The ConfigMap, when asked for. */
  public readonly configMap?: KubernetesResource;

  constructor(name: string, args: RunbooksProps, opts?: pulumi.ComponentResourceOptions) {
    const definition = RunbooksDefinition.create(args, name);
    const problems = definition.coverageProblems();
    if (problems.length > 0) throw new Error(problems.join('\n'));
    super('sre-constructs:index:Runbooks', name, {}, opts);
    this.definition = definition;
    const configMap = definition.configMap();
    if (configMap) this.configMap = registerManifest(`${name}-runbooks`, configMap, undefined, { parent: this });
    this.registerOutputs({ pages: [...definition.pages.keys()] });
  }
}
