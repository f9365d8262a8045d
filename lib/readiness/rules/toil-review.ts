import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-QC-004: Toil is reduced quarter over quarter. An attestation, since code cannot show it. */
export const TOIL_REVIEW = attestationRule({
  id: 'SRE-QC-004',
  title: 'Toil is reduced quarter over quarter',
  checklist: CHECKLIST.toil,
  item: 'toil-review',
  within: Duration.days(92),
  evidence: 'the quarterly toil review (share of time on toil, below 50%, and falling)',
});
