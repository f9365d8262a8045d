import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { alertSubject, isRunbookLink } from './support';

/** SRE-OPS-001: every alert that does not page links a runbook too. */
export const TICKET_RUNBOOKS: ReadinessRule = {
  id: 'SRE-OPS-001',
  title: 'Every alert that opens a ticket links a runbook too',
  checklist: CHECKLIST.runbooks,
  level: 'warning',
  description: 'Alerts that do not page (tickets, warnings) carry a runbook_url annotation with an absolute http(s) link as well: the common issues have their runbooks.',
  check: ({ model }) =>
    model.alerts
      .filter((a) => !a.paging && !isRunbookLink(a.annotations.runbook_url))
      .map(
        (a): ReadinessFinding => ({
          object: a.object,
          subject: alertSubject(a),
          problem: a.annotations.runbook_url === undefined ? 'it has no runbook_url annotation' : `its runbook_url (${JSON.stringify(a.annotations.runbook_url)}) is not an absolute http(s) link`,
          fix: 'Set runbookUrl on the alert to the page that says what to check and what to do.',
        }),
      ),
};
