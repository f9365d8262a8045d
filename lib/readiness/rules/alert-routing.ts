import { deliveries } from '../model/routing';
import { describeObject } from '../model/objects';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { alertSubject } from './support';

/** SRE-OPS-002: every alert reaches a receiver that notifies someone. */
export const ALERT_ROUTING: ReadinessRule = {
  id: 'SRE-OPS-002',
  title: 'Every alert reaches a receiver that notifies someone',
  checklist: CHECKLIST.onCall,
  level: 'error',
  description:
    'The routing trees of the tree (plain Alertmanager configurations, an alertmanager.yaml in a ConfigMap or Secret, AlertmanagerConfig objects) are walked the way Alertmanager does, ' +
    'with the labels each alert is known to carry (its own, and those of the recorded series it returns). Every alert ends at a receiver with at least one integration. ' +
    'An AlertmanagerConfig only receives alerts whose namespace label is its own namespace, unless an Alertmanager of the tree sets alertmanagerConfigMatcherStrategy.',
  check: ({ model }): ReadinessFinding[] => {
    if (model.alerts.length === 0) return [];
    if (model.routing.length === 0) {
      return [
        {
          problem: 'the tree has alerts but no Alertmanager routing (no AlertmanagerConfig, no alertmanager.yaml), so nothing shows that they reach anyone',
          fix: 'Add the routing to the tree (an AlertmanagerConfig or an Alertmanager configuration), or acknowledge where it is reviewed.',
        },
      ];
    }
    const problems: ReadinessFinding[] = model.routing.flatMap((t) =>
      t.problems.map((p) => ({ object: t.ref, problem: p, fix: 'Fix the routing tree so Alertmanager can load it.' })),
    );
    for (const a of model.alerts) {
      const found = deliveries(a.knownLabels, model.routing);
      if (found.some((d) => d.exists && d.integrations.length > 0)) continue;
      const excluded = model.routing.filter((t) => t.namespaceMatcher !== undefined && (a.knownLabels.namespace ?? '') !== t.namespaceMatcher);
      const why = found.length > 0
        ? found
            .map((d) =>
              d.receiver === undefined
                ? `${describeObject(d.tree.ref)} routes it to no receiver`
                : !d.exists
                  ? `${describeObject(d.tree.ref)} routes it to receiver ${d.receiver}, which it does not define`
                  : `${describeObject(d.tree.ref)} routes it to receiver ${d.receiver}, which notifies nobody`,
            )
            .join('; ')
        : 'no routing tree of the tree takes it';
      const note = excluded.length > 0
        ? `; ${excluded.map((t) => `${describeObject(t.ref)} only takes alerts labelled namespace="${t.namespaceMatcher}"`).join(', ')} and this alert is ${a.knownLabels.namespace ? `labelled namespace="${a.knownLabels.namespace}"` : 'not known to carry a namespace label'}`
        : '';
      problems.push({
        object: a.object,
        subject: alertSubject(a),
        problem: `${a.paging ? 'it pages, but ' : ''}its notifications reach nobody: ${why}${note}`,
        fix: 'Route it to a receiver with an integration (PagerDuty, Opsgenie, Slack, email, webhook), or acknowledge where its routing is reviewed.',
      });
    }
    return problems;
  },
};
