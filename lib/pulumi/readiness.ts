import { ReadinessModel } from '../readiness/model/model';
import { StackResource, manifestsFromStack } from '../readiness/model/stack';
import { ReadinessReport, findingText } from '../readiness/report';
import { ReadinessReviewDefinition, ReadinessReviewProps } from '../readiness/review';

/**
 * A `StackValidationPolicy` of `@pulumi/policy`, written out so this module does not need that package to
 * type-check: pass it to `new PolicyPack(name, { policies })`.
 */
export interface ReadinessPolicy {
  /** Policy name: the rule id in lower case (`sre-arc-004`). */
  readonly name: string;
  /** The rule's title and checklist item. */
  readonly description: string;
  /** `mandatory` for error-level rules, `advisory` for warnings. */
  readonly enforcementLevel: 'mandatory' | 'advisory';
  /** Reviews the stack's resources and reports each finding against the resource it names. */
  readonly validateStack: (args: { readonly resources: readonly StackResource[] }, reportViolation: (message: string, urn?: string) => void) => void;
}

/**
 * The readiness review as CrossGuard policies, one per rule of the pack. Each reads every Kubernetes
 * resource of the stack (its properties are the manifest). Attestations and acknowledgements are checked
 * when this is called. While a preview still has unknown values, Pulumi reports that the policies cannot
 * run yet; they run on the update.
 *
 * @example
 * // index.ts of a policy pack: pulumi up --policy-pack ./readiness
 * new PolicyPack('readiness', { policies: readinessPolicies({ attestations, acknowledgements }) });
 * @see https://www.pulumi.com/docs/iac/using-pulumi/crossguard/
 */
export function readinessPolicies(props: ReadinessReviewProps = {}): ReadinessPolicy[] {
  const definition = ReadinessReviewDefinition.create(props, 'readinessPolicies');
  // Pulumi calls each policy with the same stack: read it once, not once per rule.
  let last: { readonly key: string; readonly model: ReadinessModel } | undefined;
  const modelOf = (resources: readonly StackResource[]) => {
    const sources = manifestsFromStack(resources);
    const key = JSON.stringify(sources);
    if (last?.key !== key) last = { key, model: ReadinessModel.fromManifests(sources) };
    return last.model;
  };
  return definition.pack.entries.map(
    ({ rule, level }): ReadinessPolicy => ({
      name: rule.id.toLowerCase(),
      description: `${rule.title} (${rule.checklist.section}: ${rule.checklist.item})`,
      enforcementLevel: level === 'error' ? 'mandatory' : 'advisory',
      validateStack: (args, report) => {
        const model = modelOf(args.resources);
        for (const f of definition.reviewModel(model, [rule.id]).results[0].findings) {
          report(findingText(f), f.object ? model.originOf(f.object) : undefined);
        }
      },
    }),
  );
}

/** The whole report (warnings and acknowledgements too) for a stack's resources. */
export function readinessReport(resources: readonly StackResource[], props: ReadinessReviewProps = {}): ReadinessReport {
  return ReadinessReviewDefinition.create(props, 'readinessReport').review(manifestsFromStack(resources));
}
