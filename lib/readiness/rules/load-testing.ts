import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-CAP-001: Load testing is completed. An attestation, since code cannot show it. */
export const LOAD_TESTING = attestationRule({
  id: 'SRE-CAP-001',
  title: 'Load testing is completed',
  checklist: CHECKLIST.loadTesting,
  item: 'load-testing',
  within: Duration.days(180),
  evidence: 'the load-test report (peak load, the limit found, the bottleneck)',
});
