import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-SEC-004: Audit logging is enabled. An attestation, since code cannot show it. */
export const AUDIT_LOGGING = attestationRule({
  id: 'SRE-SEC-004',
  title: 'Audit logging is enabled',
  checklist: CHECKLIST.auditLogging,
  item: 'audit-logging',
  within: Duration.days(365),
  evidence: 'audit logging of who changed and read what',
});
