import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { alertSubject, isRunbookLink } from './support';

/** SRE-OBS-006: every paging alert links its runbook. */
export const PAGING_RUNBOOKS: ReadinessRule = {
  id: 'SRE-OBS-006',
  title: 'Every paging alert links its runbook',
  checklist: CHECKLIST.alertsWithRunbooks,
  level: 'error',
  description:
    'An alert that wakes a person (sev SEV1 or SEV2, or without sev, severity critical) carries a runbook_url annotation with an absolute http(s) link, ' +
    'so whoever is paged at 3 a.m. knows what to do first.',
  check: ({ model }) =>
    model.alerts
      .filter((a) => a.paging && !isRunbookLink(a.annotations.runbook_url))
      .map(
        (a): ReadinessFinding => ({
          object: a.object,
          subject: alertSubject(a),
          problem: a.annotations.runbook_url === undefined ? 'it pages and has no runbook_url annotation' : `it pages and its runbook_url (${JSON.stringify(a.annotations.runbook_url)}) is not an absolute http(s) link`,
          fix: 'Set runbookUrl on the alert (or on its SloService alerting) to the page that says what to check and what to do.',
        }),
      ),
};
