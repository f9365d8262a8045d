import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-OPS-003: An on-call rotation is established. An attestation, since code cannot show it. */
export const ON_CALL_ROTATION = attestationRule({
  id: 'SRE-OPS-003',
  title: 'An on-call rotation is established',
  checklist: CHECKLIST.onCall,
  item: 'on-call-rotation',
  within: Duration.days(90),
  evidence: 'the on-call rotation (schedule and escalation policy)',
});
