import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-REL-005: Timeouts are set on every outgoing call, within the caller's own. An attestation, since code cannot show it. */
export const TIMEOUTS = attestationRule({
  id: 'SRE-REL-005',
  title: 'Timeouts are set on every outgoing call, within the caller\'s own',
  checklist: CHECKLIST.timeouts,
  item: 'timeouts',
  within: Duration.days(365),
  evidence: 'the timeouts on outgoing calls',
});
