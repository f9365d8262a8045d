import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-ARC-002: Dependencies are documented. An attestation, since code cannot show it. */
export const DEPENDENCIES_DOCUMENTED = attestationRule({
  id: 'SRE-ARC-002',
  title: 'Dependencies are documented',
  checklist: CHECKLIST.dependencies,
  item: 'dependencies',
  within: Duration.days(180),
  evidence: 'the documented list of dependencies (what it calls, what calls it, what happens when each is down)',
});
