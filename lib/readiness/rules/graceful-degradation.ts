import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-ARC-007: Graceful degradation is implemented and shown. An attestation, since code cannot show it. */
export const GRACEFUL_DEGRADATION = attestationRule({
  id: 'SRE-ARC-007',
  title: 'Graceful degradation is implemented and shown',
  checklist: CHECKLIST.gracefulDegradation,
  item: 'graceful-degradation',
  within: Duration.days(365),
  evidence: 'how the service degrades when a dependency fails (a test, a chaos result, a design record)',
});
