import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-QC-003: Incident response times are within the SLA. An attestation, since code cannot show it. */
export const RESPONSE_TIME = attestationRule({
  id: 'SRE-QC-003',
  title: 'Incident response times are within the SLA',
  checklist: CHECKLIST.responseTime,
  item: 'incident-response-times',
  within: Duration.days(92),
  evidence: 'the last quarter\'s incident response times against the SLA (5 minutes for SEV1, 15 for SEV2...)',
});
