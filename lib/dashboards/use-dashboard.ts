import { SpecPath } from '../common/errors';
import { isDnsLabel, requireDnsLabel } from '../common/names';
import type { LabelMatcher } from '../common/promql';
import { KubernetesMetrics as K } from '../monitoring/kubernetes-metrics';
import type { ResourceAlertsDefinition } from '../monitoring/resource-alerts';
import { DashboardDefinition, DashboardProps, defineDashboardSettings } from './dashboard';
import { dashboardUid } from './dashboard-uid';
import { DashboardCanvas, SelectorScope, clusterScope, datasourceVariable, labelValuesVariable } from './grafana';

/** A USE dashboard for the pods of one workload. */
export interface UseDashboardProps extends DashboardProps {
  /** Workload name (lowercase letters, digits and '-'); it names the dashboard and, by default, its pods. */
  readonly workload: string;
  /** Namespace of the pods (the `namespace` variable's default). */
  readonly namespace: string;
  /**
   * Regular expression (RE2, fully anchored) of the workload's pod names.
   * @default - "<workload>-.*", the pods of a Deployment or StatefulSet of that name
   */
  readonly pods?: string;
  /**
   * The resource alert pack, whose CPU-throttling threshold is drawn on the throttling panel.
   * @default - no threshold drawn
   */
  readonly resourceAlerts?: ResourceAlertsDefinition;
}

/** cAdvisor, kube-state-metrics and kubelet names the USE dashboard reads. */
const USE_SOURCE_METRICS: readonly string[] = [
  K.CPU_USAGE,
  K.CPU_PERIODS,
  K.CPU_THROTTLED_PERIODS,
  K.MEMORY_WORKING_SET,
  K.NETWORK_RECEIVE_BYTES,
  K.NETWORK_TRANSMIT_BYTES,
  K.NETWORK_RECEIVE_ERRORS,
  K.NETWORK_TRANSMIT_ERRORS,
  K.NETWORK_RECEIVE_DROPPED,
  K.NETWORK_TRANSMIT_DROPPED,
  K.FS_READ_BYTES,
  K.FS_WRITE_BYTES,
  K.RESOURCE_LIMITS,
  K.RESOURCE_REQUESTS,
  K.RESTARTS,
  K.LAST_TERMINATED_REASON,
  K.POD_INFO,
  K.POD_PVC_INFO,
  K.VOLUME_USED_BYTES,
  K.VOLUME_CAPACITY_BYTES,
];

/**
 * The USE method for a workload's pods: utilisation, saturation and errors of CPU (usage against limits,
 * CFS throttling), memory (working set against limits, OOM kills, restarts), network and disk, from
 * cAdvisor, kube-state-metrics and the kubelet. Variables choose the namespace and the pods.
 */
export class UseDashboardDefinition extends DashboardDefinition {
  /** The uid a USE dashboard of `workload` gets unless told otherwise. */
  public static uidFor(workload: string): string {
    return dashboardUid('use', workload);
  }

