import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-OPS-004: The incident response plan is documented. An attestation, since code cannot show it. */
export const INCIDENT_RESPONSE_PLAN = attestationRule({
  id: 'SRE-OPS-004',
  title: 'The incident response plan is documented',
  checklist: CHECKLIST.incidentResponsePlan,
  item: 'incident-response-plan',
  within: Duration.days(365),
  evidence: 'the incident response plan (severities, roles, communication, postmortems)',
});
