import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-REL-004: Retries back off exponentially, with jitter and a cap. An attestation, since code cannot show it. */
export const RETRIES = attestationRule({
  id: 'SRE-REL-004',
  title: 'Retries back off exponentially, with jitter and a cap',
  checklist: CHECKLIST.retries,
  item: 'retries',
  within: Duration.days(365),
  evidence: 'the retry policy (exponential backoff, jitter, a retry budget)',
});