  /** Builds the dashboard. Throws a SpecError naming `path` at the first problem. */
  public static create(props: UseDashboardProps, path?: string): UseDashboardDefinition {
    const where = path ?? `${String(props?.workload ?? 'UseDashboard')}-use-dashboard`;
    const at = new SpecPath(where);
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not a USE dashboard spec', 'Give { workload, namespace, ... }.');
    }
    const workload = requireDnsLabel(at, 'workload', props.workload);
    if (!isDnsLabel(props.namespace)) {
      at.fail('namespace', props.namespace, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
    }
    const pods = props.pods ?? `${workload}-.*`;
    try {
      new RegExp(pods);
    } catch (e) {
      at.fail('pods', pods, `is not a regular expression (${(e as Error).message})`, 'Give a regular expression of pod names, e.g. "checkout-.*".');
    }
    if (typeof pods !== 'string' || pods === '' || new RegExp(`^(?:${pods})$`).test('')) {
      at.fail('pods', pods, 'matches the empty string', 'Give a regular expression that matches only this workload\'s pod names, e.g. "checkout-.*".');
    }
    const settings = defineDashboardSettings(at, props, { kind: 'use', name: workload, title: `${workload}: pod resources (USE)` });
    const cluster = clusterScope(settings, K.POD_INFO);
    const inNamespace = new SelectorScope([...cluster.matchers, { name: 'namespace', op: '=', value: '$namespace' }]);
    const podScope: LabelMatcher[] = [{ name: 'pod', op: '=~', value: '$pod' }];
    const container: LabelMatcher[] = [...podScope, { name: 'container', op: '!=', value: '' }, { name: 'container', op: '!=', value: 'POD' }];
    const pod = (metric: string, labels: Record<string, string> = {}) => inNamespace.select(metric, labels, podScope);
    const ctr = (metric: string, labels: Record<string, string> = {}) => inNamespace.select(metric, labels, container);
    const byContainer = 'sum by (pod, container)';
    const rate = (selector: string) => `rate(${selector}[$__rate_interval])`;
    const legend = '{{pod}} / {{container}}';

    const clusterFilter = cluster.matchers.map((m) => `${m.name}="${m.value}"`).join(', ');
    const namespaceQuery = `label_values(${K.POD_INFO}${clusterFilter ? `{${clusterFilter}}` : ''}, namespace)`;
    const podQuery = `label_values(${inNamespace.select(K.POD_INFO, {}, [{ name: 'pod', op: '=~', value: pods }])}, pod)`;
    const canvas = new DashboardCanvas({
      uid: settings.uid,
      title: settings.title,
      description: `The USE method (utilisation, saturation, errors) for the pods of ${workload}, from cAdvisor, kube-state-metrics and the kubelet.`,
      tags: settings.tags,
      from: 'now-6h',
      variables: [
        datasourceVariable(),
        ...cluster.variables,
        labelValuesVariable({ name: 'namespace', label: 'Namespace', query: namespaceQuery, current: props.namespace }),
        labelValuesVariable({ name: 'pod', label: 'Pod', query: podQuery, current: '$__all', multi: true, allValue: pods }),
      ],
    });
    const throttling = props.resourceAlerts?.cpuThrottling;

    canvas.row('CPU');
    canvas.timeseries({
      title: 'CPU usage',
      description: 'CPU time used per container, in cores.',
      queries: [{ expr: `${byContainer} (${rate(ctr(K.CPU_USAGE))})`, legend }],
      unit: 'none',
      decimals: 2,
      width: 8,
      min: 0,
    });
    canvas.timeseries({
      title: 'CPU usage against the limit',
      description: 'CPU used over the container\'s CPU limit. Near 100% the container is throttled; containers without a limit do not appear.',
      queries: [
        { expr: `${byContainer} (${rate(ctr(K.CPU_USAGE))})\n/\n${byContainer} (${pod(K.RESOURCE_LIMITS, { resource: 'cpu' })})`, legend: `${legend} of limit` },
        { expr: `${byContainer} (${rate(ctr(K.CPU_USAGE))})\n/\n${byContainer} (${pod(K.RESOURCE_REQUESTS, { resource: 'cpu' })})`, legend: `${legend} of request` },
      ],
      unit: 'percentunit',
      width: 8,
      min: 0,
      thresholds: [{ value: 1, color: 'red' }],
    });
    canvas.timeseries({
      title: 'CPU throttling',
      description: throttling
        ? `Share of CFS periods in which the container was throttled (saturation). ${throttling.alertName} fires above the dashed line for ${throttling.for.toPrometheus()}.`
        : 'Share of CFS periods in which the container was throttled (saturation).',
      queries: [{ expr: `${byContainer} (${rate(ctr(K.CPU_THROTTLED_PERIODS))})\n/\n${byContainer} (${rate(ctr(K.CPU_PERIODS))})`, legend }],
      unit: 'percentunit',
      width: 8,
      min: 0,
      thresholds: throttling ? [{ value: throttling.threshold, color: 'orange' }] : [],
    });

    canvas.row('Memory');
    canvas.timeseries({
      title: 'Memory working set',
      description: 'Working set per container: the memory the OOM killer counts.',
      queries: [{ expr: `${byContainer} (${ctr(K.MEMORY_WORKING_SET)})`, legend }],
      unit: 'bytes',
      width: 12,
      min: 0,
    });
    canvas.timeseries({
      title: 'Memory working set against the limit',
      description: 'Working set over the container\'s memory limit; at 100% the container is OOM-killed.',
      queries: [{ expr: `${byContainer} (${ctr(K.MEMORY_WORKING_SET)})\n/\n${byContainer} (${pod(K.RESOURCE_LIMITS, { resource: 'memory' })})`, legend }],
      unit: 'percentunit',
      width: 12,
      min: 0,
      thresholds: [{ value: 1, color: 'red' }],
    });
    canvas.timeseries({
      title: 'OOM kills',
      description: 'Restarts whose last termination was an OOM kill (kube-state-metrics).',
      queries: [
        {
          expr: `${byContainer} (\n  increase(${pod(K.RESTARTS)}[$__rate_interval]) > 0\n  and on (namespace, pod, container)\n  ${pod(K.LAST_TERMINATED_REASON, { reason: 'OOMKilled' })} == 1\n)`,
          legend,
        },
      ],
      unit: 'none',
      width: 12,
      min: 0,
    });
    canvas.timeseries({
      title: 'Restarts',
      description: 'Container restarts, whatever the reason.',
      queries: [{ expr: `${byContainer} (increase(${pod(K.RESTARTS)}[$__rate_interval]))`, legend }],
      unit: 'none',
      width: 12,
      min: 0,
    });

    canvas.row('Network');
    canvas.timeseries({
      title: 'Network traffic',
      description: 'Bytes received and sent per pod.',
      queries: [
        { expr: `sum by (pod) (${rate(pod(K.NETWORK_RECEIVE_BYTES))})`, legend: '{{pod}} received' },
        { expr: `sum by (pod) (${rate(pod(K.NETWORK_TRANSMIT_BYTES))})`, legend: '{{pod}} sent' },
      ],
      unit: 'Bps',
      width: 12,
      min: 0,
    });
    canvas.timeseries({
      title: 'Network errors and drops',
      description: 'Packets per second that failed or were dropped, per pod (errors of the USE method).',
      queries: [
        { expr: `sum by (pod) (${rate(pod(K.NETWORK_RECEIVE_ERRORS))})`, legend: '{{pod}} receive errors' },
        { expr: `sum by (pod) (${rate(pod(K.NETWORK_TRANSMIT_ERRORS))})`, legend: '{{pod}} transmit errors' },
        { expr: `sum by (pod) (${rate(pod(K.NETWORK_RECEIVE_DROPPED))})`, legend: '{{pod}} received dropped' },
        { expr: `sum by (pod) (${rate(pod(K.NETWORK_TRANSMIT_DROPPED))})`, legend: '{{pod}} sent dropped' },
      ],
      unit: 'pps',
      width: 12,
      min: 0,
    });

    canvas.row('Disk');
    canvas.timeseries({
      title: 'Disk I/O',
      description: 'Bytes read and written per container (where the container runtime reports them).',
      queries: [
        { expr: `${byContainer} (${rate(ctr(K.FS_READ_BYTES))})`, legend: `${legend} read` },
        { expr: `${byContainer} (${rate(ctr(K.FS_WRITE_BYTES))})`, legend: `${legend} written` },
      ],
      unit: 'Bps',
      width: 12,
      min: 0,
    });
    canvas.timeseries({
      title: 'Volume usage',
      description: 'Used share of each PersistentVolumeClaim the pods mount (kubelet volume stats).',
      queries: [
        {
          expr:
            `max by (persistentvolumeclaim) (\n  ${inNamespace.select(K.VOLUME_USED_BYTES)}\n  / ${inNamespace.select(K.VOLUME_CAPACITY_BYTES)}\n` +
            `  * on (namespace, persistentvolumeclaim) group_left ()\n  max by (namespace, persistentvolumeclaim) (${pod(K.POD_PVC_INFO)})\n)`,
          legend: '{{persistentvolumeclaim}}',
        },
      ],
      unit: 'percentunit',
      width: 12,
      min: 0,
      thresholds: [{ value: 0.9, color: 'orange' }],
    });

    return new UseDashboardDefinition({
      kind: 'use',
      settings,
      model: canvas.build(),
      queries: canvas.queries(),
      sourceMetrics: USE_SOURCE_METRICS,
      path: where,
    });
  }
}
