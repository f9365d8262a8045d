import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-SEC-001: A security review is completed. An attestation, since code cannot show it. */
export const SECURITY_REVIEW = attestationRule({
  id: 'SRE-SEC-001',
  title: 'A security review is completed',
  checklist: CHECKLIST.securityReview,
  item: 'security-review',
  within: Duration.days(365),
  evidence: 'the completed security review',
});
