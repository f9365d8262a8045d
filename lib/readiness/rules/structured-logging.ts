import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-OBS-002: Logs are structured (JSON with timestamp, level, service, trace_id, message). An attestation, since code cannot show it. */
export const STRUCTURED_LOGGING = attestationRule({
  id: 'SRE-OBS-002',
  title: 'Logs are structured (JSON with timestamp, level, service, trace_id, message)',
  checklist: CHECKLIST.structuredLogging,
  item: 'structured-logging',
  within: Duration.days(365),
  evidence: 'structured logging with the required fields',
});
