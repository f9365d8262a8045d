import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import { attestationRule } from './support';

/** SRE-REL-003: Circuit breakers guard calls to dependencies. An attestation, since code cannot show it. */
export const CIRCUIT_BREAKERS = attestationRule({
  id: 'SRE-REL-003',
  title: 'Circuit breakers guard calls to dependencies',
  checklist: CHECKLIST.circuitBreakers,
  item: 'circuit-breakers',
  within: Duration.days(365),
  evidence: 'the circuit breakers on calls to dependencies',
});
