import type { Construct } from 'constructs';
import { AlertSource, emittedAlerts } from '../incidents/emitted-alerts';
import { runbookCoverageProblems } from '../incidents/runbooks';
import { runbookPagesIn } from './runbooks';

/**
 * Adds the synth-time runbook check to an alert source: each paging alert has a runbook (or an acknowledged
 * reason not to), and each link built from a runbook base URL points to a page a `Runbooks` in the app renders.
 */
export function checkRunbooksAtSynth(construct: Construct, source: AlertSource): void {
  construct.node.addValidation({
    validate: () => runbookCoverageProblems(emittedAlerts(source), runbookPagesIn(construct)),
  });
}
