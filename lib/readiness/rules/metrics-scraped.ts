import { scrapesOf } from '../model/workloads';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

/** SRE-OBS-001: every workload's metrics are scraped. */
export const METRICS_SCRAPED: ReadinessRule = {
  id: 'SRE-OBS-001',
  title: 'Every workload exposes metrics that Prometheus scrapes',
  checklist: CHECKLIST.metrics,
  level: 'error',
  description:
    'A PodMonitor selects the workload\'s pods, or a ServiceMonitor selects a Service of the tree whose selector picks them (in the namespaces the monitor looks in). ' +
    'Without it, the RED series and the SLIs built on them have no data.',
  check: ({ model }) =>
    model.workloads.workloads.flatMap((w): ReadinessFinding[] =>
      scrapesOf(w, model.workloads).length > 0
        ? []
        : [
            {
              object: w.ref,
              problem: 'no ServiceMonitor (through a Service of the tree) or PodMonitor scrapes its pods',
              fix: 'Expose it through a Service and add a ServiceMonitor for it (ServiceMonitoring with scrape does both the monitor and the RED rules), or a PodMonitor.',
            },
          ],
    ),
};
