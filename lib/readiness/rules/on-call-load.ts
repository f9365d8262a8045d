import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-QC-008: On-call load is balanced fairly. An attestation, since code cannot show it. */
export const ON_CALL_LOAD = attestationRule({
  id: 'SRE-QC-008',
  title: 'On-call load is balanced fairly',
  checklist: CHECKLIST.onCallLoad,
  item: 'on-call-load',
  within: Duration.days(92),
  evidence: 'the quarter\'s on-call load per person (pages, night pages, hours)',
});
