import { PolicyPack } from '@pulumi/policy';
import { readinessPolicies } from 'sre-constructs/pulumi';
import { readinessReview } from '../../readiness';

/**
 * The production readiness review as a CrossGuard policy pack, with the same attestations and
 * acknowledgements as the cdk8s app and the review command: `pulumi up --policy-pack ./policy`.
 */
new PolicyPack('production-readiness', { policies: readinessPolicies(readinessReview) });
