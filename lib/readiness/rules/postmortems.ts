import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-QC-005: Postmortems are completed for every SEV1 and SEV2. An attestation, since code cannot show it. */
export const POSTMORTEMS = attestationRule({
  id: 'SRE-QC-005',
  title: 'Postmortems are completed for every SEV1 and SEV2',
  checklist: CHECKLIST.postmortems,
  item: 'postmortems',
  within: Duration.days(92),
  evidence: 'the quarter\'s postmortems, one for every SEV1 and SEV2, each within 48 hours',
});
