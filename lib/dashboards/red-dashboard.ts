import { SpecPath } from '../common/errors';
import { RedMetrics } from '../monitoring/red-metrics';
import type { ServiceMonitoringDefinition } from '../monitoring/service-monitoring';
import { tidy } from '../slo/objective';
import { DashboardDefinition, DashboardProps, defineDashboardSettings } from './dashboard';
import { dashboardUid } from './dashboard-uid';
import { DashboardCanvas, SelectorScope, clusterScope, datasourceVariable } from './grafana';

/** A RED dashboard for a workload monitored by a ServiceMonitoring. */
export type RedDashboardProps = DashboardProps;

/**
 * The RED dashboard of a workload: request rate, errors (rate and ratio, with the HighErrorRate threshold),
 * duration quantiles (with the latency alert's threshold) and the state of those alerts.
 *
 * It reads the series its ServiceMonitoring records (`RedMetrics`), the very ones the alerts read.
 */
export class RedDashboardDefinition extends DashboardDefinition {
  /** The uid a RED dashboard of `service` gets unless told otherwise. */
  public static uidFor(service: string): string {
    return dashboardUid('red', service);
  }

  /** Builds the dashboard. Throws a SpecError naming `path` at the first problem. */
  public static create(monitoring: ServiceMonitoringDefinition, props: RedDashboardProps = {}, path?: string): RedDashboardDefinition {
    const where = path ?? `${monitoring.path}-red-dashboard`;
    const at = new SpecPath(where);
    const service = monitoring.service;
    const settings = defineDashboardSettings(at, props, { kind: 'red', name: service, title: `${service}: rate, errors, duration` });
    const cluster = clusterScope(settings, RedMetrics.REQUESTS);
    const scope = new SelectorScope(cluster.matchers);
    const sel = (metric: string) => scope.select(metric, monitoring.selector);
    const quantile = (q: number) => scope.select(RedMetrics.DURATION_QUANTILE, { ...monitoring.selector, quantile: String(q) });
    const p = (q: number) => `p${tidy(q * 100)}`;
    const errorAlert = monitoring.errorRateAlert;
    const latencyAlert = monitoring.latencyAlert;
    const canvas = new DashboardCanvas({
      uid: settings.uid,
      title: settings.title,
      description: `The RED method for ${service}: rate, errors and duration of its requests, from the series its ServiceMonitoring records.`,
      tags: settings.tags,
      from: 'now-6h',
      variables: [datasourceVariable(), ...cluster.variables],
    });

    canvas.row('Now');
    canvas.stat({
      title: 'Requests per second',
      description: 'All requests per second over the last 5 minutes.',
      queries: [{ expr: sel(RedMetrics.REQUESTS), legend: 'requests' }],
      unit: 'reqps',
      decimals: 1,
      width: 8,
      baseColor: 'blue',
    });
    canvas.stat({
      title: 'Error ratio',
      description: `Share of requests whose status matches ${JSON.stringify(monitoring.errorStatus)} over the last 5 minutes.`,
      queries: [{ expr: sel(RedMetrics.ERROR_RATIO), legend: 'errors' }],
      unit: 'percentunit',
      decimals: 2,
      width: 8,
      baseColor: 'green',
      thresholds: errorAlert ? [{ value: errorAlert.threshold, color: 'red' }] : [],
    });
    const watched = latencyAlert?.quantile ?? monitoring.quantiles[monitoring.quantiles.length - 1];
    canvas.stat({
      title: `${p(watched)} latency`,
      description: `The ${p(watched)} request duration over the last 5 minutes.`,
      queries: [{ expr: quantile(watched), legend: p(watched) }],
      unit: 's',
      decimals: 3,
      width: 8,
      baseColor: 'green',
      thresholds: latencyAlert ? [{ value: tidy(latencyAlert.threshold.toSeconds()), color: 'red' }] : [],
    });

    canvas.row('Rate and errors');
    canvas.timeseries({
      title: 'Requests per second',
      description: 'All requests and failed requests per second, over 5-minute windows.',
      queries: [
        { expr: sel(RedMetrics.REQUESTS), legend: 'all' },
        { expr: sel(RedMetrics.ERRORS), legend: 'failed' },
      ],
      unit: 'reqps',
      width: 12,
      min: 0,
    });
    canvas.timeseries({
      title: 'Error ratio',
      description: errorAlert
        ? `Failed requests over all requests. ${errorAlert.alertName} fires above the dashed line (${tidy(errorAlert.threshold * 100)}%) for ${errorAlert.for.toPrometheus()}, with at least ${errorAlert.minFailedRequests} failed requests in 5 minutes.`
        : 'Failed requests over all requests.',
      queries: [{ expr: sel(RedMetrics.ERROR_RATIO), legend: 'error ratio' }],
      unit: 'percentunit',
      decimals: 2,
      width: 12,
      min: 0,
      thresholds: errorAlert ? [{ value: errorAlert.threshold, color: 'red' }] : [],
    });

    canvas.row('Duration');
    canvas.timeseries({
      title: 'Latency quantiles',
      description: latencyAlert
        ? `Request duration quantiles from the histogram. ${latencyAlert.alertName} fires when the ${p(latencyAlert.quantile)} is above the dashed line for ${latencyAlert.for.toPrometheus()}.`
        : 'Request duration quantiles from the histogram.',
      queries: monitoring.quantiles.map((q) => ({ expr: quantile(q), legend: p(q) })),
      unit: 's',
      width: 24,
      min: 0,
      thresholds: latencyAlert ? [{ value: tidy(latencyAlert.threshold.toSeconds()), color: 'red' }] : [],
    });

    const alertNames = monitoring.alertNames;
    if (alertNames.length > 0) {
      canvas.row('Alerts');
      canvas.stateTimeline({
        title: 'Alert state',
        description: `${alertNames.join(' and ')} for ${service}: OK, or firing.`,
        queries: alertNames.map((name) => ({
          expr: `max(${scope.select('ALERTS', monitoring.selector, [
            { name: 'alertname', op: '=', value: name },
            { name: 'alertstate', op: '=', value: 'firing' },
          ])}) or vector(0)`,
          legend: name,
        })),
        unit: 'none',
        width: 24,
        height: 5,
        states: [
          { value: 0, text: 'OK', color: 'green' },
          { value: 1, text: 'Firing', color: 'red' },
        ],
      });
    }

    return new RedDashboardDefinition({
      kind: 'red',
      settings,
      model: canvas.build(),
      queries: canvas.queries(),
      // Only recorded series and ALERTS: the raw counter and histogram are read by the recording rules alone.
      sourceMetrics: [],
      path: where,
    });
  }
}
