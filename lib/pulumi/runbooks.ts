import * as pulumi from '@pulumi/pulumi';
import { RunbooksDefinition, RunbooksProps } from '../incidents/runbooks';
import { PendingInputs } from './inputs';
import type { MetadataArgs } from './metadata-args';
import { KubernetesResource, registerManifest } from './manifest-resource';

/** Args of {@link Runbooks}: the core props, with the ConfigMap's metadata as Inputs. */
export interface RunbooksArgs extends Omit<RunbooksProps, 'configMap'> {
  /**
   * Also deliver the pages as a ConfigMap; its metadata may come from other resources.
   * @default - no ConfigMap
   */
  readonly configMap?: boolean | { readonly metadata?: MetadataArgs };
}

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

  constructor(name: string, args: RunbooksArgs, opts?: pulumi.ComponentResourceOptions) {
    const { configMap: delivery, ...rest } = args;
    const pending = PendingInputs.fromMetadata(typeof delivery === 'object' ? delivery.metadata : undefined, name);
    const configMap = typeof delivery === 'object' ? { metadata: pending.metadata } : delivery;
    const definition = RunbooksDefinition.create({ ...rest, configMap }, name);
    const problems = definition.coverageProblems();
    if (problems.length > 0) throw new Error(problems.join('\n'));
    super('sre-constructs:index:Runbooks', name, {}, opts);
    this.definition = definition;
    const manifest = definition.configMap();
    if (manifest) this.configMap = registerManifest(`${name}-runbooks`, manifest, pending, { parent: this });
    this.registerOutputs({ pages: [...definition.pages.keys()] });
  }
}
