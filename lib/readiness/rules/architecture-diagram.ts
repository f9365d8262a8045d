import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-ARC-001: The architecture diagram is up to date. An attestation, since code cannot show it. */
export const ARCHITECTURE_DIAGRAM = attestationRule({
  id: 'SRE-ARC-001',
  title: 'The architecture diagram is up to date',
  checklist: CHECKLIST.architectureDiagram,
  item: 'architecture-diagram',
  within: Duration.days(180),
  evidence: 'the current architecture diagram',
});
