import { DashboardDefinition, DashboardProps, defineDashboardSettings } from '../dashboards/dashboard';
import { dashboardUid } from '../dashboards/dashboard-uid';
import { DashboardCanvas, datasourceVariable } from '../dashboards/grafana';
import { SpecPath } from '../common/errors';
import { CapacityMetrics as M } from './capacity-metrics';
import type { CapacityPlanDefinition } from './capacity-plan';
import type { CapacityResourceDefinition } from './capacity-resource';

/**
 * The capacity dashboard of a plan: per resource, utilisation against capacity minus the margin with its
 * trend and where the trend leads, usage against capacity in the resource's unit, and the runway left at
 * the trend. It reads only the plan's recorded series ({@link CapacityMetrics}).
 */
export class CapacityDashboardDefinition extends DashboardDefinition {
  /** The uid the capacity dashboard of `service` gets unless told otherwise. */
  public static uidFor(service: string): string {
    return dashboardUid('capacity', service);
  }

  /** Builds the dashboard of a plan. Throws a SpecError naming `path` at the first problem. */
  public static create(plan: CapacityPlanDefinition, props: DashboardProps = {}, path?: string): CapacityDashboardDefinition {
    const where = path ?? `${plan.service}-capacity-dashboard`;
    const at = new SpecPath(where);
    const settings = defineDashboardSettings(at, props, { kind: 'capacity', name: plan.service, title: `${plan.service}: capacity` });
    const canvas = new DashboardCanvas({
      uid: settings.uid,
      title: settings.title,
      description: `Capacity of ${plan.service}: each resource's utilisation against its capacity minus the safety margin, its trend, and the runway left at that trend.`,
      tags: settings.tags,
      from: 'now-30d',
      variables: [datasourceVariable()],
    });
    for (const r of plan.resources) resourcePanels(canvas, plan, r);
    return new CapacityDashboardDefinition({ kind: 'capacity', settings, model: canvas.build(), queries: canvas.queries(), sourceMetrics: [], path: where });
  }
}

function resourcePanels(canvas: DashboardCanvas, plan: CapacityPlanDefinition, r: CapacityResourceDefinition): void {
  const utilisation = plan.selector(M.UTILISATION, r);
  const window = r.trendWindow.toPrometheus();
  const m = r.headroom.multiplier;
  const series = r.by.filter((l) => !(l === 'namespace' && (r.kind === 'cpu' || r.kind === 'memory')));
  const legend = (text: string) => (series.length > 0 ? `${series.map((l) => `{{${l}}}`).join(' ')} ${text}` : text);
  const times = m === 1 ? '' : ` * ${m}`;

  canvas.row(`${r.name}: ${r.description}`);
  canvas.timeseries({
    title: `${r.name}: utilisation against capacity minus margin`,
    description:
      `Usage over capacity. The orange line is capacity minus the ${r.headroom} margin (${percent(r.headroom.usableShare)} of capacity: demand × ${m} must fit); ` +
      `the trend is a straight line fitted on the last ${r.trendWindow.toHumanString()}, and "in ${r.runway.toHumanString()}" is where it leads, margin included (what the runway alert compares with 100%).`,
    queries: [
      { expr: utilisation, legend: legend('utilisation') },
      { expr: `predict_linear(${utilisation}[${window}], 0)`, legend: legend(`trend of the last ${r.trendWindow.toHumanString()}`) },
      { expr: `predict_linear(${utilisation}[${window}], ${r.runway.toSeconds()})${times}`, legend: legend(`trend in ${r.runway.toHumanString()}, margin included`) },
    ],
    unit: 'percentunit',
    width: 12,
    min: 0,
    thresholds: [
      { value: r.headroom.usableShare, color: 'orange' },
      { value: 1, color: 'red' },
    ],
  });
  canvas.timeseries({
    title: `${r.name}: usage and capacity`,
    description: `What ${r.name} uses, what it can hold, and what it may use with the ${r.headroom} margin kept (capacity ÷ ${m}).`,
    queries: [
      { expr: plan.selector(M.USAGE, r), legend: legend('usage') },
      { expr: plan.selector(M.TOTAL, r), legend: legend('capacity') },
      { expr: m === 1 ? plan.selector(M.TOTAL, r) : `${plan.selector(M.TOTAL, r)} / ${m}`, legend: legend('capacity minus margin') },
    ],
    unit: r.unit,
    width: 8,
    min: 0,
  });
  canvas.stat({
    title: `${r.name}: runway at the trend`,
    description:
      `Days until utilisation reaches capacity minus the margin if the trend of the last ${r.trendWindow.toHumanString()} goes on. ` +
      `Empty when the trend is flat or falling; 0 when the margin is already used. Red below the ${r.runway.toHumanString()} the runway alert looks ahead.`,
    queries: [{ expr: `clamp_min((${r.headroom.usableShare} - ${utilisation}) / (deriv(${utilisation}[${window}]) > 0) / 86400, 0)`, legend: legend('days') }],
    unit: 'd',
    decimals: 0,
    width: 4,
    height: 8,
    baseColor: 'red',
    thresholds: [{ value: r.runway.toDays(), color: 'green' }],
  });
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`;
}
